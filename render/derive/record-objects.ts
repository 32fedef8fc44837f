/**
 * What one allocation record means for the reports: how many bytes it holds and
 * when its lifetime ends. Every metric, the hierarchy and the leak finder go through
 * these helpers so they agree on the definitions.
 */
import type { AllocationRecord, Relation } from "../../format/snapshot.js";

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

/**
 * Objects held by several variables. The runtime relates every later registration of an
 * object to its *first* record (`from`): an alias while that first holder's scope is
 * open, a move once it has exited. Memory is counted once per object, under its first
 * record; the later registrations are "shared holders" that add nothing to any total.
 */
export interface ObjectIndex {
  /** Ids of later registrations of an object first registered as another record. */
  shared: Set<number>;
  /** First record id → the later records holding the same object. */
  laterHolders: Map<number, AllocationRecord[]>;
}

export const NO_SHARED_OBJECTS: ObjectIndex = { shared: new Set(), laterHolders: new Map() };

export function indexObjects(records: readonly AllocationRecord[], relations: readonly Relation[]): ObjectIndex {
  const firstOf = new Map<number, number>();
  for (const relation of relations) {
    if (relation.kind === "alias" || relation.kind === "move") firstOf.set(relation.to, relation.from);
  }
  if (firstOf.size === 0) return NO_SHARED_OBJECTS;
  const shared = new Set(firstOf.keys());
  const laterHolders = new Map<number, AllocationRecord[]>();
  for (const record of records) {
    const first = firstOf.get(record.id);
    if (first === undefined) continue;
    const list = laterHolders.get(first);
    if (list) list.push(record);
    else laterHolders.set(first, [record]);
  }
  return { shared, laterHolders };
}

/**
 * Bytes an object holds, counted on its first record: the largest measurement among its
 * holders (each registration is measured on its own, the later ones more recently);
 * 0 for a shared holder.
 */
export function objectBytes(record: AllocationRecord, index: ObjectIndex): number {
  if (index.shared.has(record.id)) return 0;
  let bytes = recordBytes(record);
  const later = index.laterHolders.get(record.id);
  if (later) for (const holder of later) bytes = Math.max(bytes, recordBytes(holder));
  return bytes;
}
