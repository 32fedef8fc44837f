/** Hand-made raw snapshots for exact metric tests. */
import { KEPT_RECORD_EVERY } from "../../render/read/one-pass-read.js";
import type { AllocationRecord, HierarchyNode, PrecisionSummary, RawSnapshot, Relation, TimelineSample } from "../../format/snapshot.js";
import { DEFAULT_HIERARCHY_LIMITS, hierarchyFromIndex, type HierarchyLimits } from "../../render/derive/hierarchy.js";
import { indexRecordObjects, type RecordIndex } from "../../render/derive/record-index.js";
import { precisionFromIndex } from "../../render/derive/summary.js";
import { emptyRaw } from "./generate-raw.js";

/** The record index buildSnapshot derives everything from, for plain records. */
export function indexOf(records: readonly AllocationRecord[], relations: readonly Relation[] = []): RecordIndex {
  return indexRecordObjects(records, relations);
}

/** summary.precision of plain records, as buildSnapshot derives it for a precise run. */
export function precisionOf(records: readonly AllocationRecord[], relations: readonly Relation[] = []): PrecisionSummary | null {
  return precisionFromIndex(indexOf(records, relations));
}

/** memory_hierarchy of plain records, as buildSnapshot derives it. */
export function hierarchyOf(records: readonly AllocationRecord[], limits: HierarchyLimits = DEFAULT_HIERARCHY_LIMITS): HierarchyNode {
  return hierarchyFromIndex(indexOf(records), limits);
}

let nextId = 1000;

export function record(overrides: Partial<AllocationRecord> = {}): AllocationRecord {
  return {
    id: nextId++,
    variable_name: "v",
    type_name: "number[]",
    category: "collection",
    subcategory: "Array",
    size_bytes: 100,
    external_bytes: 0,
    allocation_time: 0,
    scope_exit_time: null,
    collected_time: null,
    file: "src/a.ts",
    line: 1,
    column: 1,
    scope_id: 0,
    scope_instance: 1,
    site_id: 0,
    thread_id: 0,
    ...overrides,
  };
}

export function sample(time: number, trackedLiveBytes: number, heapUsed = 1_000_000): TimelineSample {
  return {
    time,
    heap_used: heapUsed,
    heap_total: heapUsed * 2,
    rss: heapUsed * 3,
    external: 0,
    array_buffers: 0,
    tracked_live_bytes: trackedLiveBytes,
    tracked_live_count: 1,
  };
}

export function rawWith(allocations: AllocationRecord[], overrides: Partial<RawSnapshot> = {}): RawSnapshot {
  const raw = emptyRaw();
  raw.metadata.duration_ms = 10_000;
  raw.allocations = allocations;
  raw.timeline = [];
  raw.tracked_sites = new Set(allocations.map((r) => r.site_id)).size;
  return { ...raw, ...overrides };
}

/** The records export-scan.ts keeps as objects for the ajv run: every KEPT_RECORD_EVERY-th and the last. */
export function keptSpread<T>(records: readonly T[]): T[] {
  const kept = records.filter((_, i) => i % KEPT_RECORD_EVERY === 0);
  if (records.length > 0 && (records.length - 1) % KEPT_RECORD_EVERY !== 0) kept.push(records[records.length - 1] as T);
  return kept;
}
