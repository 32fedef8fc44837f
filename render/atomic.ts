/**
 * Atomic file writes: every report is written to a temp file beside its final name and
 * renamed into place, so a reader never sees half a file and a failure leaves none.
 */
import { randomBytes } from "node:crypto";
import { once } from "node:events";
import { createWriteStream, promises as fs } from "node:fs";
import { basename, dirname, join } from "node:path";
import { OutputError, describeSystemError } from "./errors.js";

function tempPathFor(finalPath: string): string {
  return join(dirname(finalPath), `.${basename(finalPath)}.${process.pid}.${randomBytes(4).toString("hex")}.tmp`);
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
 * Streams pieces into a temp file with backpressure, then renames it. Strings are
 * batched into ~1 MB writes so a million small lines do not become a million write
 * calls, and never one giant string either; Buffers are written as they come.
 */
export async function writeStreamAtomic(finalPath: string, pieces: Iterable<string | Buffer>): Promise<void> {
  const temp = tempPathFor(finalPath);
  const stream = createWriteStream(temp, { encoding: "utf8" });
  let failure: unknown = null;
  stream.on("error", (error) => {
    failure ??= error;
  });
  try {
    let batch: string[] = [];
    let batchLength = 0;
    const flush = async (): Promise<void> => {
      if (batch.length === 0) return;
      const ok = stream.write(batch.join(""));
      batch = [];
      batchLength = 0;
      if (!ok) await drained(stream);
      if (failure) throw failure;
    };
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
    await flush();
    stream.end();
    await Promise.race([once(stream, "finish"), once(stream, "error")]);
    if (failure) throw failure;
    await fs.rename(temp, finalPath);
  } catch (error) {
    stream.destroy();
    await fs.rm(temp, { force: true }).catch(() => undefined);
    throw new OutputError(`cannot write ${finalPath} (${describeSystemError(error)})`);
  }
}
