/**
 * memscope-ts/render: from a runtime's RawSnapshot to the four files a user opens.
 *   buildSnapshot(raw)           pure: the eight metrics, memory_hierarchy, leaks
 *   renderReports(snapshot, …)   JSON snapshot + memory analysis SVG + lifecycle timeline SVG + HTML report
 *   writeDiffHtmlReport(…)       the HTML report of `memscope diff --html`
 *   readSnapshot(path)           read and validate a written snapshot
 *   formatBytes(bytes)           the one human-readable size formatter
 *   runtimeCounterNotes(c)       what the runtime counted instead of recording, as sentences
 *   exportNotes(metadata)        liveness the export could not settle, precise mode that could not run
 *   indexSnapshotRecords, top…   the record index and the analysis tables' rows (the CLI's tables)
 */
export { buildSnapshot, type BuildOptions } from "./derive/snapshot.js";
export { SnapshotInputError, OutputError } from "./errors.js";
export { formatBytes, formatCount, formatDuration, formatPercent, shortText, TABLE_TYPE_CHARS } from "./units.js";
export { readSnapshot, writeSnapshotJson } from "./read/snapshot-io.js";
export { renderReports, reportPaths, safeReportName, REPORT_KINDS, type ReportKind, type ReportPaths, type RenderOptions } from "./write/reports.js";
export { writeDiffHtmlReport } from "./html/report.js";
export { schemaProblem, SCHEMA_PATH } from "./read/schema.js";
export { DEFAULT_LEAK_THRESHOLD_MS } from "./derive/leak-reasons.js";
export { exportNotes, runtimeCounterNotes } from "./derive/runtime-notes.js";
export { noRecordsReason } from "./derive/summary.js";
export { formatSignedPercent } from "./derive/precision.js";
export { isAliveAtExport, recordBytes } from "./derive/record-objects.js";
export { checkSameBuild, MergeError, mergeSnapshots, type MergeInput, type MergeOptions } from "./merge/merge.js";
// The analysis SVG's table derivations, for the CLI's tables (one derivation per figure).
export { indexSnapshotRecords } from "./draw/model.js";
export { nameSiteRows, topSitesFromIndex, topVariablesFromIndex } from "./draw/analysis/rows.js";
export { preciseCells } from "./draw/analysis/precise-cells.js";
export { leakBytesText, metricCards } from "./draw/analysis/svg.js";
export { peakSourceOf } from "./derive/summary.js";
export { siteFiguresFromIndex, type SiteFigures } from "./derive/site-figures.js";
