/**
 * The line layout memscope uses for its JSON files (the runtime's raw snapshot and the
 * written `<name>_snapshot.json`): an ordinary JSON object whose `allocations` array
 * opens on its own line, holds one record per line and closes on its own line:
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
 * Writing it never builds one giant string; reading it parses one record per line,
 * so a million records never become one giant string either. Any other valid JSON
 * is read too (as a whole), which keeps hand-written fixtures working.
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

const OPEN_ARRAY = new RegExp(`^\\s*"${STREAMED_KEY}"\\s*:\\s*\\[\\s*$`);
const CLOSE_ARRAY = /^\s*\]\s*(,?)\s*$/;

/**
 * Reads a JSON document written in the layout above (or any JSON). Records inside the
 * streamed array are parsed line by line; everything else is collected and parsed once.
 */
export async function readJsonLines(path: string): Promise<Record<string, unknown>> {
  const skeleton: string[] = [];
  const records: unknown[] = [];
  let inArray = false;
  let sawArray = false;
  let lineNumber = 0;
  let pending = "";

  const handleLine = (line: string): void => {
    lineNumber++;
    if (inArray) {
      const close = CLOSE_ARRAY.exec(line);
      if (close) {
        inArray = false;
        skeleton.push(`"${STREAMED_KEY}":[]${close[1] ?? ""}`);
        return;
      }
      let text = line.trimEnd();
      if (text.endsWith(",")) text = text.slice(0, -1);
      if (text.trim() === "") return;
      try {
        records.push(JSON.parse(text));
      } catch {
        throw new JsonLinesError(`line ${lineNumber} is not valid JSON`, "not-json");
      }
      return;
    }
    if (!sawArray && OPEN_ARRAY.test(line)) {
      inArray = true;
      sawArray = true;
      return;
    }
    skeleton.push(line);
  };

  const stream = createReadStream(path, { encoding: "utf8", highWaterMark: 1 << 20 });
  for await (const chunk of stream as AsyncIterable<string>) {
    let start = 0;
    let newline = chunk.indexOf("\n");
    while (newline !== -1) {
      const line = pending + chunk.slice(start, newline);
      pending = "";
      handleLine(line);
      start = newline + 1;
      newline = chunk.indexOf("\n", start);
    }
    pending += chunk.slice(start);
  }
  if (pending !== "") handleLine(pending);
  if (inArray) throw new JsonLinesError(`the file ends inside "${STREAMED_KEY}" (truncated)`, "truncated");

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
