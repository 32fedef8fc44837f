/**
 * The export child's read of a raw snapshot on its own thread (one too small for the
 * parse workers to pay, see export-read.ts): one pass over the file that parses the
 * record lines a block at a time straight into record columns, vouching for each record
 * with record-check.ts as it goes, and keeps only an even spread of the record objects
 * for ajv. The record objects die young, so the collector never copies thousands of
 * them into the old generation, and nothing walks the records a second time.
 *
 * Returns null when this read cannot stand for the careful one (snapshot-io.ts's
 * readRawSnapshotWithSource): a file not laid out one record per line, a block that
 * does not parse, a record the quick check does not vouch for, or a schema the check
 * does not implement. The careful read then keeps every record object, so schemaProblem
 * runs ajv on all of them and reports a bad one by its place.
 */
import { statSync } from "node:fs";
import { EXPORT_LIMITS } from "../../format/export-plan.js";
import type { AllocationRecord, RawSnapshot } from "../../format/snapshot.js";
import type { CopiedSource } from "./json-lines.js";
import { surelyValidRecord } from "./record-check.js";
import { forEachRecordInLines } from "./record-lines.js";
import { RecordColumnsBuilder, type RecordColumns } from "./record-columns.js";
import { recordCheckApplies } from "./schema.js";
import { scanRawSnapshot } from "./snapshot-io.js";

/** Every this-many-th record (and the last) is kept as an object for the ajv run. */
export const KEPT_RECORD_EVERY = EXPORT_LIMITS.keptRecordEvery;
/** A record line is rarely shorter: sizes the columns from the file size (they grow if needed). */
const TYPICAL_RECORD_LINE_BYTES = 256;

export interface ScannedRead {
  /** The raw sections; `allocations` holds the kept spread of records only. */
  raw: RawSnapshot;
  columns: RecordColumns;
  allocationsFrom: CopiedSource;
}

export async function scanRawColumns(path: string): Promise<ScannedRead | null> {
  if (!recordCheckApplies()) return null;
  let fileSize = 0;
  try {
    fileSize = statSync(path).size;
  } catch {
    // The scan below reports what is wrong with the path, as the careful read would.
  }
  const builder = new RecordColumnsBuilder(Math.ceil(fileSize / TYPICAL_RECORD_LINE_BYTES));
  const kept: AllocationRecord[] = [];
  let last: AllocationRecord | null = null;
  let vouched = true;
  let rows = 0;
  const checked = {
    add(record: AllocationRecord): void {
      if (!vouched) return;
      if (!surelyValidRecord(record)) {
        vouched = false;
        return;
      }
      if (rows % KEPT_RECORD_EVERY === 0) kept.push(record);
      builder.add(record);
      rows++;
      last = record;
    },
  };
  const { raw, allocationsFrom } = await scanRawSnapshot(path, (buffer, from, to) => {
    if (vouched && !forEachRecordInLines(buffer.subarray(from, to), checked)) vouched = false;
  });
  if (!vouched || allocationsFrom === null) return null;
  const columns = builder.finish();
  if (last !== null && kept[kept.length - 1] !== last) kept.push(last);
  raw.allocations = kept;
  return { raw, columns, allocationsFrom };
}
