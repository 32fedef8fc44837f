export {
  registerFile, enter, exit, track, trackVar, getStats, collectRaw,
  exportAll, exportJson, exportMemoryAnalysis, exportLifecycleTimeline,
} from "./runtime/index.js";
export type { ExportOptions, ReportKind, ReportPaths, RuntimeStats } from "./runtime/index.js";
export type * from "./format/snapshot.js";
