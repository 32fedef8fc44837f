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
import { closeSync, openSync, readSync } from "node:fs";
import { open } from "node:fs/promises";
import { constants } from "node:buffer";

/** Key whose array is written one element per line. */
export const STREAMED_KEY = "allocations";

/**
 * Record lines to copy verbatim from a file (a raw snapshot in the JSON layout) instead
 * of serialising them again, or to take from a generator (the export child writes them
 * from the record columns): either way the records of `allocations`, each line ending in
 * ",\n" but the last, which ends in "\n".
 */
export type StreamedSource = CopiedSource | { lines: () => Iterable<string | Buffer> };
/** Record lines in a file's byte range. */
export interface CopiedSource {
  path: string;
  range: StreamedRange;
}

/**
 * Yields the document piece by piece: top-level keys in the given order, records one per
 * line. With `source`, the records are copied byte for byte from that file's range (the
 * export child does this: the runtime already wrote each record as one JSON line).
 */
export function* jsonLines(document: object, keyOrder: readonly string[], source?: StreamedSource): Generator<string | Buffer> {
  const record = document as Record<string, unknown>;
  const keys = [...keyOrder.filter((k) => k in record), ...Object.keys(record).filter((k) => !keyOrder.includes(k))];
  yield "{\n";
  for (let k = 0; k < keys.length; k++) {
    const key = keys[k] as string;
    const value = record[key];
    const comma = k < keys.length - 1 ? "," : "";
    if (key === STREAMED_KEY && Array.isArray(value)) {
      yield `${JSON.stringify(key)}:[\n`;
      if (source && "lines" in source) {
        yield* source.lines();
      } else if (source) {
        yield* copyRange(source);
      } else {
        for (let i = 0; i < value.length; i++) {
          yield JSON.stringify(value[i]) + (i < value.length - 1 ? ",\n" : "\n");
        }
      }
      yield `]${comma}\n`;
    } else {
      yield `${JSON.stringify(key)}:${JSON.stringify(value ?? null)}${comma}\n`;
    }
  }
  yield "}\n";
}

function* copyRange(source: CopiedSource): Generator<Buffer> {
  const fd = openSync(source.path, "r");
  try {
    let position = source.range.start;
    while (position < source.range.end) {
      const chunk = Buffer.allocUnsafe(Math.min(1 << 20, source.range.end - position));
      const read = readSync(fd, chunk, 0, chunk.length, position);
      if (read === 0) throw new Error(`${source.path} ended before byte ${source.range.end}`);
      position += read;
      yield chunk.subarray(0, read);
    }
  } finally {
    closeSync(fd);
  }
}

/** Why a file could not be read as a memscope JSON document. */
export class JsonLinesError extends Error {
  constructor(
    message: string,
    readonly reason: "not-json" | "truncated" | "not-a-file",
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

/** Byte range [start, end) of a file holding the streamed array's record lines. */
export interface StreamedRange {
  start: number;
  end: number;
}

export interface JsonLinesRead {
  document: Record<string, unknown>;
  /** Where the record lines sit in the file, when it has the line layout (null otherwise). */
  streamed: StreamedRange | null;
}

const NEWLINE = 0x0a;
/** The longest line read: V8's longest string (a longer one cannot become a string to parse). */
export const LINE_MAX_BYTES = constants.MAX_STRING_LENGTH;
const CLOSE_BRACKET = 0x5d;
const NEWLINE_CLOSE = Buffer.from("\n]");

/**
 * Reads a JSON document written in the layout above (or any JSON). Inside the streamed
 * array, whole runs of record lines are parsed with one JSON.parse per chunk (a run of
 * "{…},\n{…}" lines is a valid array body), falling back to line by line when a run is
 * laid out differently; everything else is collected and parsed once. Works on bytes
 * (UTF-8 never puts "\n" or "]" inside a multi-byte character), so it can also report
 * where the record lines are, for copying them verbatim.
 */
/**
 * Receives runs of whole record lines (bytes `from`..`to` of `buffer`, which starts at
 * file offset `fileOffset`) instead of having them parsed: for a caller that parses the
 * records elsewhere (the export child's parse workers). The document's streamed array
 * is then left empty.
 */
export type RecordBytesHandler = (buffer: Buffer, from: number, to: number, fileOffset: number) => void;

export async function readJsonLinesWithRange(path: string, chunkSize = 1 << 20, onRecordBytes?: RecordBytesHandler): Promise<JsonLinesRead> {
  const skeleton: string[] = [];
  const records: unknown[] = [];
  let inArray = false;
  let sawArray = false;
  let lineNumber = 0;
  let buffer: Buffer = Buffer.alloc(0);
  /** File offset of buffer[0]. */
  let bufferOffset = 0;
  let streamedStart = -1;
  let streamedEnd = -1;
  /** False once a run of record lines needed the line-by-line fallback: its bytes are not a clean array body. */
  let copyable = true;

  const parseRecordLines = (block: string): void => {
    const body = trimSeparators(block);
    if (body === "") {
      lineNumber += countNewlines(block);
      return;
    }
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
    copyable = false;
    for (const line of block.split("\n")) {
      lineNumber++;
      const text = trimSeparators(line);
      if (text === "") continue;
      try {
        records.push(JSON.parse(text));
      } catch {
        throw new JsonLinesError(`line ${lineNumber} is not valid JSON`, "not-json");
      }
    }
  };

  /** Returns true when this line opened the streamed array. */
  const handleOuterLine = (line: string): boolean => {
    lineNumber++;
    const prefix = sawArray ? null : arrayOpening(line);
    if (prefix !== null) {
      inArray = true;
      sawArray = true;
      if (prefix !== "") skeleton.push(prefix);
      return true;
    }
    skeleton.push(line);
    return false;
  };

  /** Consumes complete lines from the buffer; `final` when no more input follows. */
  const consume = (final: boolean): void => {
    let pos = 0;
    while (pos < buffer.length) {
      if (inArray) {
        // The array ends at the first line starting with "]" (records never start with it).
        const atClose = buffer[pos] === CLOSE_BRACKET;
        const close = atClose ? pos - 1 : buffer.indexOf(NEWLINE_CLOSE, pos);
        if (!atClose && close === -1) {
          const lastNewline = buffer.lastIndexOf(NEWLINE);
          if (lastNewline < pos) break;
          if (onRecordBytes) onRecordBytes(buffer, pos, lastNewline + 1, bufferOffset);
          else parseRecordLines(buffer.toString("utf8", pos, lastNewline + 1));
          pos = lastNewline + 1;
          continue;
        }
        if (close >= pos) {
          if (onRecordBytes) onRecordBytes(buffer, pos, close + 1, bufferOffset);
          else parseRecordLines(buffer.toString("utf8", pos, close + 1));
          pos = close + 1;
        }
        const lineEnd = buffer.indexOf(NEWLINE, pos);
        if (lineEnd === -1 && !final) break;
        streamedEnd = bufferOffset + pos;
        const closeLine = buffer.toString("utf8", pos, lineEnd === -1 ? buffer.length : lineEnd);
        inArray = false;
        lineNumber++;
        // Whatever follows "]" on its line (",", "}", "]}") continues the outer object.
        skeleton.push(`"${STREAMED_KEY}":[]${closeLine.slice(1)}`);
        pos = lineEnd === -1 ? buffer.length : lineEnd + 1;
        continue;
      }
      const newline = buffer.indexOf(NEWLINE, pos);
      if (newline === -1) {
        if (!final) break;
        handleOuterLine(buffer.toString("utf8", pos));
        pos = buffer.length;
        break;
      }
      if (handleOuterLine(buffer.toString("utf8", pos, newline))) streamedStart = bufferOffset + newline + 1;
      pos = newline + 1;
    }
    buffer = buffer.subarray(pos);
    bufferOffset += pos;
  };

  // A line longer than a chunk is gathered as a list of copied chunks and joined once
  // its end arrives: joining per chunk made a long line quadratic (151 MB: 11 s). No
  // line may outgrow the longest string V8 can hold: past it the input is not ours
  // (a single-line file, /dev/zero through a pipe) and reading stops with one line.
  let pending: Buffer[] = [];
  let pendingLength = 0;
  const tooLong = (): JsonLinesError =>
    new JsonLinesError(`line ${lineNumber + 1} is longer than ${LINE_MAX_BYTES} bytes: not a memscope document`, "not-json");
  for await (const chunk of fileChunks(path, chunkSize)) {
    const newline = chunk.indexOf(NEWLINE);
    if (newline === -1) {
      // The chunk buffers are reused two reads later: keep copies.
      if (buffer.length > 0) {
        pending.push(Buffer.from(buffer));
        pendingLength += buffer.length;
        buffer = Buffer.alloc(0);
      }
      pending.push(Buffer.from(chunk));
      pendingLength += chunk.length;
      if (pendingLength > LINE_MAX_BYTES) throw tooLong();
      continue;
    }
    let rest = chunk;
    if (buffer.length > 0 || pending.length > 0) {
      // Finish the pending partial line with the chunk's first line alone rather than
      // copying the whole chunk behind it (that copy was most of a large file's read).
      if (buffer.length + pendingLength + newline > LINE_MAX_BYTES) throw tooLong();
      buffer = Buffer.concat([buffer, ...pending, chunk.subarray(0, newline + 1)]);
      pending = [];
      pendingLength = 0;
      consume(false);
      rest = chunk.subarray(newline + 1);
    }
    buffer = buffer.length === 0 ? rest : Buffer.concat([buffer, rest]);
    consume(false);
  }
  if (pending.length > 0) buffer = Buffer.concat([buffer, ...pending]);
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
  const streamed = sawArray && copyable && streamedStart >= 0 && streamedEnd >= streamedStart ? { start: streamedStart, end: streamedEnd } : null;
  return { document: object, streamed };
}

/**
 * The file's bytes in chunks, read into two buffers used in turn: a chunk stays valid
 * until the next but one is read, long enough for the reader above, which copies
 * whatever it keeps of a chunk (a partial line) when the next one arrives. Fresh
 * buffers per chunk would be hundreds of MB of external memory for a large file, each
 * bit of it bringing the next full garbage collection closer.
 */
async function* fileChunks(path: string, chunkSize: number): AsyncGenerator<Buffer> {
  const handle = await open(path, "r");
  try {
    // A regular file or a pipe (`… | memscope summary /dev/stdin`: a FIFO from a shell, a
    // socket pair from Node's child_process); a device such as /dev/zero or /dev/urandom
    // would be read until memory runs out.
    const info = await handle.stat();
    if (info.isDirectory()) throw Object.assign(new Error(`${path} is a directory`), { code: "EISDIR" });
    if (!info.isFile() && !info.isFIFO() && !info.isSocket()) {
      const kind = info.isCharacterDevice() ? "a character device" : info.isBlockDevice() ? "a block device" : "not a file";
      throw new JsonLinesError(`${kind}, not a regular file or a pipe`, "not-a-file");
    }
    const buffers = [Buffer.allocUnsafe(chunkSize), Buffer.allocUnsafe(chunkSize)];
    for (let turn = 0; ; turn ^= 1) {
      const target = buffers[turn] as Buffer;
      const { bytesRead } = await handle.read(target, 0, chunkSize, null);
      if (bytesRead === 0) return;
      yield target.subarray(0, bytesRead);
    }
  } finally {
    await handle.close();
  }
}

export async function readJsonLines(path: string, chunkSize = 1 << 20): Promise<Record<string, unknown>> {
  return (await readJsonLinesWithRange(path, chunkSize)).document;
}

/** JSON whitespace (space, tab, CR, LF) or a comma. */
function isSeparator(code: number): boolean {
  return code === 0x20 || code === 0x0a || code === 0x0d || code === 0x09 || code === 0x2c;
}

/**
 * Strips separators (JSON whitespace and commas) from both ends. A loop, not
 * `/[\s,]+$/`: V8 tries an end-anchored regex at every position of the string, which
 * cost 4% of a 1M-record export on its 1 MB blocks.
 */
export function trimSeparators(text: string): string {
  let start = 0;
  let end = text.length;
  while (start < end && isSeparator(text.charCodeAt(start))) start++;
  while (end > start && isSeparator(text.charCodeAt(end - 1))) end--;
  return start === 0 && end === text.length ? text : text.slice(start, end);
}

function countNewlines(text: string): number {
  let count = 0;
  for (let i = text.indexOf("\n"); i !== -1; i = text.indexOf("\n", i + 1)) count++;
  return count;
}
