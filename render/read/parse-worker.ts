/**
 * Piscina worker (export child): parses one byte range of the raw snapshot's record
 * lines into record columns. Blocks of about 1 MB of whole lines go through one
 * JSON.parse each, and each record is copied into the columns at once, so the record
 * objects die young and never reach the main thread: what comes back is typed arrays
 * and a small string table.
 */
import { closeSync, openSync, readSync } from "node:fs";
import { Piscina } from "piscina";
import { forEachRecordInLines } from "./record-lines.js";
import { NUMBER_COLUMNS, RecordColumnsBuilder, STRING_COLUMNS, type RecordColumns } from "./record-columns.js";

export interface ParseTask {
  path: string;
  /** Byte range [start, end) of whole record lines. */
  start: number;
  end: number;
  /** Lines in the range (sizes the columns). */
  lines: number;
}

/** Null when a block is not a plain run of record lines: the caller then reads the file the careful way. */
export type ParseResult = { columns: RecordColumns } | { columns: null; reason: string };

/** The worker's read buffer, reused from task to task (ranges are all about one size). */
let readBuffer = Buffer.alloc(0);

/** The result moves to the main thread: the columns' buffers are transferred, not copied. */
export default function parseTask(task: ParseTask): ParseResult | ReturnType<typeof Piscina.move> {
  const result = parseRecordRange(task);
  if (result.columns === null) return result;
  const { numbers, texts } = result.columns;
  const buffers = [...NUMBER_COLUMNS.map((name) => numbers[name].buffer), ...STRING_COLUMNS.map((name) => texts[name].buffer)];
  // Piscina's Transferable shape: its symbols are typed as getters, hence the cast.
  const transferable = { [Piscina.transferableSymbol]: buffers, [Piscina.valueSymbol]: result };
  return Piscina.move(transferable as unknown as Parameters<typeof Piscina.move>[0]);
}

export function parseRecordRange(task: ParseTask): ParseResult {
  if (readBuffer.length < task.end - task.start) readBuffer = Buffer.allocUnsafe(task.end - task.start);
  const bytes = readBuffer.subarray(0, task.end - task.start);
  const fd = openSync(task.path, "r");
  try {
    let filled = 0;
    while (filled < bytes.length) {
      const read = readSync(fd, bytes, filled, bytes.length - filled, task.start + filled);
      if (read === 0) return { columns: null, reason: `${task.path} ended before byte ${task.end}` };
      filled += read;
    }
  } finally {
    closeSync(fd);
  }
  const builder = new RecordColumnsBuilder(task.lines);
  let plain: boolean;
  try {
    plain = forEachRecordInLines(bytes, builder);
  } catch {
    return { columns: null, reason: "a record line does not hold a record object" };
  }
  if (!plain) return { columns: null, reason: "a block of record lines is not a JSON array body" };
  return { columns: builder.finish() };
}
