/**
 * memscope-ts/render: from a runtime's RawSnapshot to the three files a user opens.
 *   buildSnapshot(raw)           pure: the eight metrics, memory_hierarchy, leaks
 *   renderReports(snapshot, …)   JSON snapshot + memory analysis SVG + lifecycle timeline SVG
 *   readSnapshot(path)           read and validate a written snapshot
 *   formatBytes(bytes)           the one human-readable size formatter
 *   runtimeCounterNotes(c)       what the runtime counted instead of recording, as sentences
 *   indexObjects, objectBytes…   per-object bytes of record objects (the CLI's reports)
 */
export { buildSnapshot, type BuildOptions } from "./derive/snapshot.js";
export { SnapshotInputError, OutputError } from "./errors.js";
export { formatBytes, formatDuration, formatPercent } from "./units.js";
export { readSnapshot, readRawSnapshot, writeSnapshotJson } from "./read/snapshot-io.js";
export { renderReports, reportPaths, REPORT_KINDS, type ReportKind, type ReportPaths, type RenderOptions } from "./write/reports.js";
export { schemaProblem, SCHEMA_PATH } from "./read/schema.js";
export { DEFAULT_LEAK_THRESHOLD_MS } from "./derive/leak-reasons.js";
export { runtimeCounterNotes } from "./derive/runtime-notes.js";
export { formatSignedPercent } from "./derive/precision.js";
export { indexObjects, isAliveAtExport, objectBytes, recordBytes } from "./derive/record-objects.js";
