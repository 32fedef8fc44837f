/**
 * The export child's derivation: read the raw snapshot (the runtime's column layout,
 * read/columns-read.ts; a JSON raw snapshot in parallel for a large one, see
 * read/parallel-read.ts, in one pass on this thread for a smaller one, see
 * read/one-pass-read.ts, the careful way when neither applies), index its records once, and derive the
 * snapshot; the models for the SVGs are built later from the same index.
 */
import type { RawSnapshot, Snapshot } from "../../format/snapshot.js";
import { snapshotFromIndex, type BuildOptions } from "./snapshot.js";
import { readRawColumns } from "../read/parallel-read.js";
import { scanRawColumns } from "../read/one-pass-read.js";
import type { StreamedSource } from "../read/json-lines.js";
import { indexRecords, nameSitesOf, type RecordIndex } from "./record-index.js";
import { columnsFromRecords, type RecordColumns } from "../read/record-columns.js";
import { readRawSnapshotWithSource } from "../read/snapshot-io.js";
import { isColumnsFile, readRawColumnsFile } from "../read/columns-read.js";
import { recordJsonLines } from "../write/record-json.js";

export interface ExportOptions extends BuildOptions {
  /**
   * How many records the schema check samples. A raw snapshot with more records is read
   * in parallel and `snapshot.allocations` then holds exactly the records the check
   * samples (the rest exist only as columns and as lines in `allocationsFrom`). A smaller
   * one read in one pass (export-scan.ts) had every record vouched for on the way, and
   * `snapshot.allocations` holds the spread of them left for ajv.
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
  const read =
    (await columnsRead(rawPath)) ??
    (await readRawColumns(rawPath, { sampleRecords: options.schemaSampleRecords, taskBytes: options.parseTaskBytes })) ??
    (await scanRawColumns(rawPath)) ??
    (await carefulRead(rawPath));
  const recordIndex = indexRecords(read.columns, read.raw.relations, nameSitesOf(read.raw));
  return { snapshot: snapshotFromIndex(read.raw, recordIndex, options), allocationsFrom: read.allocationsFrom, recordIndex };
}

/** The runtime's column layout: the records are columns already, and their JSON lines are written from them. */
async function columnsRead(rawPath: string): Promise<{ raw: RawSnapshot; columns: RecordColumns; allocationsFrom: StreamedSource } | null> {
  if (!(await isColumnsFile(rawPath))) return null;
  const { raw, columns } = await readRawColumnsFile(rawPath);
  return { raw, columns, allocationsFrom: { lines: () => recordJsonLines(columns) } };
}

/** Every record as an object (schemaProblem then checks them all): the way when the quicker reads do not apply. */
async function carefulRead(rawPath: string): Promise<{ raw: RawSnapshot; columns: RecordColumns; allocationsFrom: StreamedSource | null }> {
  const { raw, allocationsFrom } = await readRawSnapshotWithSource(rawPath);
  return { raw, columns: columnsFromRecords(raw.allocations), allocationsFrom };
}
