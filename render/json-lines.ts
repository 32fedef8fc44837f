/**
 * The line layout of memscope's JSON files (the runtime's raw snapshot and the written
 * `<name>_snapshot.json`): an ordinary JSON object whose `allocations` array opens at
 * the end of a line, holds one record per line and closes at the start of a line.
 * What this module writes:
 *
 *   {
 *   "metadata":{...},
 *   "allocations":[
 *   {"id":0,...},
 *   {"id":1,...}
 *   ],
 *   "scopes":[...]
 *   }
 *
 * The runtime's writer (runtime/raw-file.ts) puts the other sections on the first line
 * and the commas in front: `{"metadata":{...},...,"allocations":[` / `{...}` /
 * `,{...}` / `]}`. Both are read the same way.
 *
 * Writing never builds one giant string; reading parses runs of record lines chunk by
 * chunk, so a million records never become one giant string either. Any other valid
 * JSON is read too (as a whole), which keeps hand-written fixtures working.
 */
import { createReadStream } from "node:fs";

/** Key whose array is written one element per line. */
export const STREAMED_KEY = "allocations";

/** Yields the document piece by piece: top-level keys in the given order, records one per line. */
export function* jsonLines(document: object, keyOrder: readonly string[]): Generator<string> {
  const record = document as Record<string, unknown>;
  const keys = [...keyOrder.filter((k) => k in record), ...Object.keys(record).filter((k) => !keyOrder.includes(k))];
  yield "{\n";
  for (let k = 0; k < keys.length; k++) {
    const key = keys[k] as string;
    const value = record[key];
    const comma = k < keys.length - 1 ? "," : "";
    if (key === STREAMED_KEY && Array.isArray(value)) {
      yield `${JSON.stringify(key)}:[\n`;
      for (let i = 0; i < value.length; i++) {
        yield JSON.stringify(value[i]) + (i < value.length - 1 ? ",\n" : "\n");
      }
      yield `]${comma}\n`;
    } else {
      yield `${JSON.stringify(key)}:${JSON.stringify(value ?? null)}${comma}\n`;
    }
  }
  yield "}\n";
}

/** Why a file could not be read as a memscope JSON document. */
export class JsonLinesError extends Error {
  constructor(
    message: string,
    readonly reason: "not-json" | "truncated",
  ) {
    super(message);
  }
}

/** `"allocations":[` ending a line; what precedes it must be nothing, or end in `{` or `,`. */
const OPEN_ARRAY = new RegExp(`"${STREAMED_KEY}"\\s*:\\s*\\[\\s*$`);

function arrayOpening(line: string): string | null {
  const match = OPEN_ARRAY.exec(line);
  if (!match) return null;
  const prefix = line.slice(0, match.index);
  // An indented key belongs to pretty-printed JSON whose records span lines: not ours.
  if (prefix === "" || (prefix.trim() !== "" && /[{,]\s*$/.test(prefix))) return prefix;
  return null;
}

/**
 * Reads a JSON document written in the layout above (or any JSON). Inside the streamed
 * array, whole runs of record lines are parsed with one JSON.parse per chunk (a run of
 * "{…},\n{…}" lines is a valid array body), falling back to line by line when a run is
 * laid out differently; everything else is collected and parsed once.
 */
export async function readJsonLines(path: string, chunkSize = 1 << 20): Promise<Record<string, unknown>> {
  const skeleton: string[] = [];
  const records: unknown[] = [];
  let inArray = false;
  let sawArray = false;
  let lineNumber = 0;
  let buffer = "";

  const parseRecordLines = (block: string): void => {
    const body = block.replace(/^[\s,]+/, "").replace(/[\s,]+$/, "");
    if (body.trim() === "") return;
    let parsed: unknown[] | null = null;
    try {
      parsed = JSON.parse(`[${body}]`) as unknown[];
    } catch {
      parsed = null;
    }
    if (parsed) {
      for (const item of parsed) records.push(item);
      lineNumber += countNewlines(block);
      return;
    }
    for (const line of block.split("\n")) {
      lineNumber++;
      const text = line.replace(/^[\s,]+/, "").replace(/[\s,]+$/, "");
      if (text === "") continue;
      try {
        records.push(JSON.parse(text));
      } catch {
        throw new JsonLinesError(`line ${lineNumber} is not valid JSON`, "not-json");
      }
    }
  };

  const handleOuterLine = (line: string): void => {
    lineNumber++;
    const prefix = sawArray ? null : arrayOpening(line);
    if (prefix !== null) {
      inArray = true;
      sawArray = true;
      if (prefix !== "") skeleton.push(prefix);
      return;
    }
    skeleton.push(line);
  };

  /** Consumes complete lines from the buffer; `final` when no more input follows. */
  const consume = (final: boolean): void => {
    let pos = 0;
    while (pos < buffer.length) {
      if (inArray) {
        // The array ends at the first line starting with "]" (records never start with it).
        const atClose = buffer[pos] === "]";
        const close = atClose ? pos - 1 : buffer.indexOf("\n]", pos);
        if (!atClose && close === -1) {
          const lastNewline = buffer.lastIndexOf("\n");
          if (lastNewline < pos) break;
          parseRecordLines(buffer.slice(pos, lastNewline + 1));
          pos = lastNewline + 1;
          continue;
        }
        if (close >= pos) {
          parseRecordLines(buffer.slice(pos, close + 1));
          pos = close + 1;
        }
        const lineEnd = buffer.indexOf("\n", pos);
        if (lineEnd === -1 && !final) break;
        const closeLine = buffer.slice(pos, lineEnd === -1 ? buffer.length : lineEnd);
        inArray = false;
        lineNumber++;
        // Whatever follows "]" on its line (",", "}", "]}") continues the outer object.
        skeleton.push(`"${STREAMED_KEY}":[]${closeLine.slice(closeLine.indexOf("]") + 1)}`);
        pos = lineEnd === -1 ? buffer.length : lineEnd + 1;
        continue;
      }
      const newline = buffer.indexOf("\n", pos);
      if (newline === -1) {
        if (!final) break;
        handleOuterLine(buffer.slice(pos));
        pos = buffer.length;
        break;
      }
      handleOuterLine(buffer.slice(pos, newline));
      pos = newline + 1;
    }
    buffer = buffer.slice(pos);
  };

  const stream = createReadStream(path, { encoding: "utf8", highWaterMark: chunkSize });
  for await (const chunk of stream as AsyncIterable<string>) {
    buffer += chunk;
    consume(false);
  }
  consume(true);
  if (inArray) {
    throw new JsonLinesError(`the file ends inside "${STREAMED_KEY}" (truncated)`, "truncated");
  }

  const text = skeleton.join("\n");
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch {
    // A cut-off file is the common case: say so rather than "bad JSON".
    const trimmed = text.trimEnd();
    const reason = trimmed === "" || !trimmed.endsWith("}") ? "truncated" : "not-json";
    throw new JsonLinesError(reason === "truncated" ? "the file is empty or truncated" : "the file is not valid JSON", reason);
  }
  if (document === null || typeof document !== "object" || Array.isArray(document)) {
    throw new JsonLinesError("the file does not hold a JSON object", "not-json");
  }
  const object = document as Record<string, unknown>;
  if (sawArray) object[STREAMED_KEY] = records;
  return object;
}

function countNewlines(text: string): number {
  let count = 0;
  for (let i = text.indexOf("\n"); i !== -1; i = text.indexOf("\n", i + 1)) count++;
  return count;
}
