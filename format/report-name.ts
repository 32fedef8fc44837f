/**
 * The report base name: one plain file name inside the output directory, whatever
 * MEMSCOPE_NAME or `--name` says (`/../../x` must not write outside MEMSCOPE_OUT). Path
 * separators, characters Windows forbids and control characters become `_`, leading
 * dots too (no hidden reports), at most 120 characters; empty means "memscope". The
 * runtime names its raw file and the reports are named with it. Pure.
 */
export function safeReportName(name: string): string {
  // eslint-disable-next-line no-control-regex
  const cleaned = name.replace(/[/\\:*?"<>|\u0000-\u001f]/g, "_").replace(/^\.+/, "_").trim();
  return cleaned === "" ? "memscope" : cleaned.slice(0, 120);
}
