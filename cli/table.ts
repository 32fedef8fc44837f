/**
 * Plain-text and Markdown tables. Pure: rows in, string out. Columns marked
 * `align: "right"` (numbers) are right-aligned in text and in Markdown.
 */
export interface Column {
  header: string;
  align?: "left" | "right";
  /** Markdown: the column holds user text (names, types, sites), written as code spans. */
  code?: boolean;
}

/**
 * Characters that must never reach a terminal or a comment from a snapshot: C0/C1
 * control characters (escape sequences set the title, clear the screen, move the
 * cursor), DEL, bidirectional overrides and isolates (they reorder what is shown, "Trojan
 * Source"), and the Unicode line and paragraph separators.
 */
// eslint-disable-next-line no-control-regex
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;
// eslint-disable-next-line no-control-regex
const UNSAFE_BUT_NEWLINE = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

/** One string from user code (a name, type text, path) made harmless for a terminal. */
export function printable(text: string): string {
  return text.replace(UNSAFE, "?");
}

/** A whole block of output: as printable, keeping its line breaks. */
export function printableLines(text: string): string {
  return text.replace(UNSAFE_BUT_NEWLINE, "?");
}

export function textTable(columns: Column[], rawRows: string[][], indent = ""): string {
  const rows = rawRows.map((row) => row.map(printable));
  const widths = columns.map((column, i) =>
    Math.max(column.header.length, ...rows.map((row) => (row[i] ?? "").length)),
  );
  const line = (cells: string[]): string =>
    indent +
    cells
      .map((cell, i) => {
        const width = widths[i] ?? 0;
        return columns[i]?.align === "right" ? cell.padStart(width) : cell.padEnd(width);
      })
      .join("  ")
      .trimEnd();
  return [
    line(columns.map((c) => c.header)),
    line(widths.map((w) => "-".repeat(w))),
    ...rows.map((row) => line(columns.map((_, i) => row[i] ?? ""))),
  ].join("\n");
}

/**
 * Escape what would break a Markdown table cell or inject markup into a CI comment:
 * every ASCII punctuation character Markdown gives a meaning (links, images, emphasis,
 * code, HTML) is backslash-escaped or written as an entity, "@" and "www." are broken
 * with a zero-width space (GitHub links mentions and bare domains after Markdown is
 * parsed, so escapes do not stop it), control and bidi characters become spaces.
 */
export function markdownCell(text: string): string {
  return breakLinkers(
    text
      .replace(UNSAFE, " ")
      .replace(/[\\`*_{}[\]()#+!|~]/g, (c) => `\\${c}`)
      .replace(/&/g, "&amp;")
      .replace(/</g, "&lt;")
      .replace(/>/g, "&gt;"),
  );
}

/** Mentions (@user, @org/team), bare domains (www.x) and URLs (scheme://) stop being links. */
function breakLinkers(text: string): string {
  return text.replace(/@/g, "@\u200b").replace(/(w)(ww\.)/gi, "$1\u200b$2").replace(/:\/\//g, ":\u200b//");
}

/**
 * User text as a Markdown code span: nothing inside is a link, image, mention or
 * markup, and it reads as code. `inTable`: a pipe is escaped (the table's own syntax).
 */
export function markdownCode(text: string, inTable = true): string {
  let clean = text.replace(UNSAFE, " ");
  if (inTable) clean = clean.replace(/\|/g, "\\|");
  if (clean.trim() === "") return "";
  const longestRun = Math.max(0, ...(clean.match(/`+/g) ?? []).map((run) => run.length));
  const fence = "`".repeat(longestRun + 1);
  const pad = clean.startsWith("`") || clean.endsWith("`") || (clean.startsWith(" ") && clean.endsWith(" ")) ? " " : "";
  return `${fence}${pad}${clean}${pad}${fence}`;
}

export function markdownTable(columns: Column[], rows: string[][]): string {
  const head = `| ${columns.map((c) => markdownCell(c.header)).join(" | ")} |`;
  const rule = `|${columns.map((c) => (c.align === "right" ? " ---: " : " --- ")).join("|")}|`;
  const cell = (column: Column | undefined, text: string): string => (column?.code ? markdownCode(text) : markdownCell(text));
  const body = rows.map((row) => `| ${columns.map((column, i) => cell(column, row[i] ?? "")).join(" | ")} |`);
  return [head, rule, ...body].join("\n");
}

/** Two aligned columns: `label  value`. */
export function keyValueLines(pairs: Array<[string, string]>, indent = "  "): string {
  const width = Math.max(0, ...pairs.map(([key]) => key.length));
  return pairs.map(([key, value]) => `${indent}${key.padEnd(width)}  ${value}`).join("\n");
}
