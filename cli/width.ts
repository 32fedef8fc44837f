/**
 * How wide the CLI's lines may be: the terminal's width when standard output is a
 * terminal (`process.stdout.columns`, 80 if the terminal does not say), else `COLUMNS`
 * when it is a positive number (`COLUMNS=100 memscope summary … | less`), else no
 * limit: output piped to a file, a script or a CI log keeps each row on one line,
 * so that grep and parsers see whole rows.
 * Tables fit themselves (cli/table.ts shortens their text columns and wraps the one
 * marked `wrap`); print() wraps whatever line is still longer.
 */
/** A terminal that does not report its width. */
export const DEFAULT_WIDTH = 80;
/** Narrowest width honoured: below it lines would be nothing but ellipses. */
export const MIN_WIDTH = 40;

let outputWidth = Number.POSITIVE_INFINITY;

/** The width every table and print() fits to: set once by the CLI's entry point (unlimited until then, e.g. in tests). */
export function currentOutputWidth(): number {
  return outputWidth;
}

export function setOutputWidth(width: number): void {
  outputWidth = width > 0 ? width : Number.POSITIVE_INFINITY;
}

export function terminalWidth(stdout: { isTTY?: boolean; columns?: number } = process.stdout, env: NodeJS.ProcessEnv = process.env): number {
  const fromEnv = Number(env["COLUMNS"]);
  let width: number;
  if (stdout.isTTY) width = stdout.columns !== undefined && stdout.columns > 0 ? stdout.columns : DEFAULT_WIDTH;
  else if (Number.isInteger(fromEnv) && fromEnv > 0) width = fromEnv;
  else return Number.POSITIVE_INFINITY;
  return Math.max(MIN_WIDTH, width);
}

/**
 * Lines longer than `width` wrapped at spaces (a word longer than the line is cut),
 * each continuation indented like its line plus two spaces.
 */
export function fitLines(text: string, width: number): string {
  return text
    .split("\n")
    .map((line) => (line.length <= width ? line : wrapLine(line, width)))
    .join("\n");
}

function wrapLine(line: string, width: number): string {
  const indent = " ".repeat(Math.min(/^ */.exec(line)![0].length + 2, Math.floor(width / 2)));
  const out: string[] = [];
  let rest = line;
  let prefix = "";
  while (prefix.length + rest.length > width) {
    const room = width - prefix.length;
    let cut = rest.lastIndexOf(" ", room);
    if (cut <= 0) cut = room;
    out.push((prefix + rest.slice(0, cut)).trimEnd());
    rest = rest.slice(cut).trimStart();
    prefix = indent;
  }
  if (rest.length > 0) out.push(prefix + rest);
  return out.join("\n");
}
