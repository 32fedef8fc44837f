import { printable, printableLines } from "./table.js";

/**
 * Everything the CLI prints goes through here: a snapshot is input like any other, and
 * its strings (names, type text, paths, the header's name, node version and timestamp)
 * must not drive the terminal. Control and bidi characters are shown as "?".
 */

/** Print a block of text to stdout with exactly one trailing newline; returns exit code 0. */
export function print(text: string): number {
  const safe = printableLines(text);
  process.stdout.write(safe.endsWith("\n") ? safe : `${safe}\n`);
  return 0;
}

/** One "memscope: ..." line on stderr. */
export function printError(line: string): void {
  process.stderr.write(`memscope: ${printable(line)}\n`);
}
