/** Print a block of text to stdout with exactly one trailing newline; returns exit code 0. */
export function print(text: string): number {
  process.stdout.write(text.endsWith("\n") ? text : `${text}\n`);
  return 0;
}
