/**
 * The export child's read of a large raw snapshot: the main thread scans the file once
 * (sections, where the record lines are, where each line starts) and hands ranges of
 * record lines to parse workers as it goes; the workers turn them into record columns
 * on the other cores while the main thread parses only the records the schema check
 * samples. A million records are never a million objects on one heap.
 *
 * Returns null when the file is not a plain run of one record per line (hand-written
 * or pretty-printed JSON, a malformed line): the caller then reads it the careful way,
 * which also reports a bad line by its number.
 */
import { isAscii } from "node:buffer";
import { closeSync, openSync, readSync, statSync } from "node:fs";
import { availableParallelism } from "node:os";
import type { Piscina } from "piscina";
import type { AllocationRecord, RawSnapshot } from "../../format/snapshot.js";
import type { CopiedSource } from "./json-lines.js";
import type { ParseResult, ParseTask } from "./parse-worker.js";
import { PARSE_WORKER_URL } from "../paths.js";
import { ColumnsAssembler, type RecordColumns } from "./record-columns.js";
import { schemaSampleIndices } from "./schema.js";
import { scanRawSnapshot } from "./snapshot-io.js";

/** Bytes of record lines per parse task: big enough to amortise a task, small enough to spread over the workers. */
const TASK_BYTES = 16 << 20;
/** Lines looked at before projecting the record count from the file size. */
const PROJECTION_LINES = 2000;
const NEWLINE = 0x0a;
/** No record line is shorter (the required fields alone take more): a smaller file cannot have enough records. */
const MIN_RECORD_LINE_BYTES = 128;

export interface ColumnRead {
  /** The raw sections; `allocations` holds the sampled records only. */
  raw: RawSnapshot;
  columns: RecordColumns;
  allocationsFrom: CopiedSource;
}

/** Growable list of line start offsets. */
class Offsets {
  values = new Float64Array(1 << 16);
  length = 0;
  push(value: number): void {
    if (this.length === this.values.length) {
      const next = new Float64Array(this.values.length * 2);
      next.set(this.values);
      this.values = next;
    }
    this.values[this.length++] = value;
  }
}

/** The records schemaProblem checks when it samples (the parallel read parses exactly those as objects). */
export { schemaSampleIndices };

export interface ColumnReadOptions {
  /** Records the schema check samples: a file with no more is left to the ordinary read. */
  sampleRecords: number;
  /** Bytes of record lines per parse task (tests make it small to get many tasks). */
  taskBytes?: number;
}

export async function readRawColumns(path: string, options: ColumnReadOptions): Promise<ColumnRead | null> {
  const { sampleRecords, taskBytes = TASK_BYTES } = options;
  let fileSize: number;
  try {
    fileSize = statSync(path).size;
  } catch {
    return null; // the ordinary read reports what is wrong with the path
  }
  if (fileSize <= sampleRecords * MIN_RECORD_LINE_BYTES) return null;
  // Loaded only now: an ordinary-sized export never starts a worker thread.
  const { Piscina: PiscinaPool } = await import("piscina");
  let pool: Piscina | null = null;
  const tasks: Array<{ firstLine: number; lines: number; result: Promise<ParseResult> }> = [];
  try {
    const lineStarts = new Offsets();
    // Ranges wait here until the file looks large enough for this path (more records than
    // the schema samples, projected from the first lines, or counted): a smaller one is
    // read the ordinary way, without workers.
    const pending: Array<{ firstLine: number; task: ParseTask }> = [];
    let firstStart = -1;
    let go = false;
    const flush = (): void => {
      if (!go) {
        const counted = lineStarts.length;
        if (counted > sampleRecords) go = true;
        else if (counted >= PROJECTION_LINES) {
          const bytesPerLine = (lineStarts.values[counted - 1]! - firstStart) / (counted - 1);
          go = (fileSize - firstStart) / bytesPerLine > sampleRecords * 1.5;
        }
        if (!go) return;
      }
      if (pool === null) {
        const threads = Math.max(1, Math.min(4, availableParallelism()));
        // Tasks queue on the workers themselves: the main thread is busy parsing the sample
        // meanwhile and must not be the one to hand each worker its next range.
        pool = new PiscinaPool({ filename: PARSE_WORKER_URL.href, minThreads: threads, maxThreads: threads, idleTimeout: 1000, concurrentTasksPerWorker: 64 });
      }
      for (const { firstLine, task } of pending.splice(0)) {
        const result = pool.run(task) as Promise<ParseResult>;
        // A failed task means "read it the ordinary way", decided below; until then its
        // rejection must not count as unhandled (which would end the process).
        result.catch(() => undefined);
        tasks.push({ firstLine, lines: task.lines, result });
      }
    };
    let taskStart = -1;
    let taskFirstLine = 0;
    let lastEnd = -1;
    const cut = (end: number): void => {
      if (taskStart < 0 || end <= taskStart) return;
      pending.push({ firstLine: taskFirstLine, task: { path, start: taskStart, end, lines: lineStarts.length - taskFirstLine } });
      taskStart = -1;
      flush();
    };
    const { raw, allocationsFrom } = await scanRawSnapshot(path, (buffer, from, to, fileOffset) => {
      const start = fileOffset + from;
      if (firstStart < 0) firstStart = start;
      if (lastEnd >= 0 && start !== lastEnd) cut(lastEnd);
      if (taskStart < 0) {
        taskStart = start;
        taskFirstLine = lineStarts.length;
      }
      for (let pos = from; pos < to; ) {
        lineStarts.push(fileOffset + pos);
        const newline = buffer.indexOf(NEWLINE, pos);
        pos = newline < 0 || newline >= to ? to : newline + 1;
      }
      lastEnd = fileOffset + to;
      if (lastEnd - taskStart >= taskBytes) cut(lastEnd);
    });
    cut(lastEnd);
    const lineCount = lineStarts.length;
    if (allocationsFrom === null || lineCount <= sampleRecords || tasks.length === 0 || pending.length > 0) return null;
    // Each part goes into place as it arrives, while the main thread parses the sample.
    const assembler = new ColumnsAssembler(lineCount);
    const placed = tasks.map(({ firstLine, lines, result }) =>
      result.then((value) => value.columns !== null && value.columns.count === lines && assembler.place(value.columns, firstLine)),
    );
    const settled = Promise.allSettled(placed);
    let sample: AllocationRecord[] | null;
    try {
      sample = await readSampleRecords(path, lineStarts, allocationsFrom.range.end, schemaSampleIndices(lineCount, sampleRecords));
    } catch {
      sample = null; // the ordinary read reports what is wrong with the file
    }
    const results = await settled;
    if (sample === null || results.some((r) => r.status === "rejected" || !r.value)) return null;
    // One record per line is what the sample's line numbers assume: anything else goes the careful way.
    const columns = assembler.finish();
    if (columns === null) return null;
    raw.allocations = sample;
    return { raw, columns, allocationsFrom };
  } finally {
    // Parse tasks settle on their own; never leave one unobserved when bailing out early.
    await Promise.allSettled(tasks.map((t) => t.result));
    await (pool as Piscina | null)?.destroy();
  }
}

/** Parses the given record lines (ascending line indices) from the file, in order. */
async function readSampleRecords(path: string, lineStarts: Offsets, rangeEnd: number, indices: readonly number[]): Promise<AllocationRecord[] | null> {
  const starts = lineStarts.values;
  const lineEnd = (line: number): number => (line + 1 < lineStarts.length ? (starts[line + 1] as number) : rangeEnd);
  const records: AllocationRecord[] = [];
  const fd = openSync(path, "r");
  try {
    // Both buffers are reused from window to window: fresh 8 MB buffers each time would
    // count as external memory and bring on full collections of a heap holding the sample.
    let window = Buffer.alloc(0);
    let body = Buffer.alloc(0);
    let k = 0;
    while (k < indices.length) {
      const firstLine = indices[k] as number;
      const windowStart = starts[firstLine] as number;
      // Read a window of about 8 MB and take every sampled line inside it.
      const size = Math.min(Math.max(lineEnd(firstLine) - windowStart, 8 << 20), rangeEnd - windowStart);
      if (window.length < size) window = Buffer.allocUnsafe(size);
      let filled = 0;
      while (filled < size) {
        const read = readSync(fd, window, filled, size - filled, windowStart + filled);
        if (read === 0) return null;
        filled += read;
      }
      // Gather the sampled lines' bytes into one array body (records never contain raw
      // newlines or leading/trailing commas), then decode and parse it once.
      if (body.length < size + 2) body = Buffer.allocUnsafe(size + 2);
      let length = 0;
      let lines = 0;
      body[length++] = 0x5b; // [
      while (k < indices.length) {
        const line = indices[k] as number;
        let from = (starts[line] as number) - windowStart;
        let to = lineEnd(line) - windowStart;
        if (to > size) break;
        while (from < to && isSeparatorByte(window[from] as number)) from++;
        while (to > from && isSeparatorByte(window[to - 1] as number)) to--;
        if (lines > 0) body[length++] = 0x2c; // ,
        length += window.copy(body, length, from, to);
        lines++;
        k++;
      }
      body[length++] = 0x5d; // ]
      const text = body.subarray(0, length);
      let parsed: AllocationRecord[];
      try {
        parsed = JSON.parse(text.toString(isAscii(text) ? "latin1" : "utf8")) as AllocationRecord[];
      } catch {
        return null;
      }
      if (parsed.length !== lines) return null;
      for (const record of parsed) records.push(record);
      // Let arrived parts go into place (and their copies be freed) between windows.
      await new Promise((resolve) => setImmediate(resolve));
    }
  } finally {
    closeSync(fd);
  }
  return records;
}

/** JSON whitespace or a comma (json-lines.ts's separators). */
function isSeparatorByte(code: number): boolean {
  return code === 0x20 || code === 0x0a || code === 0x0d || code === 0x09 || code === 0x2c;
}
