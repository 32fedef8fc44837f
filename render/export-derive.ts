/**
 * The export child's derivation: read the raw snapshot (in parallel for a large one,
 * see export-read.ts), index its records once, and derive the snapshot; the models for
 * the SVGs are built later from the same index.
 */
import type { Snapshot } from "../runtime/snapshot.js";
import { snapshotFromIndex, type BuildOptions } from "./build.js";
import { readRawColumns } from "./export-read.js";
import type { StreamedSource } from "./json-lines.js";
import { indexRecords, type RecordIndex } from "./record-index.js";
import { columnsFromRecords } from "./record-table.js";
import { readRawSnapshotWithSource } from "./snapshot-io.js";

export interface ExportOptions extends BuildOptions {
  /**
   * How many records the schema check samples. A raw snapshot with more records is read
   * in parallel and `snapshot.allocations` then holds exactly the records the check
   * samples (the rest exist only as columns and as lines in `allocationsFrom`).
   */
  schemaSampleRecords: number;
  /** Bytes of record lines per parse task (for tests; a sensible default otherwise). */
  parseTaskBytes?: number;
}

export interface ExportDerivation {
  snapshot: Snapshot;
  /** Where the record lines are, to copy them into the snapshot JSON; null when they must be serialised. */
  allocationsFrom: StreamedSource | null;
  /** The records' index: the models are built from it (never from `snapshot.allocations`). */
  recordIndex: RecordIndex;
}

export async function deriveExport(rawPath: string, options: ExportOptions): Promise<ExportDerivation> {
  const read = await readRawColumns(rawPath, { sampleRecords: options.schemaSampleRecords, taskBytes: options.parseTaskBytes });
  if (read) {
    const recordIndex = indexRecords(read.columns, read.raw.relations);
    return { snapshot: snapshotFromIndex(read.raw, recordIndex, options), allocationsFrom: read.allocationsFrom, recordIndex };
  }
  const { raw, allocationsFrom } = await readRawSnapshotWithSource(rawPath);
  const recordIndex = indexRecords(columnsFromRecords(raw.allocations), raw.relations);
  return { snapshot: snapshotFromIndex(raw, recordIndex, options), allocationsFrom, recordIndex };
}
