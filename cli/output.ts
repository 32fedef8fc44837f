import { printable, printableLines } from "./table.js";
import { currentOutputWidth, fitLines } from "./width.js";

/**
 * Everything the CLI prints goes through here: a snapshot is input like any other, and
 * its strings (names, type text, paths, the header's name, node version and timestamp)
 * must not drive the terminal. Control and bidi characters are shown as "?".
 */

/**
 * Print a block of text to stdout with exactly one trailing newline, no line wider than
 * the terminal (cli/width.ts; `fit: false` for Markdown, whose lines must stay whole);
 * returns exit code 0.
 */
export function print(text: string, fit = true): number {
  const safe = fit ? fitLines(printableLines(text), currentOutputWidth()) : printableLines(text);
  process.stdout.write(safe.endsWith("\n") ? safe : `${safe}\n`);
  return 0;
}

/** One "memscope: ..." line on stderr. */
export function printError(line: string): void {
  process.stderr.write(`memscope: ${printable(line)}\n`);
}
