/**
 * Runs of the raw snapshot's record lines (one JSON record per line, commas at either
 * end) parsed a block at a time: about 1 MB of whole lines through one JSON.parse, each
 * record handed on at once, so the record objects die young. Used by the parse workers
 * (parse-worker.ts) and by the export child's own read of a smaller snapshot
 * (export-scan.ts).
 */
import { isAscii } from "node:buffer";
import type { AllocationRecord } from "../../format/snapshot.js";
import { trimSeparators } from "./json-lines.js";

const BLOCK_BYTES = 1 << 20;
const NEWLINE = 0x0a;

/** Takes each parsed record (a RecordColumnsBuilder, or the one-pass read's checker). */
export interface RecordSink {
  add(record: AllocationRecord): void;
}

/**
 * Parses `bytes` (whole record lines) and hands each record to `sink.add`, in order.
 * False when a block is not a plain run of record lines (not a JSON array body); what
 * `sink.add` throws is passed on. A sink object rather than a callback: the parse
 * workers pass their column builder itself, the same class at every call.
 */
export function forEachRecordInLines(bytes: Buffer, sink: RecordSink): boolean {
  let pos = 0;
  while (pos < bytes.length) {
    let stop = Math.min(bytes.length, pos + BLOCK_BYTES);
    if (stop < bytes.length) {
      const newline = bytes.lastIndexOf(NEWLINE, stop - 1);
      stop = newline >= pos ? newline + 1 : bytes.length;
    }
    // Record lines are nearly always ASCII: then latin1 decoding gives the same text, faster.
    const block = bytes.subarray(pos, stop);
    const body = trimSeparators(block.toString(isAscii(block) ? "latin1" : "utf8"));
    pos = stop;
    if (body === "") continue;
    let records: AllocationRecord[];
    try {
      records = JSON.parse(`[${body}]`) as AllocationRecord[];
    } catch {
      return false;
    }
    for (const record of records) sink.add(record);
  }
  return true;
}
