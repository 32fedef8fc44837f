/**
 * The one error type commands throw for anything the user can fix (bad arguments,
 * unreadable input, unwritable output). `main` prints its message as one line on
 * stderr and exits with `exitCode` (2): never a stack trace.
 */
export class CliError extends Error {
  override name = "CliError";
  readonly exitCode: number;

  constructor(message: string, exitCode = 2) {
    super(message);
    this.exitCode = exitCode;
  }
}

/** Bad command line: the message ends with a pointer to the command's help. */
export class UsageError extends CliError {
  override name = "UsageError";

  constructor(message: string, command?: string) {
    super(`${message} (see: memscope${command ? ` ${command}` : ""} --help)`);
  }
}

/** Collapse any message to a single line so an error never spills over stderr. */
export function oneLine(message: string): string {
  return message.replace(/\s*\n\s*/g, " ").trim();
}
