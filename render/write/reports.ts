/**
 * renderReports: writes the requested files for a snapshot. For large snapshots the
 * SVGs render on the piscina pool from small aggregated models while the main thread
 * streams the JSON; for smaller ones they render on the main thread, since starting the
 * pool's threads (each loading the render modules) costs more than the rendering. Same
 * render functions, same bytes either way. Every file is written atomically, so a
 * failure never leaves a partial file.
 */
import { resolve } from "node:path";
import { EXPORT_LIMITS, exportPlan } from "../../format/export-plan.js";
import type { Snapshot } from "../../format/snapshot.js";
import { ensureOutputDir } from "./atomic.js";
import { analysisModelFromIndex } from "../draw/analysis/model.js";
import { indexSnapshotRecords } from "../draw/model.js";
import { timelineModelFromIndex } from "../draw/timeline/model.js";
import type { RecordIndex } from "../derive/record-index.js";
import type { RenderPool } from "../pool/pool.js";
import { writeSnapshotJson } from "../read/snapshot-io.js";
import type { StreamedSource } from "../read/json-lines.js";
import type { SvgTask } from "../pool/tasks.js";

export type ReportKind = "json" | "analysis" | "timeline";
/** Where the SVGs render: "auto" picks by snapshot size (INLINE_SVG_MAX_RECORDS). */
export type SvgRendering = "auto" | "inline" | "pool";

/** Up to this many records the SVGs render on the main thread (format/export-plan.ts). */
export const INLINE_SVG_MAX_RECORDS = EXPORT_LIMITS.inlineSvgMaxRecords;
export const REPORT_KINDS: readonly ReportKind[] = ["json", "analysis", "timeline"];

export interface ReportPaths {
  json?: string;
  analysis?: string;
  timeline?: string;
}

export interface RenderOptions {
  outDir: string;
  name: string;
  only?: ReportKind[];
  onProgress?: (done: number, total: number) => void;
  /**
   * Internal (export child): where the records of `snapshot.allocations` already sit as
   * JSON lines in a file, so the snapshot JSON copies them instead of serialising again.
   */
  allocationsFrom?: StreamedSource | null;
  /**
   * Internal (export child): the records' index, already built, which the models then
   * read instead of `snapshot.allocations` (which may hold only a sample of the records).
   */
  recordIndex?: RecordIndex;
  /** "auto" (default): main thread up to INLINE_SVG_MAX_RECORDS records, else the pool. */
  svgRendering?: SvgRendering;
}

/** A report name safe to use in a file name (path separators and reserved characters become "_"). */
export function safeReportName(name: string): string {
  // eslint-disable-next-line no-control-regex
  const cleaned = name.replace(/[/\\:*?"<>|\u0000-\u001f]/g, "_").replace(/^\.+/, "_").trim();
  return cleaned === "" ? "memscope" : cleaned.slice(0, 120);
}

export function reportPaths(outDir: string, name: string, kinds: readonly ReportKind[] = REPORT_KINDS): ReportPaths {
  const base = resolve(outDir, safeReportName(name));
  const paths: ReportPaths = {};
  if (kinds.includes("json")) paths.json = `${base}_snapshot.json`;
  if (kinds.includes("analysis")) paths.analysis = `${base}_memory_analysis.svg`;
  if (kinds.includes("timeline")) paths.timeline = `${base}_lifecycle_timeline.svg`;
  return paths;
}

export async function renderReports(snapshot: Snapshot, options: RenderOptions): Promise<ReportPaths> {
  const kinds = REPORT_KINDS.filter((k) => (options.only ?? REPORT_KINDS).includes(k));
  const paths = reportPaths(options.outDir, options.name, kinds);
  await ensureOutputDir(resolve(options.outDir));

  const tasks: SvgTask[] = [];
  // Both models read one index of the records, built once.
  const index = paths.analysis || paths.timeline ? (options.recordIndex ?? indexSnapshotRecords(snapshot)) : null;
  if (paths.analysis) tasks.push({ kind: "analysis", model: analysisModelFromIndex(snapshot, index!), path: paths.analysis });
  if (paths.timeline) tasks.push({ kind: "timeline", model: timelineModelFromIndex(snapshot, index!), path: paths.timeline });

  const total = kinds.length;
  let done = 0;
  const finished = <T>(value: T): T => {
    done++;
    options.onProgress?.(done, total);
    return value;
  };
  const pool = tasks.length > 0 ? await svgRenderer(svgRenderingFor(snapshot, options.svgRendering, index?.count), tasks.length) : null;
  try {
    // The JSON first: its bytes go to the file system (thread pool) while the SVGs render
    // here, instead of after them.
    const work: Array<Promise<unknown>> = [];
    if (paths.json) work.push(writeSnapshotJson(snapshot, paths.json, options.allocationsFrom ?? undefined).then(finished));
    for (const task of tasks) work.push(pool!.run(task).then(finished));
    const results = await Promise.allSettled(work);
    const failure = results.find((r): r is PromiseRejectedResult => r.status === "rejected");
    if (failure) throw failure.reason;
  } finally {
    await pool?.close();
  }
  return paths;
}

/** `records`: the record count when `snapshot.allocations` holds only a sample (export child). */
export function svgRenderingFor(snapshot: Snapshot, requested: SvgRendering = "auto", records = snapshot.allocations.length): "inline" | "pool" {
  if (requested !== "auto") return requested;
  return exportPlan(records).svgRendering;
}

/** Loaded on demand: an inline export never loads piscina, a pooled one never the SVG modules. */
async function svgRenderer(where: "inline" | "pool", tasks: number): Promise<RenderPool> {
  if (where === "pool") return (await import("../pool/pool.js")).createRenderPool(tasks);
  const { renderSvgFile } = await import("../pool/worker.js");
  return { run: renderSvgFile, close: async () => undefined };
}
