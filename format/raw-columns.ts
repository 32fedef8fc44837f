/**
 * The raw snapshot file as the runtime writes it at export and the export child reads
 * it: the records as columns, not as JSON text. Defined once here and used by the
 * runtime's writer (runtime/raw-file.ts), the export child's reader
 * (render/read/columns-read.ts) and the bench's synthetic snapshots.
 *
 *   "MSRAWCOL"                          8 bytes, the magic
 *   version                             u32 little-endian (RAW_COLUMNS_VERSION)
 *   header length H                     u32
 *   header                              H bytes of UTF-8 JSON: RawColumnsHeader (the
 *                                       columns by name and type, the block size, and
 *                                       every section but the records)
 *   zero padding to a multiple of 8
 *   blocks, each of up to block_rows rows:
 *     rows                              u32, then 4 zero bytes
 *     one run per column, in the header's order: rows values (f64: 8 bytes, i32: 4,
 *     u8: 1, platform order: little-endian), zero-padded to a multiple of 8
 *   trailer                             UTF-8 JSON: RawColumnsTrailer (the record count,
 *                                       the string table, the size histories)
 *   trailer length T                    u32
 *   "MSRAWEND"                          8 bytes
 *
 * The columns are format/record.ts's: every number field as a float64 (null as NaN), every
 * string field as an int32 index into the trailer's string table, plus `fields` (u8) saying
 * which optional fields a record has. The public `<name>_snapshot.json` is written once,
 * by the export child, from these columns. The writer never holds more than one block.
 */
import { NUMBER_COLUMNS, STRING_COLUMNS, type NumberColumn, type StringColumn } from "./record.js";
import type { AllocationRecord } from "./snapshot.js";
import type { RawHead } from "./raw-layout.js";

export const RAW_COLUMNS_MAGIC = "MSRAWCOL";
export const RAW_COLUMNS_END = "MSRAWEND";
/** Raised when the layout changes; the reader accepts this version only (the file never outlives the export). */
export const RAW_COLUMNS_VERSION = 1;
/** Rows per block: the writer's buffers are ~0.5 MB. */
export const RAW_BLOCK_ROWS = 4096;

export type RawColumnType = "f64" | "i32" | "u8";
export interface RawColumn {
  name: string;
  type: RawColumnType;
}

/** `fields` bit: the record has precise_self_bytes and precise_retained_bytes (null or a number). */
export const FIELD_PRECISE = 1;
/** `fields` bit: the record has external_bytes (always, from this runtime; absent from hand-written records). */
export const FIELD_EXTERNAL = 2;
/** `fields` bit: the record has `weight` (the runtime writes it only when it is not 1; the column holds 1 when absent). */
export const FIELD_WEIGHT = 4;
/** `fields` bit: the record has precise_exclusive_bytes (null or a number; absent from older writers' records). */
export const FIELD_EXCLUSIVE = 8;
/** The optional number fields and the `fields` bit saying a record has them. */
export const OPTIONAL_FIELD_BITS: Readonly<Record<string, number>> = {
  precise_self_bytes: FIELD_PRECISE,
  precise_retained_bytes: FIELD_PRECISE,
  precise_exclusive_bytes: FIELD_EXCLUSIVE,
  external_bytes: FIELD_EXTERNAL,
  weight: FIELD_WEIGHT,
};

/** The file's columns, in order. */
export const RAW_COLUMNS: readonly RawColumn[] = [
  ...NUMBER_COLUMNS.map((name) => ({ name, type: "f64" as const })),
  ...STRING_COLUMNS.map((name) => ({ name, type: "i32" as const })),
  { name: "fields", type: "u8" },
];

const BYTES: Record<RawColumnType, number> = { f64: 8, i32: 4, u8: 1 };

export interface RawColumnsHeader {
  version: number;
  endian: "little";
  block_rows: number;
  columns: RawColumn[];
  head: RawHead;
}

export interface RawColumnsTrailer {
  count: number;
  strings: string[];
  history_rows: number[];
  histories: Array<Array<[number, number]>>;
}

/** The records as columns: format/record.ts's number and string columns, the string table, the histories. */
export interface RawColumnsData {
  count: number;
  numbers: Record<NumberColumn, Float64Array>;
  texts: Record<StringColumn, Int32Array>;
  strings: string[];
  historyRows: number[];
  histories: Array<Array<[number, number]>>;
  /** Per record, FIELD_* bits. */
  fields: Uint8Array;
}

/** Captured at load: the runtime encodes at exit, after the program may have replaced them. */
const stringify = JSON.stringify;
const parse = JSON.parse;
const utf8Encoder = new TextEncoder();
const utf8Decoder = new TextDecoder();
const littleEndian = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

function ascii(text: string): Uint8Array {
  const bytes = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i);
  return bytes;
}

function u32(value: number): Uint8Array {
  const bytes = new Uint8Array(4);
  new DataView(bytes.buffer).setUint32(0, value, true);
  return bytes;
}

function padding(length: number): Uint8Array {
  return new Uint8Array((8 - (length % 8)) % 8);
}

/** One block's rows, filled by the writer column by column. */
export class RawColumnsBlock {
  rows = 0;
  readonly numbers = {} as Record<NumberColumn, Float64Array>;
  readonly texts = {} as Record<StringColumn, Int32Array>;
  readonly fields: Uint8Array;
  constructor(readonly capacity = RAW_BLOCK_ROWS) {
    for (const name of NUMBER_COLUMNS) this.numbers[name] = new Float64Array(capacity);
    for (const name of STRING_COLUMNS) this.texts[name] = new Int32Array(capacity);
    this.fields = new Uint8Array(capacity);
  }
}

/**
 * Builds the file piece by piece: `start(head)`, then rows into `block` (a writer calls
 * `takeBlock()` whenever `block.rows === block.capacity`), then `end()`. Each returns the
 * bytes to append. Holds the string table and the histories until the end.
 */
export class RawColumnsEncoder {
  readonly block: RawColumnsBlock;
  private readonly strings: string[] = [];
  private readonly stringIds = new Map<string, number>();
  private readonly historyRows: number[] = [];
  private readonly histories: Array<Array<[number, number]>> = [];
  private count = 0;

  constructor(blockRows = RAW_BLOCK_ROWS) {
    this.block = new RawColumnsBlock(blockRows);
  }

  get full(): boolean {
    return this.block.rows === this.block.capacity;
  }

  /** The row the next record goes to (its index in the file is `recordsBefore + row`). */
  get recordsBefore(): number {
    return this.count;
  }

  intern(text: string): number {
    let id = this.stringIds.get(text);
    if (id === undefined) {
      id = this.strings.length;
      this.strings[id] = text;
      this.stringIds.set(text, id);
    }
    return id;
  }

  /** A size history for the block row `row` (call before the block is taken). */
  addHistory(row: number, history: Array<[number, number]>): void {
    this.historyRows[this.historyRows.length] = this.count + row;
    this.histories[this.histories.length] = history;
  }

  start(head: RawHead): Uint8Array[] {
    if (!littleEndian) throw new Error("the raw snapshot's column layout is little-endian only");
    const header: RawColumnsHeader = { version: RAW_COLUMNS_VERSION, endian: "little", block_rows: this.block.capacity, columns: RAW_COLUMNS as RawColumn[], head };
    const text = utf8Encoder.encode(stringify(header));
    const prefix = 8 + 4 + 4 + text.length;
    return [ascii(RAW_COLUMNS_MAGIC), u32(RAW_COLUMNS_VERSION), u32(text.length), text, padding(prefix)];
  }

  /** A record given as an object (a worker thread's part, the bench's synthetic records). */
  addRecord(record: AllocationRecord): void {
    const block = this.block;
    const row = block.rows;
    recordNumbersInto(block.numbers, row, record);
    const t = block.texts;
    t.variableName[row] = this.intern(record.variable_name);
    t.typeName[row] = this.intern(record.type_name);
    t.category[row] = this.intern(record.category);
    t.subcategory[row] = this.intern(record.subcategory);
    t.file[row] = this.intern(record.file);
    block.fields[row] =
      ("precise_self_bytes" in record ? FIELD_PRECISE : 0) |
      ("precise_exclusive_bytes" in record ? FIELD_EXCLUSIVE : 0) |
      (record.external_bytes !== undefined ? FIELD_EXTERNAL : 0) | (record.weight !== undefined ? FIELD_WEIGHT : 0);
    if (record.size_history !== undefined) this.addHistory(row, record.size_history);
    block.rows = row + 1;
  }

  /** The block's bytes (views of its arrays: write them before the next row is added), and an empty block. */
  takeBlock(): Uint8Array[] {
    const block = this.block;
    const rows = block.rows;
    if (rows === 0) return [];
    // Indexed loops, no array methods: this runs at exit, after the program may have patched them.
    const pieces: Uint8Array[] = [u32(rows), new Uint8Array(4)];
    for (let c = 0; c < RAW_COLUMNS.length; c++) {
      const column = RAW_COLUMNS[c]!;
      const array = columnArray(block, column.name);
      const bytes = new Uint8Array(array.buffer, array.byteOffset, rows * BYTES[column.type]);
      pieces[pieces.length] = bytes;
      const pad = padding(bytes.length);
      if (pad.length > 0) pieces[pieces.length] = pad;
    }
    this.count += rows;
    block.rows = 0;
    return pieces;
  }

  end(): Uint8Array[] {
    const trailer: RawColumnsTrailer = { count: this.count, strings: this.strings, history_rows: this.historyRows, histories: this.histories };
    const text = utf8Encoder.encode(stringify(trailer));
    return [text, u32(text.length), ascii(RAW_COLUMNS_END)];
  }
}

/** A record's number fields into row `row` of number columns (null and absent as NaN). */
export function recordNumbersInto(n: Record<NumberColumn, Float64Array>, row: number, record: AllocationRecord): void {
  n.id[row] = record.id;
  n.sizeBytes[row] = record.size_bytes;
  n.externalBytes[row] = record.external_bytes ?? 0;
  const self = record.precise_self_bytes;
  n.preciseSelf[row] = typeof self === "number" && self - self === 0 ? self : NaN;
  n.preciseRetained[row] = record.precise_retained_bytes ?? NaN;
  n.preciseExclusive[row] = record.precise_exclusive_bytes ?? NaN;
  n.allocationTime[row] = record.allocation_time;
  n.scopeExitTime[row] = record.scope_exit_time ?? NaN;
  n.collectedTime[row] = record.collected_time ?? NaN;
  n.line[row] = record.line;
  n.column[row] = record.column;
  n.scopeId[row] = record.scope_id;
  n.scopeInstance[row] = record.scope_instance;
  n.siteId[row] = record.site_id;
  n.threadId[row] = record.thread_id;
  // Absent (within the budget, sampling off, older writers): the record stands for itself.
  n.weight[row] = record.weight ?? 1;
}

function columnArray(block: RawColumnsBlock, name: string): Float64Array | Int32Array | Uint8Array {
  if (name === "fields") return block.fields;
  return (block.numbers as Record<string, Float64Array>)[name] ?? (block.texts as Record<string, Int32Array>)[name]!;
}

/** True when `bytes` (the file's first 8 bytes or more) start like this layout. */
export function isRawColumnsFile(bytes: Uint8Array): boolean {
  if (bytes.length < 8) return false;
  for (let i = 0; i < 8; i++) if (bytes[i] !== RAW_COLUMNS_MAGIC.charCodeAt(i)) return false;
  return true;
}

/** The file is not one this reader can read: one line saying why. */
export class RawColumnsError extends Error {}

/** Reads the whole file's bytes back into the head and the columns. */
export function decodeRawColumns(bytes: Uint8Array): { head: RawHead; columns: RawColumnsData } {
  if (!isRawColumnsFile(bytes)) throw new RawColumnsError("not a memscope raw snapshot (no MSRAWCOL magic)");
  if (bytes.length < 16 + 12) throw new RawColumnsError("the raw snapshot is truncated");
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const version = view.getUint32(8, true);
  if (version !== RAW_COLUMNS_VERSION) {
    throw new RawColumnsError(`raw snapshot layout version ${version} is not supported (this memscope-ts reads version ${RAW_COLUMNS_VERSION}): the program ran with another memscope-ts`);
  }
  for (let i = 0; i < 8; i++) {
    if (bytes[bytes.length - 8 + i] !== RAW_COLUMNS_END.charCodeAt(i)) throw new RawColumnsError("the raw snapshot is truncated (no end marker)");
  }
  if (!littleEndian) throw new RawColumnsError("the raw snapshot's column layout is little-endian only");
  const headerLength = view.getUint32(12, true);
  const trailerLength = view.getUint32(bytes.length - 12, true);
  const trailerStart = bytes.length - 12 - trailerLength;
  const headerEnd = 16 + headerLength;
  if (headerEnd > trailerStart || trailerStart < 0) throw new RawColumnsError("the raw snapshot is truncated");
  let header: RawColumnsHeader;
  let trailer: RawColumnsTrailer;
  try {
    header = parse(utf8Decoder.decode(bytes.subarray(16, headerEnd))) as RawColumnsHeader;
    trailer = parse(utf8Decoder.decode(bytes.subarray(trailerStart, trailerStart + trailerLength))) as RawColumnsTrailer;
  } catch {
    throw new RawColumnsError("the raw snapshot's header or trailer is not valid JSON");
  }
  const columns = header.columns;
  const count = trailer.count;
  const data: RawColumnsData = {
    count,
    numbers: {} as Record<NumberColumn, Float64Array>,
    texts: {} as Record<StringColumn, Int32Array>,
    strings: trailer.strings,
    historyRows: trailer.history_rows,
    histories: trailer.histories,
    fields: new Uint8Array(count),
  };
  const targets: Uint8Array[] = [];
  for (const column of columns) {
    let array: Float64Array | Int32Array | Uint8Array;
    if (column.name === "fields" && column.type === "u8") array = data.fields;
    else if (column.type === "f64" && (NUMBER_COLUMNS as readonly string[]).includes(column.name)) array = (data.numbers as Record<string, Float64Array>)[column.name] = new Float64Array(count);
    else if (column.type === "i32" && (STRING_COLUMNS as readonly string[]).includes(column.name)) array = (data.texts as Record<string, Int32Array>)[column.name] = new Int32Array(count);
    else throw new RawColumnsError(`the raw snapshot has a column this reader does not know (${String(column.name)}: ${String(column.type)})`);
    targets.push(new Uint8Array(array.buffer, array.byteOffset, array.byteLength));
  }
  for (const column of RAW_COLUMNS) {
    if (!columns.some((c) => c.name === column.name)) throw new RawColumnsError(`the raw snapshot has no "${column.name}" column`);
  }
  let at = headerEnd + ((8 - (headerEnd % 8)) % 8);
  let row = 0;
  while (at < trailerStart) {
    const rows = view.getUint32(at, true);
    at += 8;
    if (rows === 0 || row + rows > count) throw new RawColumnsError("the raw snapshot's blocks do not add up to its record count");
    for (let c = 0; c < columns.length; c++) {
      const size = BYTES[columns[c]!.type];
      const length = rows * size;
      if (at + length > trailerStart) throw new RawColumnsError("the raw snapshot is truncated");
      targets[c]!.set(bytes.subarray(at, at + length), row * size);
      at += length + ((8 - (length % 8)) % 8);
    }
    row += rows;
  }
  if (row !== count) throw new RawColumnsError("the raw snapshot's blocks do not add up to its record count");
  return { head: header.head, columns: data };
}
