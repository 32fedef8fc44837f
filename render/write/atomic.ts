/**
 * Atomic file writes: every report is written to a temp file beside its final name and
 * renamed into place, so a reader never sees half a file and a failure leaves none.
 */
import { once } from "node:events";
import { createWriteStream, promises as fs, type WriteStream } from "node:fs";
import { basename, dirname, join } from "node:path";
import { OutputError, describeSystemError } from "../errors.js";

let tempCount = 0;

/**
 * Unique per process (pid, a counter) and unlikely to meet another process's leftover
 * (a random part). Not node:crypto: loading it costs the export child ~5–10 ms.
 */
function tempPathFor(finalPath: string): string {
  const random = Math.floor(Math.random() * 0x1_0000_0000).toString(16).padStart(8, "0");
  return join(dirname(finalPath), `.${basename(finalPath)}.${process.pid}.${++tempCount}${random}.tmp`);
}

/** Creates the directory (and parents) or throws OutputError with one line. */
export async function ensureOutputDir(dir: string): Promise<void> {
  try {
    await fs.mkdir(dir, { recursive: true });
    await fs.access(dir, fs.constants?.W_OK ?? 2);
  } catch (error) {
    throw new OutputError(`cannot write to output directory ${dir} (${describeSystemError(error)})`);
  }
}

export async function writeFileAtomic(finalPath: string, content: string): Promise<void> {
  const temp = tempPathFor(finalPath);
  try {
    await fs.writeFile(temp, content, "utf8");
    await fs.rename(temp, finalPath);
  } catch (error) {
    await fs.rm(temp, { force: true }).catch(() => undefined);
    throw new OutputError(`cannot write ${finalPath} (${describeSystemError(error)})`);
  }
}

/** Resolves on 'drain', or when the stream failed or closed (the caller checks the failure). */
function drained(stream: NodeJS.WritableStream): Promise<void> {
  return new Promise((resolveDrain) => {
    const done = (): void => {
      stream.off("drain", done);
      stream.off("error", done);
      stream.off("close", done);
      resolveDrain();
    };
    stream.on("drain", done);
    stream.on("error", done);
    stream.on("close", done);
  });
}

/**
 * Documents up to this size are gathered in memory and written with one call: a write
 * stream's setup and per-chunk round trips cost more than the write itself for the few
 * MB a typical export writes (measured ~8 ms of ~20 on a 2.7 MB snapshot JSON).
 */
export const SINGLE_WRITE_MAX_BYTES = 16 << 20;

/**
 * Writes pieces to a temp file, then renames it. A document of up to `singleWriteMax`
 * bytes is written in one call; a larger one streams with backpressure, strings batched
 * into ~1 MB writes so a million small lines do not become a million write calls, and
 * never one giant string either; Buffers are written as they come. Same bytes either way.
 */
export async function writeStreamAtomic(
  finalPath: string,
  pieces: Iterable<string | Buffer>,
  singleWriteMax = SINGLE_WRITE_MAX_BYTES,
): Promise<void> {
  const temp = tempPathFor(finalPath);
  let stream: WriteStream | null = null;
  try {
    const iterator = pieces[Symbol.iterator]();
    const head = gatherUpTo(iterator, singleWriteMax);
    if (head.complete) {
      await fs.writeFile(temp, head.bytes.length === 1 ? (head.bytes[0] as Buffer) : Buffer.concat(head.bytes));
    } else {
      stream = createWriteStream(temp);
      await streamPieces(stream, [head.bytes, { [Symbol.iterator]: () => iterator }]);
    }
    await fs.rename(temp, finalPath);
  } catch (error) {
    stream?.destroy();
    await fs.rm(temp, { force: true }).catch(() => undefined);
    throw new OutputError(`cannot write ${finalPath} (${describeSystemError(error)})`);
  }
}

/**
 * Takes pieces until the iterator ends (complete) or more than `max` bytes came; runs of
 * strings are joined before encoding, so many small lines are not many small Buffers.
 */
function gatherUpTo(iterator: Iterator<string | Buffer>, max: number): { bytes: Buffer[]; complete: boolean } {
  const bytes: Buffer[] = [];
  let strings: string[] = [];
  let size = 0;
  let pendingLength = 0;
  const flushStrings = (): void => {
    if (strings.length === 0) return;
    const buffer = Buffer.from(strings.join(""), "utf8");
    bytes.push(buffer);
    size += buffer.length;
    strings = [];
    pendingLength = 0;
  };
  for (;;) {
    // Pending strings count by length (UTF-16 units): their UTF-8 bytes are at most three
    // times that, so what is held stays within a small multiple of `max`.
    if (size + pendingLength > max) {
      flushStrings();
      if (size > max) return { bytes, complete: false };
    }
    const next = iterator.next();
    if (next.done) {
      flushStrings();
      return { bytes, complete: true };
    }
    const piece = next.value;
    if (typeof piece === "string") {
      strings.push(piece);
      pendingLength += piece.length;
    } else {
      flushStrings();
      bytes.push(piece);
      size += piece.length;
    }
  }
}

/** Streams with backpressure; `sources` in order (gathered Buffers first, then the rest). */
async function streamPieces(stream: WriteStream, sources: Array<Iterable<string | Buffer>>): Promise<void> {
  let failure: unknown = null;
  stream.on("error", (error) => {
    failure ??= error;
  });
  let batch: string[] = [];
  let batchLength = 0;
  const flush = async (): Promise<void> => {
    if (batch.length === 0) return;
    const ok = stream.write(batch.join(""), "utf8");
    batch = [];
    batchLength = 0;
    if (!ok) await drained(stream);
    if (failure) throw failure;
  };
  for (const pieces of sources) {
    for (const piece of pieces) {
      if (typeof piece !== "string") {
        // Bytes copied from another file go out as they are, after the text before them.
        await flush();
        if (!stream.write(piece)) await drained(stream);
        if (failure) throw failure;
        continue;
      }
      batch.push(piece);
      batchLength += piece.length;
      if (batchLength >= 1 << 20) await flush();
    }
  }
  await flush();
  stream.end();
  await Promise.race([once(stream, "finish"), once(stream, "error")]);
  if (failure) throw failure;
}
