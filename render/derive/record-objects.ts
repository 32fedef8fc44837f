/**
 * What one allocation record means for the reports: how many bytes it holds and
 * when its lifetime ends. Every metric, the hierarchy and the leak finder go through
 * these helpers so they agree on the definitions.
 */
import type { AllocationRecord } from "../../format/snapshot.js";

/** Bytes a record holds: its on-heap estimate plus off-heap backing store (Buffers, typed arrays). */
export function recordBytes(record: AllocationRecord): number {
  return record.size_bytes + (record.external_bytes ?? 0);
}

/**
 * When the record stopped holding memory, or null when it was still alive at export.
 * Objects end when V8 collected them (FinalizationRegistry). Strings have no GC hook,
 * so their lifetime ends at their scope's exit: a string is "alive" only while its
 * scope is. A scope exit alone never ends an object — that is exactly the
 * outlived-scope case the leak finder looks for.
 */
export function recordEndTime(record: AllocationRecord): number | null {
  if (record.collected_time !== null) return record.collected_time;
  if (record.category === "string") return record.scope_exit_time;
  return null;
}

export function isAliveAtExport(record: AllocationRecord): boolean {
  return recordEndTime(record) === null;
}

/**
 * Identity of the declaration a record came from: its variable site id. The runtime
 * makes site and scope ids unique across threads when it merges their parts
 * (runtime/collect.ts shifts each worker's ids past the previous ones).
 */
export function declarationKey(record: AllocationRecord): number {
  return record.site_id;
}

/** Identity of a scope site, kept apart per thread as well (a number: no string per record). */
export function scopeKey(threadId: number, scopeId: number): number {
  return threadId * 4294967296 + scopeId;
}
