/**
 * The raw snapshot file the runtime writes at export and the export child reads: its
 * sections, their order and its line layout. One JSON object whose sections come first,
 * on the first line, and whose records close it, one per line:
 *
 *   {"metadata":{...},"scopes":[...],...,"tracked_sites":12,"allocations":[
 *   {"id":0,...},            (RAW_RECORD_SEPARATOR, ",\n", between records)
 *   {"id":1,...}
 *   ]}
 *
 * The runtime's writer (runtime/raw-file.ts) and the bench's synthetic snapshots write
 * it with rawHeadText / RAW_RECORD_SEPARATOR / RAW_END; the reader
 * (render/read/snapshot-io.ts) checks each section's kind from RAW_SECTIONS.
 */
import type { RawSnapshot } from "./snapshot.js";

export type RawSectionKind = "object" | "array" | "number";

/** The sections in the order they are written; the records come last. */
export const RAW_SECTIONS = [
  { key: "metadata", kind: "object" },
  { key: "scopes", kind: "array" },
  { key: "relations", kind: "array" },
  { key: "timeline", kind: "array" },
  { key: "gc", kind: "object" },
  { key: "heap", kind: "object" },
  { key: "threads", kind: "array" },
  { key: "dropped_records", kind: "number" },
  { key: "folded_sites", kind: "array" },
  { key: "tracked_sites", kind: "number" },
  // Optional: absent from older writers (every site then counts as a `call` initializer).
  { key: "variable_sites", kind: "array", optional: true },
  // Optional: precise mode only.
  { key: "retainers", kind: "array", optional: true },
  { key: "allocations", kind: "array" },
] as const satisfies ReadonlyArray<{ key: keyof RawSnapshot; kind: RawSectionKind; optional?: boolean }>;

/** The section written one record per line. */
export const RECORDS_KEY = "allocations";

export type RawHead = Omit<RawSnapshot, typeof RECORDS_KEY>;

/** Captured at load: the runtime writes this line at exit, after the program may have replaced JSON.stringify. */
const stringify = JSON.stringify;

/** The file's first line: every section but the records, then the records' array opened. */
export function rawHeadText(head: RawHead): string {
  let text = "{";
  for (const { key } of RAW_SECTIONS) {
    if (key === RECORDS_KEY || head[key] === undefined) continue;
    text += `${stringify(key)}:${stringify(head[key])},`;
  }
  return `${text}${stringify(RECORDS_KEY)}:[\n`;
}

/** Written before each record line but the first. */
export const RAW_RECORD_SEPARATOR = ",\n";
/** Closes the records' array and the file. */
export const RAW_END = "\n]}\n";
