/**
 * Writes a RawSnapshot to disk atomically, in format/raw-layout.ts's layout: streamed in ~64 KB chunks with writeSync
 * (one JSON.stringify per allocation line, nothing else held), to a temp name, then
 * renamed. Works inside a process 'exit' handler.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { RAW_END, RAW_RECORD_SEPARATOR, rawHeadText } from "../format/raw-layout.js";
import type { RawParts } from "./collect.js";

const CHUNK_BYTES = 64 * 1024;

class ChunkWriter {
  private pending = "";
  constructor(private readonly fd: number) {}

  write(text: string): void {
    this.pending += text;
    if (this.pending.length >= CHUNK_BYTES) this.flush();
  }

  flush(): void {
    if (this.pending.length === 0) return;
    fs.writeSync(this.fd, this.pending);
    this.pending = "";
  }
}

/** Writes `parts` as `<dir>/.<name>.<pid>.<thread>.<n>.raw.json`; returns the path. */
export function writeRawFile(parts: RawParts, dir: string, name: string, threadId: number): string {
  fs.mkdirSync(dir, { recursive: true });
  const unique = `${process.pid}.${threadId}.${Date.now().toString(36)}${Math.random().toString(36).slice(2, 8)}`;
  const finalPath = path.join(dir, `.${name}.${unique}.raw.json`);
  const tempPath = `${finalPath}.tmp`;
  const fd = fs.openSync(tempPath, "w");
  try {
    const writer = new ChunkWriter(fd);
    writer.write(rawHeadText(parts.head));
    for (let i = 0; i < parts.allocationCount; i++) {
      if (i > 0) writer.write(RAW_RECORD_SEPARATOR);
      writer.write(parts.allocationJsonAt(i));
    }
    writer.write(RAW_END);
    writer.flush();
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
