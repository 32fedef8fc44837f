/**
 * renderReports: writes the requested files for a snapshot. For large snapshots the
 * SVGs render on the piscina pool from small aggregated models while the main thread
 * streams the JSON; for smaller ones they render on the main thread, since starting the
 * pool's threads (each loading the render modules) costs more than the rendering. Same
 * render functions, same bytes either way. Every file is written atomically, so a
 * failure never leaves a partial file.
 */
import { renameSync } from "node:fs";
import { rm } from "node:fs/promises";
import { basename, dirname, join, resolve } from "node:path";
import { EXPORT_LIMITS, exportPlan } from "../../format/export-plan.js";
import type { Snapshot } from "../../format/snapshot.js";
import { ensureOutputDir } from "./atomic.js";
import { OutputError, describeSystemError } from "../errors.js";
import { analysisModelFromIndex } from "../draw/analysis/model.js";
import { indexSnapshotRecords } from "../draw/model.js";
import { timelineModelFromIndex } from "../draw/timeline/model.js";
import type { RecordIndex } from "../derive/record-index.js";
import type { RenderPool } from "../pool/pool.js";
import { writeSnapshotJson } from "../read/snapshot-io.js";
import type { StreamedSource } from "../read/json-lines.js";
import type { SvgTask } from "../pool/tasks.js";
import { safeReportName } from "../../format/report-name.js";

export type ReportKind = "json" | "analysis" | "timeline" | "html";
/** Where the SVGs render: "auto" picks by snapshot size (INLINE_SVG_MAX_RECORDS). */
export type SvgRendering = "auto" | "inline" | "pool";

/** Up to this many records the SVGs render on the main thread (format/export-plan.ts). */
export const INLINE_SVG_MAX_RECORDS = EXPORT_LIMITS.inlineSvgMaxRecords;
export const REPORT_KINDS: readonly ReportKind[] = ["json", "analysis", "timeline", "html"];

export interface ReportPaths {
  json?: string;
  analysis?: string;
  timeline?: string;
  html?: string;
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

export { safeReportName } from "../../format/report-name.js";

export function reportPaths(outDir: string, name: string, kinds: readonly ReportKind[] = REPORT_KINDS): ReportPaths {
  const base = resolve(outDir, safeReportName(name));
  const paths: ReportPaths = {};
  if (kinds.includes("json")) paths.json = `${base}_snapshot.json`;
  if (kinds.includes("analysis")) paths.analysis = `${base}_memory_analysis.svg`;
  if (kinds.includes("timeline")) paths.timeline = `${base}_lifecycle_timeline.svg`;
  if (kinds.includes("html")) paths.html = `${base}_report.html`;
  return paths;
}

export async function renderReports(snapshot: Snapshot, options: RenderOptions): Promise<ReportPaths> {
  const kinds = REPORT_KINDS.filter((k) => (options.only ?? REPORT_KINDS).includes(k));
  const paths = reportPaths(options.outDir, options.name, kinds);
  await ensureOutputDir(resolve(options.outDir));

  const tasks: SvgTask[] = [];
  // Every model reads one index of the records, built once.
  const index = paths.analysis || paths.timeline || paths.html ? (options.recordIndex ?? indexSnapshotRecords(snapshot)) : null;
  // Each file is written (atomically) to a staged name beside its final one; only when
  // all are written are they renamed into place, so the set on disk is always from one
  // run: a failure leaves the previous set whole, never new SVGs beside an old JSON.
  const staged = stagedPaths(paths);
  if (paths.analysis) tasks.push({ kind: "analysis", model: analysisModelFromIndex(snapshot, index!), path: staged.analysis! });
  if (paths.timeline) tasks.push({ kind: "timeline", model: timelineModelFromIndex(snapshot, index!), path: staged.timeline! });

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
    if (paths.json) work.push(writeSnapshotJson(snapshot, staged.json!, options.allocationsFrom ?? undefined).then(finished));
    for (const task of tasks) work.push(pool!.run(task).then(finished));
    if (paths.html) work.push(import("../html/report.js").then((html) => html.writeHtmlReport(snapshot, index!, staged.html!)).then(finished));
    const results = await Promise.allSettled(work);
    const failure = results.find((r): r is PromiseRejectedResult => r.status === "rejected");
    if (failure) throw unstaged(failure.reason, staged, paths);
    for (const kind of kinds) renameStaged(staged[kind]!, paths[kind]!);
  } catch (error) {
    for (const kind of kinds) await rm(staged[kind]!, { force: true }).catch(() => undefined);
    throw error;
  } finally {
    await pool?.close();
  }
  return paths;
}

/** `.<final name>.<pid>.staged` beside each final path. */
function stagedPaths(paths: ReportPaths): ReportPaths {
  const staged: ReportPaths = {};
  for (const kind of REPORT_KINDS) {
    const final = paths[kind];
    if (final !== undefined) staged[kind] = join(dirname(final), `.${basename(final)}.${process.pid}.staged`);
  }
  return staged;
}

function renameStaged(from: string, to: string): void {
  try {
    renameSync(from, to);
  } catch (error) {
    throw new OutputError(`cannot write ${to} (${describeSystemError(error)})`);
  }
}

/** A write error names the staged file: name the report the user asked for instead. */
function unstaged(error: unknown, staged: ReportPaths, paths: ReportPaths): unknown {
  if (!(error instanceof Error)) return error;
  let message = error.message;
  for (const kind of REPORT_KINDS) {
    if (staged[kind] !== undefined) message = message.split(staged[kind]!).join(paths[kind]!);
  }
  error.message = message;
  return error;
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
