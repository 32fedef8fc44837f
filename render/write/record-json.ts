/**
 * The snapshot JSON's record lines written from the record columns (the raw file's
 * column layout, format/raw-columns.ts): the one place the public records become JSON
 * text. Keys in format/record.ts's order, optional fields as the record has them
 * (`fields`), numbers as JSON.stringify writes them (String of a finite number), null as
 * NaN in the columns.
 *
 * The per-record function is generated once from the declaration, straight-line (as
 * record-check.ts does): a loop over field descriptors per record cost twice as much.
 */
import { OPTIONAL_FIELD_BITS, type RawColumnsData } from "../../format/raw-columns.js";
import { RECORD_FIELDS } from "../../format/record.js";

/**
 * Lines are joined into chunks of ~1 M characters, each handed on as UTF-8 bytes: a chunk
 * held as a string would be a rope of every concatenation that built it, and the writer
 * gathers up to 16 MB before writing, long enough for millions of rope nodes to reach the
 * old generation (most of the write's time went to the collector).
 */
const CHUNK_CHARS = 1 << 20;

type LineWriter = (row: number, history: string | null) => string;

/** The record at `row` as JSON text (given its size history's text, or null). */
function lineWriter(columns: RawColumnsData): LineWriter {
  const texts = columns.strings.map((text) => JSON.stringify(text));
  const body: string[] = ["const f = fields[row];", "let s = '';"];
  RECORD_FIELDS.forEach((field, i) => {
    const prefix = JSON.stringify(`${i === 0 ? "{" : ","}${JSON.stringify(field.key)}:`);
    if (field.type === "history") {
      body.push(`if (history !== null) s += ${prefix} + history;`);
    } else if (field.type === "string" || field.type === "category") {
      body.push(`s += ${prefix} + texts[t.${field.column}[row]];`);
    } else {
      const bit = OPTIONAL_FIELD_BITS[field.key] ?? 0;
      const value = `n.${field.column}[row]`;
      const text = field.nullable ? `(v !== v ? "null" : "" + v)` : `("" + v)`;
      const write = `{ const v = ${value}; s += ${prefix} + ${text}; }`;
      body.push(bit === 0 ? write : `if ((f & ${bit}) !== 0) ${write}`);
    }
  });
  body.push("return s + '}';");
  const make = new Function("n", "t", "texts", "fields", `return function recordLine(row, history) {\n${body.join("\n")}\n};`) as (
    n: RawColumnsData["numbers"],
    t: RawColumnsData["texts"],
    texts: string[],
    fields: Uint8Array,
  ) => LineWriter;
  return make(columns.numbers, columns.texts, texts, columns.fields);
}

/** The records, one per line, joined by ",\n" and ending with "\n", in chunks of UTF-8 bytes. */
export function* recordJsonLines(columns: RawColumnsData): Generator<Buffer> {
  const line = lineWriter(columns);
  const historyRows = columns.historyRows;
  let nextHistory = 0;
  let chunk = "";
  const count = columns.count;
  for (let row = 0; row < count; row++) {
    let history: string | null = null;
    if (nextHistory < historyRows.length && historyRows[nextHistory] === row) history = JSON.stringify(columns.histories[nextHistory++]);
    chunk += line(row, history) + (row < count - 1 ? ",\n" : "\n");
    if (chunk.length >= CHUNK_CHARS) {
      yield Buffer.from(chunk, "utf8");
      chunk = "";
    }
  }
  if (chunk.length > 0) yield Buffer.from(chunk, "utf8");
  // No records: the one empty line the JSON layout's copied range held, so an empty run's
  // snapshot keeps the bytes it had.
  else if (count === 0) yield Buffer.from("\n");
}
