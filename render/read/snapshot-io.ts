/** Reading and writing `<name>_snapshot.json` (and the runtime's raw snapshot). */
import { RAW_SECTIONS, RECORDS_KEY, type RawSectionKind } from "../../format/raw-layout.js";
import { FORMAT_VERSION, type RawSnapshot, type Snapshot } from "../../format/snapshot.js";
import { writeStreamAtomic } from "../write/atomic.js";
import { SnapshotInputError, describeSystemError } from "../errors.js";
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
  "retainers",
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


/**
 * The runtime's raw snapshot and, when the file has the line layout, where its record
 * lines are. The runtime is trusted code, so this checks the shape cheaply (sections
 * present with the right kind) rather than every record; the written snapshot is what
 * the schema tests cover.
 */
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

function hasKind(value: unknown, kind: RawSectionKind): boolean {
  if (kind === "array") return Array.isArray(value);
  if (kind === "object") return Boolean(value) && typeof value === "object";
  return typeof value === "number";
}

function checkRawDocument(document: Record<string, unknown>, path: string): void {
  checkFormatVersion(document, path, "raw snapshot");
  // The records, then the other arrays, the objects, the numbers: the first missing section is the one named.
  const sections = [...RAW_SECTIONS].sort((a, b) => Number(b.key === RECORDS_KEY) - Number(a.key === RECORDS_KEY));
  for (const kind of ["array", "object", "number"] as const) {
    for (const section of sections) {
      if ("optional" in section && document[section.key] === undefined) continue;
      if (section.kind === kind && !hasKind(document[section.key], kind)) throw new SnapshotInputError(`${path}: raw snapshot has no "${section.key}" ${kind}`);
    }
  }
}
