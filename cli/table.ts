/**
 * Plain-text and Markdown tables. Pure: rows in, string out. Columns marked
 * `align: "right"` (numbers) are right-aligned in text and in Markdown.
 */
export interface Column {
  header: string;
  align?: "left" | "right";
}

/** Control characters from user code (names, type text, paths) must not drive the terminal. */
export function printable(text: string): string {
  return text.replace(/[\u0000-\u001f\u007f-\u009f]/g, "?");
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

/** Escape what would break a Markdown table cell or inject markup into a CI comment. */
export function markdownCell(text: string): string {
  return text
    .replace(/\\/g, "\\\\")
    .replace(/\|/g, "\\|")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/`/g, "\\`")
    .replace(/[\u0000-\u001f\u007f-\u009f]/g, " ");
}

export function markdownTable(columns: Column[], rows: string[][]): string {
  const head = `| ${columns.map((c) => markdownCell(c.header)).join(" | ")} |`;
  const rule = `|${columns.map((c) => (c.align === "right" ? " ---: " : " --- ")).join("|")}|`;
  const body = rows.map((row) => `| ${columns.map((_, i) => markdownCell(row[i] ?? "")).join(" | ")} |`);
  return [head, rule, ...body].join("\n");
}

/** Two aligned columns: `label  value`. */
export function keyValueLines(pairs: Array<[string, string]>, indent = "  "): string {
  const width = Math.max(0, ...pairs.map(([key]) => key.length));
  return pairs.map(([key, value]) => `${indent}${key.padEnd(width)}  ${value}`).join("\n");
}
