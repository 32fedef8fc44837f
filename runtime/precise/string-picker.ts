/**
 * The texts of a few entries of a heap snapshot's string table, read back from the
 * snapshot file after the graph is parsed (the parser keeps no strings: a large heap
 * has millions). Reading starts at `fromByte`, a position before the table that
 * holds only numbers and section names up to it (the bytes V8 wrote before `"strings":[`
 * are ASCII, so starting between two chunks cannot split a character that matters).
 */
import { closeSync, openSync, readSync } from "node:fs";
import { StringDecoder } from "node:string_decoder";

const READ_BYTES = 1 << 20;
/** Characters kept of each wanted string, before JSON unescaping. */
const MAX_RAW_CHARS = 400;

export function pickStrings(file: string, fromByte: number, wanted: ReadonlySet<number>): Map<number, string> {
  const texts = new Map<number, string>();
  if (wanted.size === 0) return texts;
  const fd = openSync(file, "r");
  try {
    const buffer = Buffer.allocUnsafe(READ_BYTES);
    const decoder = new StringDecoder("utf8");
    let position = fromByte;
    let seeking = "";
    let inTable = false;
    let inString = false;
    let index = 0;
    let current: string | null = "";
    let escaped = false;
    for (;;) {
      const read = readSync(fd, buffer, 0, READ_BYTES, position);
      if (read === 0) break;
      position += read;
      let chunk = decoder.write(buffer.subarray(0, read));
      if (!inTable) {
        seeking = (seeking + chunk).slice(-(READ_BYTES + 64));
        const match = /"strings"\s*:\s*\[/.exec(seeking);
        if (!match) {
          seeking = seeking.slice(-64);
          continue;
        }
        chunk = seeking.slice(match.index + match[0].length);
        seeking = "";
        inTable = true;
      }
      for (let i = 0; i < chunk.length; i++) {
        const c = chunk.charCodeAt(i);
        if (!inString) {
          if (c === 34) {
            inString = true;
            current = wanted.has(index) ? "" : null;
          } else if (c === 93) {
            return texts;
          }
          continue;
        }
        if (escaped) {
          escaped = false;
        } else if (c === 92) {
          escaped = true;
        } else if (c === 34) {
          if (current !== null) texts.set(index, unescape(current));
          inString = false;
          index++;
          if (texts.size === wanted.size) return texts;
          continue;
        }
        if (current !== null && current.length < MAX_RAW_CHARS) current += chunk[i];
      }
    }
    return texts;
  } finally {
    closeSync(fd);
  }
}

/** JSON string text (possibly cut in the middle of an escape) to its value. */
function unescape(raw: string): string {
  for (let cut = raw.length; cut >= raw.length - 6 && cut >= 0; cut--) {
    try {
      return JSON.parse(`"${raw.slice(0, cut)}"`) as string;
    } catch {
      // a cut escape sequence at the end: try a shorter prefix
    }
  }
  return raw.replace(/\\./g, "");
}
