/**
 * The frozen record-by-record rule "each object counts once" the reference derivation
 * uses (render/record-index.ts is the one the reports use).
 */
import type { AllocationRecord, Relation } from "../../../format/snapshot.js";
import { recordBytes } from "../../../render/derive/record-objects.js";

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
