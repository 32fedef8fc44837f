/**
 * Takes a V8 heap snapshot of this very thread, handing its JSON text to `onChunk`
 * piece by piece.
 *
 * Synchronous, so precise mode works inside a process 'exit' handler, where no later
 * turn of the event loop will come, and the same on every Node version:
 * v8.writeHeapSnapshot writes the snapshot to a temporary file (V8 builds and
 * serialises it before the call returns), which is then read back in 1 MB pieces and
 * removed. A same-thread inspector session (`HeapProfiler.takeHeapSnapshot`) was
 * synchronous only up to Node 20: from Node 22 on the command completes on a later
 * turn of the event loop.
 */
import { closeSync, mkdtempSync, openSync, readSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { StringDecoder } from "node:string_decoder";
import { writeHeapSnapshot } from "node:v8";

export class SnapshotUnavailableError extends Error {
  override name = "SnapshotUnavailableError";
}

const READ_BYTES = 1 << 20;

/**
 * `directory` holds the temporary snapshot file while it is read (the OS temp dir by
 * default). `onChunk` gets each piece with the byte offset it starts at; `whileOnDisk`,
 * when given, runs after the last piece and before the file is removed (to read parts
 * of it again).
 */
export function takeHeapSnapshot(
  onChunk: (chunk: string, byteOffset: number) => void,
  directory: string = tmpdir(),
  whileOnDisk?: (file: string) => void,
): void {
  let dir: string;
  try {
    dir = mkdtempSync(join(directory, "memscope-heap-"));
  } catch (error) {
    throw new SnapshotUnavailableError(`cannot create a temporary directory for the heap snapshot in ${directory}: ${(error as Error).message}`);
  }
  try {
    const file = join(dir, "heap.heapsnapshot");
    try {
      writeHeapSnapshot(file);
    } catch (error) {
      throw new SnapshotUnavailableError(`V8 could not write the heap snapshot to ${directory}: ${(error as Error).message}`);
    }
    const fd = openSync(file, "r");
    try {
      const buffer = Buffer.allocUnsafe(READ_BYTES);
      const decoder = new StringDecoder("utf8");
      let offset = 0;
      for (;;) {
        const read = readSync(fd, buffer, 0, READ_BYTES, null);
        if (read === 0) break;
        const text = decoder.write(buffer.subarray(0, read));
        if (text.length > 0) onChunk(text, offset);
        offset += read;
      }
      const rest = decoder.end();
      if (rest.length > 0) onChunk(rest, offset);
    } finally {
      closeSync(fd);
    }
    whileOnDisk?.(file);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
