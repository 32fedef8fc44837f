/**
 * Record-level facts the CLI needs. What a record holds and when it ends are the
 * renderers' definitions (render/derive/record-objects.ts), reused so that `summary` and `diff`
 * agree with the numbers in the SVG reports.
 */
export { indexObjects, isAliveAtExport, objectBytes, recordBytes } from "../render/index.js";

/**
 * Identity of a variable site across two runs: the declaration's place and name.
 * Site ids are assigned at run time and differ between runs; file:line + name does not.
 */
export function siteKey(site: { file: string; line: number; variable_name: string }): string {
  return `${site.file}:${site.line} ${site.variable_name}`;
}

export function location(site: { file: string; line: number }): string {
  return `${site.file}:${site.line}`;
}
