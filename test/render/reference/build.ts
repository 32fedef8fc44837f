/** The record-by-record oracle the column derivation is compared against (test/render/derivation-equivalence). */
/** buildSnapshot: the pure derivation RawSnapshot → Snapshot. */
import type { RawSnapshot, Snapshot } from "../../../format/snapshot.js";
import { DEFAULT_HIERARCHY_LIMITS } from "../../../render/derive/hierarchy.js";
import { buildHierarchy, computePrecision, computeSummary } from "./record-derivation.js";
import { indexObjects, type ObjectIndex } from "./objects.js";
import { DEFAULT_LEAK_THRESHOLD_MS, findLeaks } from "./leaks.js";
import { noRecordsReason } from "../../../render/derive/summary.js";

export interface BuildOptions {
  /** How long after its scope exited a live object becomes a leak candidate (MEMSCOPE_LEAK_MS). */
  leakThresholdMs?: number;
}

/**
 * Copies the observed sections by name (so a field the schema does not know never
 * leaks into the written file) and adds the derived ones.
 */
export function buildSnapshot(raw: RawSnapshot, options: BuildOptions = {}): Snapshot {
  const threshold = options.leakThresholdMs ?? DEFAULT_LEAK_THRESHOLD_MS;
  const objects = indexObjects(raw.allocations, raw.relations);
  return {
    metadata: raw.metadata,
    summary: summaryWithPrecision(raw, objects),
    leaks: findLeaks(raw, threshold, objects),
    memory_hierarchy: buildHierarchy(raw.allocations, DEFAULT_HIERARCHY_LIMITS, objects),
    allocations: raw.allocations,
    scopes: raw.scopes,
    relations: raw.relations,
    timeline: raw.timeline,
    gc: raw.gc,
    heap: raw.heap,
    threads: raw.threads,
    dropped_records: raw.dropped_records,
    folded_sites: raw.folded_sites,
    tracked_sites: raw.tracked_sites,
  };
}

/** The metrics, plus the estimator's error when the run was precise (absent otherwise). */
function summaryWithPrecision(raw: RawSnapshot, objects: ObjectIndex): Snapshot["summary"] {
  const summary = computeSummary(raw, objects);
  const withPrecision = raw.metadata.precise ? { ...summary, precision: computePrecision(raw.allocations, objects) } : summary;
  // A sentence, not a figure: the same words as the column derivation.
  const reason = noRecordsReason(raw, raw.allocations.length);
  return reason === undefined ? withPrecision : { ...withPrecision, no_records_reason: reason };
}
