/** Reading and writing `<name>_snapshot.json` (and the runtime's raw snapshot). */
import { FORMAT_VERSION, type RawSnapshot, type Snapshot } from "../runtime/snapshot.js";
import { writeStreamAtomic } from "./atomic.js";
import { SnapshotInputError, describeSystemError } from "./errors.js";
import { JsonLinesError, jsonLines, readJsonLines } from "./json-lines.js";
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
  "allocations",
] as const;

export async function writeSnapshotJson(snapshot: Snapshot, path: string): Promise<void> {
  await writeStreamAtomic(path, jsonLines(snapshot, SNAPSHOT_KEY_ORDER));
}

async function readDocument(path: string, what: string): Promise<Record<string, unknown>> {
  try {
    return await readJsonLines(path);
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
  const document = await readDocument(path, "memscope snapshot");
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
  const document = await readDocument(path, "raw snapshot");
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
  return document as unknown as RawSnapshot;
}
