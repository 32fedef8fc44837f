/**
 * Export: settle liveness, gather the raw snapshot (with workers' parts and precise
 * sizes), write it, and hand it to the export child (dist/render/export-child.bundle.js),
 * synchronously at exit (or, opted in with MEMSCOPE_EXPORT=detached, without waiting)
 * or asynchronously from the export* API.
 */
import * as child_process from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import process from "node:process";
import { fileURLToPath } from "node:url";
import type { RawSnapshot } from "../format/snapshot.js";
import { EXPORT_LIMITS, exportPlan } from "../format/export-plan.js";
import type { Store } from "./store.js";
import { settleLiveness } from "./liveness.js";
import { drainParts } from "./threads.js";
import { measurePreciseSizes } from "./precise-bridge.js";
import { type RawParts, mergeParts, materialize } from "./collect.js";
import { writeRawFile } from "./raw-file.js";
import { collectGcEvents } from "./gc-counters.js";
import { takeSample, remeasureSlice } from "./sampler.js";

export type ReportKind = "json" | "analysis" | "timeline";
export type ReportPaths = { json?: string; analysis?: string; timeline?: string };
export interface ExportOptions {
  outDir?: string;
  name?: string;
}

export const ALL_KINDS: readonly ReportKind[] = ["json", "analysis", "timeline"];

/**
 * The export child to start: its single-file bundle (written by `npm run build`, see
 * scripts/bundle.ts), which loads in a fraction of the time of the module graph tsc
 * writes — unless tsc wrote that graph after the bundle (a `tsc -p .` without the
 * bundle step), when the bundle would run outdated code and the graph is used instead.
 * Called at export only: two stat calls beside spawning a process.
 */
export function exportChildPath(): string {
  const unbundled = fileURLToPath(new URL("../render/export-child.js", import.meta.url));
  const bundled = fileURLToPath(new URL("../render/export-child.bundle.js", import.meta.url));
  const bundledTime = modifiedTime(bundled);
  if (bundledTime === null) return unbundled;
  const unbundledTime = modifiedTime(unbundled);
  return unbundledTime === null || bundledTime >= unbundledTime ? bundled : unbundled;
}

function modifiedTime(file: string): number | null {
  try {
    return fs.statSync(file).mtimeMs;
  } catch {
    return null;
  }
}

/** Brings every measurement up to date and returns the merged parts. */
export function gatherParts(store: Store, reason: string, finalExport: boolean): RawParts {
  settleLiveness(store);
  remeasureSlice(store, store.watchCount);
  collectGcEvents(store, !finalExport);
  takeSample(store);
  if (store.isMainThread) drainParts(store);
  const precise = measurePreciseSizes(store);
  return mergeParts(store, reason, precise, store.isMainThread ? store.workerParts : []);
}

export function collectSnapshot(store: Store, reason: string): RawSnapshot {
  return materialize(gatherParts(store, reason, false));
}

export function reportPaths(outDir: string, name: string, kinds: readonly ReportKind[]): ReportPaths {
  const paths: ReportPaths = {};
  if (kinds.includes("json")) paths.json = path.join(outDir, `${name}_snapshot.json`);
  if (kinds.includes("analysis")) paths.analysis = path.join(outDir, `${name}_memory_analysis.svg`);
  if (kinds.includes("timeline")) paths.timeline = path.join(outDir, `${name}_lifecycle_timeline.svg`);
  return paths;
}

/** Up to this many records the export child runs without V8's optimising compiler (format/export-plan.ts). */
export const NO_OPT_MAX_RECORDS = EXPORT_LIMITS.noOptMaxRecords;

/** Node flags for the export child, chosen by the raw snapshot's record count. */
export function exportChildNodeFlags(recordCount: number): string[] {
  return exportPlan(recordCount).childNodeFlags;
}

function childArgs(childPath: string, rawPath: string, outDir: string, name: string, kinds: readonly ReportKind[], recordCount: number): string[] {
  return [...exportChildNodeFlags(recordCount), childPath, rawPath, outDir, name, kinds.join(",")];
}

/** NODE_OPTIONS the export child keeps: heap limits (a large export may need the user's). */
const CHILD_NODE_OPTIONS = /^--max-(old|semi)-space-size=\d+$/;

/**
 * The export child's environment: the program's, with tracking off (the child must not
 * be instrumented itself) and nothing that only slows or stalls a process that reads
 * and writes local files. NODE_OPTIONS keeps only heap limits: a preload (--require,
 * --import: a TypeScript loader, an APM agent) would load again in the child, an
 * inspector or profiler flag would start again (--inspect-brk would wait for a debugger
 * at every exit). NODE_EXTRA_CA_CERTS is dropped: Node parses every certificate in it
 * at startup (~50 ms for a system bundle) and the child opens no connection.
 */
export function exportChildEnv(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const childEnv: NodeJS.ProcessEnv = { ...env, MEMSCOPE: "off" };
  delete childEnv["NODE_EXTRA_CA_CERTS"];
  const kept = (env["NODE_OPTIONS"] ?? "").split(/\s+/).filter((option) => CHILD_NODE_OPTIONS.test(option));
  if (kept.length > 0) childEnv["NODE_OPTIONS"] = kept.join(" ");
  else delete childEnv["NODE_OPTIONS"];
  return childEnv;
}

function childEnv(): NodeJS.ProcessEnv {
  return exportChildEnv(process.env);
}

export { exitExportMode, type ExitExportMode } from "../format/settings.js";

/** Export at process exit: everything synchronous. Never throws. */
export function exportAtExit(store: Store, reason: string): void {
  if (store.exited) return;
  store.exited = true;
  const { outDir, name } = store.config;
  let rawPath: string | null = null;
  try {
    const parts = gatherParts(store, reason, true);
    rawPath = writeRawFile(parts, outDir, name, store.threadId);
    const records = parts.allocationCount;
    const child = exportChildPath();
    if (!fs.existsSync(child)) {
      process.stderr.write(`memscope: export child not found (${child}); raw snapshot kept at ${rawPath}\n`);
      return;
    }
    if (store.config.exportMode === "detached") {
      const detached = child_process.spawn(process.execPath, childArgs(child, rawPath, outDir, name, ALL_KINDS, records), {
        detached: true,
        stdio: ["ignore", "ignore", 2],
        env: childEnv(),
        windowsHide: true,
      });
      // A failed start is reported asynchronously, after this process is gone: nothing to add.
      detached.on("error", () => undefined);
      detached.unref();
      return;
    }
    const result = child_process.spawnSync(process.execPath, childArgs(child, rawPath, outDir, name, ALL_KINDS, records), {
      stdio: ["ignore", 2, 2],
      env: childEnv(),
      windowsHide: true,
    });
    if (result.error !== undefined) process.stderr.write(`memscope: export failed: ${result.error.message}\n`);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    try {
      process.stderr.write(`memscope: export failed: ${message.split("\n")[0]}\n`);
    } catch {
      // stderr closed: nothing more we can do
    }
  }
}

export class ExportError extends Error {
  override name = "ExportError";
}

/** Export from the API: the raw file is written now, the child runs asynchronously. */
export function exportAsync(store: Store, kinds: readonly ReportKind[], options: ExportOptions = {}): Promise<ReportPaths> {
  const outDir = path.resolve(options.outDir ?? store.config.outDir);
  const name = options.name ?? store.config.name;
  let rawPath: string;
  let records: number;
  try {
    const parts = gatherParts(store, "api", false);
    records = parts.allocationCount;
    rawPath = writeRawFile(parts, outDir, name, store.threadId);
  } catch (error) {
    return Promise.reject(new ExportError(`cannot write the raw snapshot to ${outDir}: ${error instanceof Error ? error.message : String(error)}`));
  }
  const childPath = exportChildPath();
  if (!fs.existsSync(childPath)) {
    return Promise.reject(new ExportError(`export child not found (${childPath}); raw snapshot kept at ${rawPath}`));
  }
  return new Promise<ReportPaths>((resolve, reject) => {
    const child = child_process.spawn(process.execPath, childArgs(childPath, rawPath, outDir, name, kinds, records), {
      stdio: ["ignore", "ignore", "pipe"],
      env: childEnv(),
      windowsHide: true,
    });
    let stderr = "";
    child.stderr!.setEncoding("utf8");
    child.stderr!.on("data", (chunk: string) => {
      if (stderr.length < 4096) stderr += chunk;
    });
    child.on("error", (error) => {
      fs.rmSync(rawPath, { force: true });
      reject(new ExportError(`cannot start the export child: ${error.message}`));
    });
    child.on("close", (code) => {
      if (code === 0) resolve(reportPaths(outDir, name, kinds));
      else reject(new ExportError(stderr.trim().split("\n")[0] || `export child exited with code ${code}`));
    });
  });
}
