/**
 * The snapshot JSON's record lines written from the record columns (the raw file's
 * column layout, format/raw-columns.ts): the one place the public records become JSON
 * text. Keys in format/record.ts's order, optional fields as the record has them
 * (`fields`), numbers as JSON.stringify writes them, null as NaN in the columns.
 */
import { FIELD_EXTERNAL, FIELD_PRECISE, type RawColumnsData } from "../../format/raw-columns.js";
import { RECORD_FIELDS } from "../../format/record.js";

const CHUNK_CHARS = 1 << 16;

type Writer =
  | { kind: "number"; prefix: string; values: Float64Array; nullable: boolean; bit: number }
  | { kind: "string"; prefix: string; ids: Int32Array }
  | { kind: "history"; prefix: string };

/** The records, one per line, joined by ",\n" and ending with "\n", in chunks of ~64 K characters. */
export function* recordJsonLines(columns: RawColumnsData): Generator<string> {
  const texts = columns.strings.map((text) => JSON.stringify(text));
  const writers: Writer[] = RECORD_FIELDS.map((field, i): Writer => {
    const prefix = `${i === 0 ? "{" : ","}${JSON.stringify(field.key)}:`;
    if (field.type === "history") return { kind: "history", prefix };
    if (field.type === "string" || field.type === "category") return { kind: "string", prefix, ids: columns.texts[field.column as keyof RawColumnsData["texts"]] };
    const bit = field.key === "precise_self_bytes" || field.key === "precise_retained_bytes" ? FIELD_PRECISE : field.key === "external_bytes" ? FIELD_EXTERNAL : 0;
    return { kind: "number", prefix, values: columns.numbers[field.column as keyof RawColumnsData["numbers"]], nullable: field.nullable, bit };
  });
  const historyRows = columns.historyRows;
  let nextHistory = 0;
  let chunk = "";
  const count = columns.count;
  for (let row = 0; row < count; row++) {
    const fields = columns.fields[row]!;
    let line = "";
    for (let w = 0; w < writers.length; w++) {
      const writer = writers[w]!;
      if (writer.kind === "number") {
        if (writer.bit !== 0 && (fields & writer.bit) === 0) continue;
        const v = writer.values[row]!;
        line += writer.prefix + (v !== v ? "null" : JSON.stringify(v));
      } else if (writer.kind === "string") {
        line += writer.prefix + texts[writer.ids[row]!]!;
      } else if (nextHistory < historyRows.length && historyRows[nextHistory] === row) {
        line += writer.prefix + JSON.stringify(columns.histories[nextHistory]);
        nextHistory++;
      }
    }
    chunk += `${line}}${row < count - 1 ? ",\n" : "\n"}`;
    if (chunk.length >= CHUNK_CHARS) {
      yield chunk;
      chunk = "";
    }
  }
  if (chunk.length > 0) yield chunk;
  // No records: the one empty line the JSON layout's copied range held, so an empty run's
  // snapshot keeps the bytes it had.
  else if (count === 0) yield "\n";
}
