/**
 * Plain-text and Markdown tables: rows in, string out (text tables fit the CLI's output
 * width, cli/width.ts). Columns marked
 * `align: "right"` (numbers) are right-aligned in text and in Markdown.
 */
import { currentOutputWidth } from "./width.js";

export interface Column {
  header: string;
  align?: "left" | "right";
  /** Text: when the table is too wide, this column's cells wrap onto more lines instead of being shortened. */
  wrap?: boolean;
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

/** Narrowest a shortened text column gets. */
const MIN_TEXT_COLUMN = 12;
/** Narrowest a wrapped column gets before it moves under its row. */
const MIN_WRAP_COLUMN = 30;

/**
 * A plain-text table no wider than `maxWidth` (the CLI's output width by default):
 * past it, the text columns (not the right-aligned numbers) give up width, widest first,
 * down to MIN_TEXT_COLUMN characters — a `wrap` column by wrapping its cells, the others
 * by shortening them with "…".
 */
export function textTable(columns: Column[], rawRows: string[][], indent = "", maxWidth = currentOutputWidth()): string {
  const rows = rawRows.map((row) => row.map(printable));
  const widths = columns.map((column, i) =>
    Math.max(column.header.length, ...rows.map((row) => (row[i] ?? "").length)),
  );
  const gaps = (count: number): number => 2 * Math.max(0, count - 1);
  shrinkToFit(columns, widths, maxWidth - indent.length - gaps(columns.length));
  // A wrap column squeezed below MIN_WRAP_COLUMN reads better as a paragraph under its row.
  const below = columns.findIndex((c, i) => c.wrap === true && widths[i]! < Math.min(MIN_WRAP_COLUMN, Math.max(...rows.map((r) => (r[i] ?? "").length))));
  if (below >= 0) {
    const kept = columns.filter((_, i) => i !== below);
    const keptWidths = widths.filter((_, i) => i !== below);
    for (let i = 0; i < kept.length; i++) keptWidths[i] = Math.max(...[kept[i]!.header, ...rows.map((r) => r[columns.indexOf(kept[i]!)] ?? "")].map((t) => t.length));
    shrinkToFit(kept, keptWidths, maxWidth - indent.length - gaps(kept.length));
    const paragraphIndent = `${indent}    `;
    const paragraphWidth = Math.max(MIN_TEXT_COLUMN, maxWidth - paragraphIndent.length);
    const table = layoutRows(kept, keptWidths, rows.map((r) => r.filter((_, i) => i !== below)), indent);
    const head = table.slice(0, 2);
    const bodyRows = table.slice(2);
    return [
      ...head,
      ...bodyRows.flatMap((lines, r) => [...lines, ...wrapWords(rows[r]![below] ?? "", paragraphWidth).map((l) => paragraphIndent + l)]),
    ].join("\n");
  }
  return layoutRows(columns, widths, rows, indent).flat().join("\n");
}

/** Header line, rule line, then each row's lines (several when a `wrap` cell wraps). */
function layoutRows(columns: readonly Column[], widths: readonly number[], rows: readonly string[][], indent: string): string[][] {
  const cellLines = (text: string, i: number): string[] => {
    const width = widths[i] ?? 0;
    if (text.length <= width) return [text];
    if (!columns[i]?.wrap) return [`${text.slice(0, Math.max(1, width - 1))}…`];
    return wrapWords(text, width);
  };
  const line = (cells: string[]): string =>
    indent +
    cells
      .map((cell, i) => {
        const width = widths[i] ?? 0;
        return columns[i]?.align === "right" ? cell.padStart(width) : cell.padEnd(width);
      })
      .join("  ")
      .trimEnd();
  const rowLines = (row: readonly string[]): string[] => {
    const parts = columns.map((_, i) => cellLines(row[i] ?? "", i));
    const height = Math.max(...parts.map((p) => p.length));
    return Array.from({ length: height }, (_, k) => line(parts.map((p) => p[k] ?? "")));
  };
  return [[line(columns.map((c, i) => cellLines(c.header, i)[0]!))], [line(widths.map((w) => "-".repeat(w)))], ...rows.map(rowLines)];
}

/** Narrows the text columns (widest first) until their sum fits `room`. */
function shrinkToFit(columns: readonly Column[], widths: number[], room: number): void {
  const total = (): number => widths.reduce((sum, w) => sum + w, 0);
  while (total() > room) {
    let widest = -1;
    for (let i = 0; i < columns.length; i++) {
      if (columns[i]!.align === "right" || widths[i]! <= MIN_TEXT_COLUMN) continue;
      if (widest < 0 || widths[i]! > widths[widest]!) widest = i;
    }
    if (widest < 0) return;
    widths[widest] = Math.max(MIN_TEXT_COLUMN, widths[widest]! - Math.max(1, total() - room));
  }
}

/** Words of `text` on lines of at most `width` characters (a longer word is cut). */
function wrapWords(text: string, width: number): string[] {
  const lines: string[] = [];
  let current = "";
  for (let word of text.split(" ")) {
    while (word.length > width) {
      if (current) lines.push(current);
      current = "";
      lines.push(word.slice(0, width));
      word = word.slice(width);
    }
    if (!current) current = word;
    else if (current.length + 1 + word.length <= width) current += ` ${word}`;
    else {
      lines.push(current);
      current = word;
    }
  }
  if (current || lines.length === 0) lines.push(current);
  return lines;
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
