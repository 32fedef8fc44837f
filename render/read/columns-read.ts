/**
 * The export child's read of the runtime's raw snapshot in the column layout
 * (format/raw-columns.ts): the records arrive as the typed arrays the derivation reads,
 * so nothing is parsed record by record. The columns are checked against the schema's
 * record definition column by column (format/record.ts's fields: integer, non-negative,
 * nullable, the category vocabulary); when every value passes, only an even spread of
 * records becomes objects for ajv, as in the one-pass read. When one does not, every
 * record becomes an object and ajv checks them all, so the error names the record.
 */
import { readFile } from "node:fs/promises";
import { open } from "node:fs/promises";
import { CATEGORIES } from "../../format/categories.js";
import { EXPORT_LIMITS } from "../../format/export-plan.js";
import { OPTIONAL_FIELD_BITS, RawColumnsError, decodeRawColumns, isRawColumnsFile, type RawColumnsData } from "../../format/raw-columns.js";
import { RECORDS_KEY } from "../../format/raw-layout.js";
import { RECORD_FIELDS } from "../../format/record.js";
import type { AllocationRecord, RawSnapshot } from "../../format/snapshot.js";
import { SnapshotInputError, describeSystemError } from "../errors.js";
import { checkRawDocument } from "./snapshot-io.js";
import { isHistory } from "./record-check.js";

export interface ColumnsRead {
  /** The raw sections; `allocations` holds the records ajv is to see (a spread, or all when a column failed its check). */
  raw: RawSnapshot;
  columns: RawColumnsData;
}

/** True when the file at `path` starts with the column layout's magic. */
export async function isColumnsFile(path: string): Promise<boolean> {
  let handle;
  try {
    handle = await open(path, "r");
  } catch {
    return false;
  }
  try {
    const start = Buffer.alloc(8);
    const { bytesRead } = await handle.read(start, 0, 8, 0);
    return bytesRead === 8 && isRawColumnsFile(start);
  } catch {
    return false;
  } finally {
    await handle.close();
  }
}

export async function readRawColumnsFile(path: string): Promise<ColumnsRead> {
  let bytes: Buffer;
  try {
    bytes = await readFile(path);
  } catch (error) {
    throw new SnapshotInputError(`${path}: cannot read raw snapshot (${describeSystemError(error)})`);
  }
  let decoded;
  try {
    decoded = decodeRawColumns(bytes);
  } catch (error) {
    if (error instanceof RawColumnsError) throw new SnapshotInputError(`${path}: not a readable raw snapshot: ${error.message}`);
    throw error;
  }
  const { head, columns } = decoded;
  const raw = { ...head, [RECORDS_KEY]: [] } as unknown as RawSnapshot;
  checkRawDocument(raw as unknown as Record<string, unknown>, path);
  raw.allocations = columnsPass(columns) ? spread(columns) : everyRecord(columns);
  return { raw, columns };
}

/** True when every value of every column is one the schema's record definition accepts. */
export function columnsPass(columns: RawColumnsData): boolean {
  const count = columns.count;
  const strings = columns.strings;
  if (!Array.isArray(strings) || !strings.every((s) => typeof s === "string")) return false;
  // Per string id: 1 when it may be a category, for the category column's check.
  const categories = new Set<string>(CATEGORIES);
  const isCategory = new Uint8Array(strings.length);
  strings.forEach((text, id) => (isCategory[id] = categories.has(text) ? 1 : 0));
  const anyString = new Uint8Array(strings.length).fill(1);
  for (const field of RECORD_FIELDS) {
    if (field.type === "history") continue;
    if (field.type === "string" || field.type === "category") {
      if (!idsPass(columns.texts[field.column as keyof RawColumnsData["texts"]], count, field.type === "category" ? isCategory : anyString)) return false;
    } else if (!numbersPass(columns.numbers[field.column as keyof RawColumnsData["numbers"]], count, field.nullable, field.nonNegative, field.type === "integer")) return false;
  }
  const rows = columns.historyRows;
  if (!Array.isArray(rows) || !Array.isArray(columns.histories) || rows.length !== columns.histories.length) return false;
  for (let h = 0; h < rows.length; h++) {
    const row = rows[h]!;
    if (!(Number.isInteger(row) && row >= 0 && row < count && (h === 0 || row > rows[h - 1]!))) return false;
    if (!isHistory(columns.histories[h])) return false;
  }
  return true;
}

/** Every id names a string `allowed` marks. One small loop per column kind, so each stays monomorphic. */
function idsPass(ids: Int32Array, count: number, allowed: Uint8Array): boolean {
  const limit = allowed.length;
  for (let row = 0; row < count; row++) {
    const id = ids[row]!;
    if (!(id >= 0 && id < limit) || allowed[id] !== 1) return false;
  }
  return true;
}

/** NaN only when nullable; `v >= 0` when non-negative; `v % 1 === 0` (integer) or finite (number). */
function numbersPass(values: Float64Array, count: number, nullable: boolean, nonNegative: boolean, integer: boolean): boolean {
  for (let row = 0; row < count; row++) {
    const v = values[row]!;
    if (v !== v) {
      if (nullable) continue;
      return false;
    }
    if (nonNegative && !(v >= 0)) return false;
    if (integer ? v % 1 !== 0 : v - v !== 0) return false;
  }
  return true;
}

/** Every this-many-th record (and the last) as an object, for ajv. */
function spread(columns: RawColumnsData): AllocationRecord[] {
  const kept: AllocationRecord[] = [];
  const every = EXPORT_LIMITS.keptRecordEvery;
  const histories = historyByRow(columns);
  for (let row = 0; row < columns.count; row += every) kept.push(recordAt(columns, row, histories));
  const last = columns.count - 1;
  if (last >= 0 && last % every !== 0) kept.push(recordAt(columns, last, histories));
  return kept;
}

function everyRecord(columns: RawColumnsData): AllocationRecord[] {
  const histories = historyByRow(columns);
  return Array.from({ length: columns.count }, (_, row) => recordAt(columns, row, histories));
}

function historyByRow(columns: RawColumnsData): Map<number, Array<[number, number]>> {
  const byRow = new Map<number, Array<[number, number]>>();
  const rows = Array.isArray(columns.historyRows) ? columns.historyRows : [];
  rows.forEach((row, h) => byRow.set(row, columns.histories[h]!));
  return byRow;
}

/** Row `row` as the record object the JSON snapshot holds (keys in the declared order). */
export function recordAt(columns: RawColumnsData, row: number, histories: Map<number, Array<[number, number]>>): AllocationRecord {
  const record: Record<string, unknown> = {};
  const fields = columns.fields[row]!;
  for (const field of RECORD_FIELDS) {
    if (field.type === "history") {
      const history = histories.get(row);
      if (history !== undefined) record[field.key] = history;
      continue;
    }
    const bit = OPTIONAL_FIELD_BITS[field.key];
    if (bit !== undefined && (fields & bit) === 0) continue;
    if (field.type === "string" || field.type === "category") {
      record[field.key] = columns.strings[columns.texts[field.column as keyof RawColumnsData["texts"]][row]!];
      continue;
    }
    const v = columns.numbers[field.column as keyof RawColumnsData["numbers"]][row]!;
    record[field.key] = v !== v ? null : v;
  }
  return record as unknown as AllocationRecord;
}
