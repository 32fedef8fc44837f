/** buildSnapshot: the pure derivation RawSnapshot → Snapshot. */
import type { RawSnapshot, Snapshot } from "../../format/snapshot.js";
import { DEFAULT_HIERARCHY_LIMITS, hierarchyFromIndex } from "./hierarchy.js";
import { leaksFromIndex } from "./leaks.js";
import { noRecordsReason, precisionFromIndex, summaryFromIndex, type RawSections } from "./summary.js";
import { DEFAULT_LEAK_THRESHOLD_MS } from "./leak-reasons.js";
import { indexRecordObjects, nameSitesOf, type RecordIndex } from "./record-index.js";

export interface BuildOptions {
  /** How long after its scope exited a live object becomes a leak candidate (MEMSCOPE_LEAK_MS). */
  leakThresholdMs?: number;
}

/** The snapshot without its records (they are copied or streamed on their own). */
export type SnapshotSections = Omit<Snapshot, "allocations">;

/**
 * Copies the observed sections by name (so a field the schema does not know never
 * leaks into the written file) and adds the derived ones.
 */
export function buildSnapshot(raw: RawSnapshot, options: BuildOptions = {}): Snapshot {
  return snapshotFromIndex(raw, indexRecordObjects(raw.allocations, raw.relations, nameSitesOf(raw)), options);
}

/** The snapshot from the raw sections and an index of the records (`raw.allocations` is copied as is). */
export function snapshotFromIndex(raw: RawSnapshot, index: RecordIndex, options: BuildOptions = {}): Snapshot {
  const { metadata, summary, leaks, memory_hierarchy, ...observed } = deriveSections(raw, index, options);
  return { metadata, summary, leaks, memory_hierarchy, allocations: raw.allocations, ...observed };
}

/**
 * Everything of the snapshot but its records, from the raw sections and the records'
 * column index, in buildSnapshot's key order (the records would follow memory_hierarchy).
 */
export function deriveSections(raw: RawSections, index: RecordIndex, options: BuildOptions = {}): SnapshotSections {
  const threshold = options.leakThresholdMs ?? DEFAULT_LEAK_THRESHOLD_MS;
  const metrics = summaryFromIndex(raw, index);
  const withPrecision = raw.metadata.precise ? { ...metrics, precision: precisionFromIndex(index) } : metrics;
  const reason = noRecordsReason(raw, index.count);
  return {
    metadata: raw.metadata,
    summary: reason === undefined ? withPrecision : { ...withPrecision, no_records_reason: reason },
    leaks: leaksFromIndex(raw, index, threshold),
    memory_hierarchy: hierarchyFromIndex(index, DEFAULT_HIERARCHY_LIMITS),
    scopes: raw.scopes,
    relations: raw.relations,
    timeline: raw.timeline,
    gc: raw.gc,
    heap: raw.heap,
    threads: raw.threads,
    dropped_records: raw.dropped_records,
    folded_sites: raw.folded_sites,
    tracked_sites: raw.tracked_sites,
    ...(raw.variable_sites ? { variable_sites: raw.variable_sites } : {}),
    ...(raw.retainers ? { retainers: raw.retainers } : {}),
  };
}
