/** Reading and writing `<name>_snapshot.json` (and the runtime's raw snapshot). */
import { FORMAT_VERSION, type RawSnapshot, type Snapshot } from "../runtime/snapshot.js";
import { writeStreamAtomic } from "./atomic.js";
import { SnapshotInputError, describeSystemError } from "./errors.js";
import { JsonLinesError, jsonLines, readJsonLinesWithRange, type RecordBytesHandler, type StreamedSource } from "./json-lines.js";
import { schemaProblem } from "./schema.js";

/** Top-level key order of the written snapshot: what a reader wants first comes first. */
export const SNAPSHOT_KEY_ORDER = [
  "metadata",
  "summary",
  "leaks",
  "memory_hierarchy",
  "scopes",
  "relations",
  "timeline",
  "gc",
  "heap",
  "threads",
  "dropped_records",
  "folded_sites",
  "tracked_sites",
  "variable_sites",
  "allocations",
] as const;

/**
 * Streams the snapshot to `path` atomically. `allocationsFrom` (export child only) names
 * the raw file's record lines, the very records in `snapshot.allocations`, to copy them
 * instead of serialising a million records again.
 */
export async function writeSnapshotJson(snapshot: Snapshot, path: string, allocationsFrom?: StreamedSource): Promise<void> {
  await writeStreamAtomic(path, jsonLines(snapshot, SNAPSHOT_KEY_ORDER, allocationsFrom));
}

async function readDocument(
  path: string,
  what: string,
  onRecordBytes?: RecordBytesHandler,
): Promise<{ document: Record<string, unknown>; source: StreamedSource | null }> {
  try {
    const read = await readJsonLinesWithRange(path, onRecordBytes ? 4 << 20 : 1 << 20, onRecordBytes);
    return { document: read.document, source: read.streamed ? { path, range: read.streamed } : null };
  } catch (error) {
    if (error instanceof JsonLinesError) {
      throw new SnapshotInputError(`${path}: not a readable ${what}: ${error.message}`);
    }
    if (error && typeof error === "object" && "code" in error && error.code === "ENOENT") {
      throw new SnapshotInputError(`${path}: no such file`);
    }
    if (error && typeof error === "object" && "code" in error && error.code === "EISDIR") {
      throw new SnapshotInputError(`${path}: is a directory, expected a ${what} file`);
    }
    throw new SnapshotInputError(`${path}: cannot read ${what} (${describeSystemError(error)})`);
  }
}

function checkFormatVersion(document: Record<string, unknown>, path: string, what: string): void {
  const metadata = document["metadata"];
  const version =
    metadata && typeof metadata === "object" ? (metadata as Record<string, unknown>)["format_version"] : undefined;
  if (version === undefined) throw new SnapshotInputError(`${path}: not a memscope ${what} (no metadata.format_version)`);
  if (version !== FORMAT_VERSION) {
    throw new SnapshotInputError(
      `${path}: ${what} format_version ${JSON.stringify(version)} is not supported (this memscope-ts reads version ${FORMAT_VERSION})`,
    );
  }
}

/** Reads and checks a written snapshot (format version, then the JSON Schema). */
export async function readSnapshot(path: string): Promise<Snapshot> {
  const { document } = await readDocument(path, "memscope snapshot");
  checkFormatVersion(document, path, "snapshot");
  const problem = schemaProblem(document);
  if (problem) throw new SnapshotInputError(`${path}: snapshot does not match the schema: ${problem}`);
  return document as unknown as Snapshot;
}

const RAW_ARRAYS = ["allocations", "scopes", "relations", "timeline", "threads", "folded_sites"] as const;
const RAW_OBJECTS = ["metadata", "gc", "heap"] as const;

/**
 * Reads the runtime's raw snapshot. The runtime is trusted code, so this checks the
 * shape cheaply (sections present with the right kind) rather than every record;
 * the written snapshot is what the schema tests cover.
 */
export async function readRawSnapshot(path: string): Promise<RawSnapshot> {
  return (await readRawSnapshotWithSource(path)).raw;
}

/** The raw snapshot and, when the file has the line layout, where its record lines are. */
export async function readRawSnapshotWithSource(path: string): Promise<{ raw: RawSnapshot; allocationsFrom: StreamedSource | null }> {
  const { document, source } = await readDocument(path, "raw snapshot");
  checkRawDocument(document, path);
  return { raw: document as unknown as RawSnapshot, allocationsFrom: source };
}

/**
 * Reads the raw snapshot's sections and hands its record lines, unparsed, to
 * `onRecordBytes` (in file order); `raw.allocations` is left empty. Same checks and
 * errors as readRawSnapshotWithSource.
 */
export async function scanRawSnapshot(
  path: string,
  onRecordBytes: RecordBytesHandler,
): Promise<{ raw: RawSnapshot; allocationsFrom: StreamedSource | null }> {
  const { document, source } = await readDocument(path, "raw snapshot", onRecordBytes);
  checkRawDocument(document, path);
  return { raw: document as unknown as RawSnapshot, allocationsFrom: source };
}

function checkRawDocument(document: Record<string, unknown>, path: string): void {
  checkFormatVersion(document, path, "raw snapshot");
  for (const key of RAW_ARRAYS) {
    if (!Array.isArray(document[key])) throw new SnapshotInputError(`${path}: raw snapshot has no "${key}" array`);
  }
  for (const key of RAW_OBJECTS) {
    const value = document[key];
    if (!value || typeof value !== "object") throw new SnapshotInputError(`${path}: raw snapshot has no "${key}" object`);
  }
  for (const key of ["dropped_records", "tracked_sites"] as const) {
    if (typeof document[key] !== "number") throw new SnapshotInputError(`${path}: raw snapshot has no "${key}" number`);
  }
}
