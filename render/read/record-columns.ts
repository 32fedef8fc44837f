/**
 * The allocation records in column form: one typed array per numeric field, the string
 * fields as indices into one string table, the rare size histories kept aside. Built
 * once (from parsed records, or by the parse workers straight from the raw file's
 * record lines) and read by every derivation, so a million records cost a few typed
 * arrays instead of a million objects on the heap, and per-record work is array reads.
 *
 * Nulls are NaN in the float columns (scope_exit_time, collected_time, the precise
 * sizes): JSON never produces NaN, so the two cannot be confused.
 */
import { NUMBER_COLUMNS, STRING_COLUMNS, type NumberColumn, type StringColumn } from "../../format/record.js";
import type { AllocationRecord } from "../../format/snapshot.js";

/** The columns are the record's fields as format/record.ts declares them. */
export { NUMBER_COLUMNS, STRING_COLUMNS, type NumberColumn, type StringColumn };

/** Plain data (typed arrays, strings, arrays): it crosses from a parse worker intact. */
export interface RecordColumns {
  count: number;
  numbers: Record<NumberColumn, Float64Array>;
  /** Indices into `strings`. */
  texts: Record<StringColumn, Int32Array>;
  strings: string[];
  /** Row → size_history, for the rows that have one (in row order). */
  historyRows: number[];
  histories: Array<Array<[number, number]>>;
}

/** Site ids up to this get a cache of their last strings (ids are small dense integers in practice). */
const SITE_CACHE_LIMIT = 1 << 20;

/** Collects records row by row; `finish()` trims the arrays to the row count. */
export class RecordColumnsBuilder {
  private capacity: number;
  private count = 0;
  private numbers: Record<NumberColumn, Float64Array>;
  private texts: Record<StringColumn, Int32Array>;
  private readonly strings: string[] = [];
  private readonly stringIds = new Map<string, number>();
  private readonly historyRows: number[] = [];
  private readonly histories: Array<Array<[number, number]>> = [];
  /**
   * The last strings seen per variable site (by site id), with their ids: a site nearly
   * always repeats its name, type, category, subcategory and file, and comparing with the
   * last one is cheaper than hashing each fresh string for the Map.
   */
  private readonly lastTexts: Array<string[] | undefined> = [];
  private readonly lastIds: Array<Int32Array | undefined> = [];

  constructor(expected = 1024) {
    this.capacity = Math.max(16, expected);
    this.numbers = allocateNumbers(this.capacity);
    this.texts = allocateTexts(this.capacity);
  }

  private intern(text: string): number {
    let id = this.stringIds.get(text);
    if (id === undefined) {
      id = this.strings.length;
      this.strings.push(text);
      this.stringIds.set(text, id);
    }
    return id;
  }

  private internAt(texts: string[], ids: Int32Array, at: number, text: string): number {
    if (ids[at] !== -1 && texts[at] === text) return ids[at] as number;
    const id = this.intern(text);
    texts[at] = text;
    ids[at] = id;
    return id;
  }

  private grow(): void {
    this.capacity *= 2;
    const numbers = allocateNumbers(this.capacity);
    for (const name of NUMBER_COLUMNS) numbers[name].set(this.numbers[name]);
    const texts = allocateTexts(this.capacity);
    for (const name of STRING_COLUMNS) texts[name].set(this.texts[name]);
    this.numbers = numbers;
    this.texts = texts;
  }

  add(record: AllocationRecord): void {
    if (this.count === this.capacity) this.grow();
    const row = this.count++;
    const n = this.numbers;
    n.id[row] = record.id;
    n.sizeBytes[row] = record.size_bytes;
    n.externalBytes[row] = record.external_bytes ?? 0;
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
    const self = record.precise_self_bytes;
    n.preciseSelf[row] = typeof self === "number" && Number.isFinite(self) ? self : NaN;
    n.preciseRetained[row] = record.precise_retained_bytes ?? NaN;
    const t = this.texts;
    const site = record.site_id;
    if (Number.isInteger(site) && site >= 0 && site < SITE_CACHE_LIMIT) {
      let texts = this.lastTexts[site];
      let ids = this.lastIds[site];
      if (texts === undefined || ids === undefined) {
        texts = ["", "", "", "", ""];
        ids = new Int32Array(5).fill(-1);
        this.lastTexts[site] = texts;
        this.lastIds[site] = ids;
      }
      t.variableName[row] = this.internAt(texts, ids, 0, record.variable_name);
      t.typeName[row] = this.internAt(texts, ids, 1, record.type_name);
      t.category[row] = this.internAt(texts, ids, 2, record.category);
      t.subcategory[row] = this.internAt(texts, ids, 3, record.subcategory);
      t.file[row] = this.internAt(texts, ids, 4, record.file);
    } else {
      t.variableName[row] = this.intern(record.variable_name);
      t.typeName[row] = this.intern(record.type_name);
      t.category[row] = this.intern(record.category);
      t.subcategory[row] = this.intern(record.subcategory);
      t.file[row] = this.intern(record.file);
    }
    if (record.size_history !== undefined) {
      this.historyRows.push(row);
      this.histories.push(record.size_history);
    }
  }

  get rows(): number {
    return this.count;
  }

  finish(): RecordColumns {
    // Full arrays (the expected count was right) are handed over as they are, not copied.
    const exact = this.count === this.capacity;
    const numbers = {} as Record<NumberColumn, Float64Array>;
    for (const name of NUMBER_COLUMNS) numbers[name] = exact ? this.numbers[name] : this.numbers[name].slice(0, this.count);
    const texts = {} as Record<StringColumn, Int32Array>;
    for (const name of STRING_COLUMNS) texts[name] = exact ? this.texts[name] : this.texts[name].slice(0, this.count);
    return { count: this.count, numbers, texts, strings: this.strings, historyRows: this.historyRows, histories: this.histories };
  }
}

function allocateNumbers(capacity: number): Record<NumberColumn, Float64Array> {
  const numbers = {} as Record<NumberColumn, Float64Array>;
  for (const name of NUMBER_COLUMNS) numbers[name] = new Float64Array(capacity);
  return numbers;
}

function allocateTexts(capacity: number): Record<StringColumn, Int32Array> {
  const texts = {} as Record<StringColumn, Int32Array>;
  for (const name of STRING_COLUMNS) texts[name] = new Int32Array(capacity);
  return texts;
}

export function columnsFromRecords(records: readonly AllocationRecord[]): RecordColumns {
  const builder = new RecordColumnsBuilder(records.length);
  for (const record of records) builder.add(record);
  return builder.finish();
}

/**
 * Joins parts into one set of columns with one string table, a part at a time and in
 * any order (each knows its first row), so a part can be dropped once placed.
 */
export class ColumnsAssembler {
  private readonly numbers: Record<NumberColumn, Float64Array>;
  private readonly texts: Record<StringColumn, Int32Array>;
  private readonly strings: string[] = [];
  private readonly stringIds = new Map<string, number>();
  private readonly histories: Array<{ row: number; history: Array<[number, number]> }> = [];
  private placed = 0;

  constructor(readonly count: number) {
    this.numbers = allocateNumbers(count);
    this.texts = allocateTexts(count);
  }

  /** Copies `part` in at row `offset`; false when it does not fit. */
  place(part: RecordColumns, offset: number): boolean {
    if (offset < 0 || offset + part.count > this.count) return false;
    for (const name of NUMBER_COLUMNS) this.numbers[name].set(part.numbers[name], offset);
    const remap = new Int32Array(part.strings.length);
    part.strings.forEach((text, local) => {
      let id = this.stringIds.get(text);
      if (id === undefined) {
        id = this.strings.length;
        this.strings.push(text);
        this.stringIds.set(text, id);
      }
      remap[local] = id;
    });
    for (const name of STRING_COLUMNS) {
      const from = part.texts[name];
      const to = this.texts[name];
      for (let row = 0; row < part.count; row++) to[offset + row] = remap[from[row] as number] as number;
    }
    for (let h = 0; h < part.historyRows.length; h++) {
      this.histories.push({ row: offset + (part.historyRows[h] as number), history: part.histories[h] as Array<[number, number]> });
    }
    this.placed += part.count;
    return true;
  }

  /** The joined columns, or null when the parts placed do not add up to `count` rows. */
  finish(): RecordColumns | null {
    if (this.placed !== this.count) return null;
    this.histories.sort((a, b) => a.row - b.row);
    return {
      count: this.count,
      numbers: this.numbers,
      texts: this.texts,
      strings: this.strings,
      historyRows: this.histories.map((h) => h.row),
      histories: this.histories.map((h) => h.history),
    };
  }
}
