/**
 * memscope-ts/render: from a runtime's RawSnapshot to the three files a user opens.
 *   buildSnapshot(raw)           pure: the eight metrics, memory_hierarchy, leaks
 *   renderReports(snapshot, …)   JSON snapshot + memory analysis SVG + lifecycle timeline SVG
 *   readSnapshot(path)           read and validate a written snapshot
 *   formatBytes(bytes)           the one human-readable size formatter
 *   runtimeCounterNotes(c)       what the runtime counted instead of recording, as sentences
 *   exportNotes(metadata)        liveness the export could not settle, precise mode that could not run
 */
export { buildSnapshot, type BuildOptions } from "./build.js";
export { SnapshotInputError, OutputError } from "./errors.js";
export { formatBytes, formatDuration, formatPercent } from "./format.js";
export { readSnapshot, readRawSnapshot, writeSnapshotJson } from "./snapshot-io.js";
export { renderReports, reportPaths, REPORT_KINDS, type ReportKind, type ReportPaths, type RenderOptions } from "./report.js";
export { schemaProblem, SCHEMA_PATH } from "./schema.js";
export { DEFAULT_LEAK_THRESHOLD_MS } from "./leaks.js";
export { exportNotes, runtimeCounterNotes } from "./runtime-notes.js";
