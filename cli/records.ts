/**
 * Record-level facts the CLI derives from a snapshot. Pure functions.
 */
import type { AllocationRecord } from "../runtime/snapshot.js";

/**
 * Whether a record still held memory when the snapshot was taken. Objects end when
 * V8 collected them (`collected_time`); strings have no GC hook, so the
 * runtime ends them at scope exit (`scope_exit_time`).
 */
export function isAliveAtExport(record: AllocationRecord): boolean {
  if (record.collected_time !== null) return false;
  if (record.category === "string" && record.scope_exit_time !== null) return false;
  return true;
}

/** Heap plus off-heap (ArrayBuffer backing store) bytes of one record. */
export function recordBytes(record: Pick<AllocationRecord, "size_bytes" | "external_bytes">): number {
  return record.size_bytes + (record.external_bytes ?? 0);
}

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
