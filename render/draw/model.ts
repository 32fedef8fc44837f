/**
 * What both SVG models share: the run's facts, a drawn record row, the size limits, and
 * the record index of a snapshot read back from JSON.
 */
import type { Snapshot } from "../../format/snapshot.js";
import type { Category } from "../../format/protocol.js";
import { indexRecordObjects, type RecordIndex } from "../derive/record-index.js";

export interface RunFacts {
  name: string;
  timestamp: string;
  nodeVersion: string;
  durationMs: number;
  exitReason: string;
  threadCount: number;
  precise: boolean;
  sampleIntervalMs: number;
}

export interface RecordRow {
  id: number;
  name: string;
  type: string;
  category: Category;
  subcategory: string;
  file: string;
  line: number;
  bytes: number;
  alive: boolean;
}

export interface ModelLimits {
  samples: number;
  gcMarks: number;
  topRows: number;
  leaks: number;
  scopes: number;
  rowsPerScope: number;
  treemapChildren: number;
}

export const DEFAULT_MODEL_LIMITS: ModelLimits = {
  samples: 700,
  gcMarks: 400,
  topRows: 10,
  leaks: 8,
  scopes: 10,
  rowsPerScope: 12,
  treemapChildren: 8,
};

export function runFacts(snapshot: Pick<Snapshot, "metadata">): RunFacts {
  const m = snapshot.metadata;
  return {
    name: m.name,
    timestamp: m.timestamp,
    nodeVersion: m.node_version,
    durationMs: m.duration_ms,
    exitReason: m.exit_reason,
    threadCount: m.thread_count,
    precise: m.precise,
    sampleIntervalMs: m.sample_interval_ms,
  };
}

/** The snapshot without its records: what the models read besides the record columns. */
export type SnapshotSections = Omit<Snapshot, "allocations">;

/** The record columns and their per-record index for a snapshot's allocations. */
export function indexSnapshotRecords(snapshot: Pick<Snapshot, "allocations" | "relations">): RecordIndex {
  return indexRecordObjects(snapshot.allocations, snapshot.relations);
}
