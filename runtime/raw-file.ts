/**
 * Writes a RawSnapshot to disk atomically, in format/raw-columns.ts's layout: the
 * sections in the header, then the records as column blocks filled straight from the
 * store (one block of ~0.5 MB held at a time, written with writeSync), to a temp name,
 * then renamed. Works inside a process 'exit' handler.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { RawColumnsEncoder } from "../format/raw-columns.js";
import type { RawParts } from "./collect.js";
import { dateNow, mathRandom, slice } from "./intrinsics.js";

function writeAll(fd: number, pieces: readonly Uint8Array[]): void {
  for (let p = 0; p < pieces.length; p++) {
    const piece = pieces[p]!;
    let written = 0;
    while (written < piece.length) written += fs.writeSync(fd, piece, written, piece.length - written);
  }
}

/** Writes `parts` as `<dir>/.<name>.<pid>.<thread>.<n>.raw`; returns the path. */
export function writeRawFile(parts: RawParts, dir: string, name: string, threadId: number): string {
  fs.mkdirSync(dir, { recursive: true });
  const unique = `${process.pid}.${threadId}.${dateNow().toString(36)}${slice(mathRandom().toString(36), 2, 8)}`;
  const finalPath = path.join(dir, `.${name}.${unique}.raw`);
  const tempPath = `${finalPath}.tmp`;
  const fd = fs.openSync(tempPath, "w");
  try {
    const encoder = new RawColumnsEncoder();
    writeAll(fd, encoder.start(parts.head));
    for (let i = 0; i < parts.allocationCount; i++) {
      parts.allocationInto(i, encoder);
      if (encoder.full) writeAll(fd, encoder.takeBlock());
    }
    writeAll(fd, encoder.takeBlock());
    writeAll(fd, encoder.end());
    fs.closeSync(fd);
  } catch (error) {
    try {
      fs.closeSync(fd);
    } catch {
      // already closed
    }
    fs.rmSync(tempPath, { force: true });
    throw error;
  }
  fs.renameSync(tempPath, finalPath);
  return finalPath;
}
