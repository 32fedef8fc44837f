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
import { exportChildArguments } from "../format/settings.js";
import type { Store } from "./store.js";
import { settleLiveness, settleLivenessAsync } from "./liveness.js";
import { drainParts } from "./threads.js";
import { measurePreciseSizes } from "./precise-bridge.js";
import { type RawParts, mergeParts, materialize } from "./collect.js";
import { writeRawFile } from "./raw-file.js";
import { collectGcEvents } from "./gc-counters.js";
import { takeSample, remeasureSlice } from "./sampler.js";
import { errorLine, firstLine, indexOf, messageOf, push, slice, withIntrinsics, words, PromiseCtor, afterPromise } from "./intrinsics.js";

export type ReportKind = "json" | "analysis" | "timeline" | "html";
export type ReportPaths = { json?: string; analysis?: string; timeline?: string; html?: string };
export interface ExportOptions {
  outDir?: string;
  /** report base name; default `<name>_checkpoint_<n>` (n = 1, 2, … per thread), never the exit export's name */
  name?: string;
}

export const ALL_KINDS: readonly ReportKind[] = ["json", "analysis", "timeline", "html"];

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
  // The heap-snapshot settle is for the export at exit only: a signal asks the process to
  // end now, and a collection during the run (collectRaw, the metrics view) must not stop
  // the program for a snapshot each time.
  store.liveness = settleLiveness(store, finalExport && !reason.startsWith("SIG"));
  remeasureSlice(store, store.watchCount);
  collectGcEvents(store, !finalExport);
  takeSample(store);
  if (store.isMainThread) drainParts(store);
  const precise = measurePreciseSizes(store);
  store.moduleHold = null;
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
  if (kinds.includes("html")) paths.html = path.join(outDir, `${name}_report.html`);
  return paths;
}

/** Up to this many records the export child runs without V8's optimising compiler (format/export-plan.ts). */
export const NO_OPT_MAX_RECORDS = EXPORT_LIMITS.noOptMaxRecords;

/** Node flags for the export child, chosen by the raw snapshot's record count. */
export function exportChildNodeFlags(recordCount: number): string[] {
  return exportPlan(recordCount).childNodeFlags;
}

/** The child's command line: the Node flags for its size, its files, and the runtime's parse of the settings it uses. */
function childArgs(store: Store, childPath: string, rawPath: string, outDir: string, name: string, kinds: readonly ReportKind[], recordCount: number): string[] {
  return [...exportChildNodeFlags(recordCount), childPath, rawPath, outDir, name, kinds.join(","), ...exportChildArguments(store.config)];
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
  const kept = words(env["NODE_OPTIONS"] ?? "").filter((option) => CHILD_NODE_OPTIONS.test(option));
  if (kept.length > 0) childEnv["NODE_OPTIONS"] = kept.join(" ");
  else delete childEnv["NODE_OPTIONS"];
  return childEnv;
}

function childEnv(): NodeJS.ProcessEnv {
  return exportChildEnv(process.env);
}

export { exitExportMode, type ExitExportMode } from "../format/settings.js";

export interface ExitExportOptions {
  /**
   * The process may live on (a signal the program handles itself): the next exit
   * exports again and replaces these reports.
   */
  checkpoint?: boolean;
}

/**
 * Export at process exit: everything synchronous, with the built-ins as they were when
 * the runtime loaded (withIntrinsics). Never throws; a failure is one line on stderr.
 */
export function exportAtExit(store: Store, reason: string, options: ExitExportOptions = {}): void {
  if (store.exited) return;
  withIntrinsics(() => exportAtExitNow(store, reason, options));
}

function exportAtExitNow(store: Store, reason: string, options: ExitExportOptions): void {
  store.exited = true;
  const { outDir, name } = store.config;
  let step = "gathering the records";
  let rawPath: string | null = null;
  let outcome = "ok";
  const fail = (text: string): void => {
    outcome = text;
    errorLine(text);
  };
  try {
    const parts = gatherParts(store, reason, true);
    step = `writing the raw snapshot to ${outDir}`;
    rawPath = writeRawFile(parts, outDir, name, store.threadId);
    const records = parts.allocationCount;
    step = "starting the export child";
    const child = exportChildPath();
    if (!fs.existsSync(child)) {
      fail(`export failed: export child not found (${child}); raw snapshot kept at ${rawPath}`);
      rawPath = null;
      return;
    }
    if (store.config.exportMode === "detached") {
      const detached = child_process.spawn(process.execPath, childArgs(store, child, rawPath, outDir, name, ALL_KINDS, records), {
        detached: true,
        stdio: ["ignore", "ignore", 2],
        env: childEnv(),
        windowsHide: true,
      });
      // A failed start is reported asynchronously, after this process is gone: nothing to add.
      detached.on("error", () => undefined);
      detached.unref();
      rawPath = null;
      return;
    }
    step = "rendering the reports";
    // The child's stderr is read, not inherited: what reaches the program's stderr is the
    // child's own "memscope: ..." lines, or one line saying why it failed (a crash of Node
    // itself would print a stack trace).
    const result = child_process.spawnSync(process.execPath, childArgs(store, child, rawPath, outDir, name, ALL_KINDS, records), {
      stdio: ["ignore", 2, "pipe"],
      env: childEnv(),
      windowsHide: true,
      encoding: "utf8",
      maxBuffer: CHILD_STDERR_MAX_BYTES,
    });
    const own = memscopeLines(typeof result.stderr === "string" ? result.stderr : "");
    for (let i = 0; i < own.length; i++) errorLine(slice(own[i]!, "memscope: ".length));
    if (result.status !== 0 && own.length > 0) outcome = slice(own[0]!, "memscope: ".length);
    const failure = childFailure(result);
    if (failure !== null || result.status !== 0) removeChildLeftovers(outDir, name, result.pid);
    if (failure !== null) fail(`export failed while ${step}: ${failure}; no report written`);
    else if (result.status !== 0 && own.length === 0) {
      const why = firstLine(typeof result.stderr === "string" ? result.stderr : "") || "no message";
      fail(`export failed while ${step}: the export child exited with code ${result.status} (${why}); no report written`);
    }
  } catch (error) {
    fail(`export failed while ${step}: ${messageOf(error)}`);
  } finally {
    if (rawPath !== null) removeQuietly(rawPath);
    if (options.checkpoint === true) store.exited = false;
    else writeExportStatus(process.env, outcome);
  }
}

/**
 * MEMSCOPE_EXPORT_STATUS=FILE (set by `memscope run`): the exit export writes how it
 * ended there, "ok" or its one failure line, so the CLI can name the real cause of
 * missing reports (the program's stderr is the user's, not the CLI's to read).
 */
export function writeExportStatus(env: NodeJS.ProcessEnv, outcome: string): void {
  const file = env["MEMSCOPE_EXPORT_STATUS"];
  if (file === undefined || file === "") return;
  try {
    fs.writeFileSync(file, `${outcome}\n`);
  } catch {
    // the CLI will say it does not know why
  }
}

/** The export child prints a few lines at most (its error, or MEMSCOPE_VERBOSE's paths). */
const CHILD_STDERR_MAX_BYTES = 4 << 20;

/** The lines of `text` that the export child wrote for the user. */
function memscopeLines(text: string): string[] {
  const lines: string[] = [];
  let start = 0;
  while (start < text.length) {
    let end = indexOf(text, "\n", start);
    if (end < 0) end = text.length;
    const line = slice(text, start, end);
    if (indexOf(line, "memscope: ") === 0) push(lines, line);
    start = end + 1;
  }
  return lines;
}

/** Why the export child did not finish on its own (killed, could not start), or null. */
export function childFailure(result: { error?: Error; signal: NodeJS.Signals | null; status: number | null }): string | null {
  if (result.error !== undefined) return `the export child could not run (${messageOf(result.error)})`;
  if (result.signal !== null) {
    const hint = result.signal === "SIGKILL" ? ", perhaps by the kernel for lack of memory" : "";
    return `the export child was killed by ${result.signal}${hint}`;
  }
  return null;
}

function removeQuietly(file: string): void {
  try {
    fs.rmSync(file, { force: true });
  } catch {
    // nothing more to do: the line above (if any) already says the export failed
  }
}

/**
 * Files the export child (pid `childPid`) left when it died before cleaning up:
 * render/atomic.ts's temp files `.<final name>.<pid>.<n><random>.tmp` and
 * render/report.ts's staged reports `.<final name>.<pid>.staged`.
 */
export function removeChildLeftovers(outDir: string, name: string, childPid: number | undefined): void {
  if (childPid === undefined || childPid <= 0) return;
  try {
    const prefix = `.${name}_`;
    const marker = `.${childPid}.`;
    for (const entry of fs.readdirSync(outDir)) {
      const leftover = entry.endsWith(".tmp") || entry.endsWith(".staged");
      if (entry.startsWith(prefix) && leftover && entry.includes(marker)) removeQuietly(path.join(outDir, entry));
    }
  } catch {
    // the directory went away: nothing left to remove
  }
}

export class ExportError extends Error {
  override name = "ExportError";
}

/**
 * A checkpoint's report name: `<name>_checkpoint_<n>`, numbered in call order per thread,
 * so the exit export (which writes `<name>_…`) never overwrites a checkpoint and a later
 * checkpoint never overwrites an earlier one.
 */
export function checkpointName(store: Store): string {
  store.checkpoints += 1;
  return `${store.config.name}_checkpoint_${store.checkpoints}`;
}

/**
 * Export from the API: liveness is settled asynchronously (a full GC and its
 * finalization callbacks), then the raw file is written and the child runs.
 */
export function exportAsync(store: Store, kinds: readonly ReportKind[], options: ExportOptions = {}): Promise<ReportPaths> {
  return afterPromise(settleLivenessAsync(store), () => exportSettled(store, kinds, options));
}

function exportSettled(store: Store, kinds: readonly ReportKind[], options: ExportOptions): Promise<ReportPaths> {
  return withIntrinsics(() => startExport(store, kinds, options));
}

function startExport(store: Store, kinds: readonly ReportKind[], options: ExportOptions): Promise<ReportPaths> {
  const outDir = path.resolve(options.outDir ?? store.config.outDir);
  const name = options.name ?? checkpointName(store);
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
  return new PromiseCtor<ReportPaths>((resolve, reject) => {
    const child = child_process.spawn(process.execPath, childArgs(store, childPath, rawPath, outDir, name, kinds, records), {
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
    child.on("close", (code, signal) => {
      if (code === 0) {
        resolve(reportPaths(outDir, name, kinds));
        return;
      }
      removeQuietly(rawPath);
      removeChildLeftovers(outDir, name, child.pid);
      const failure = childFailure({ signal, status: code });
      reject(new ExportError(failure ?? (firstLine(stderr.trim()) || `export child exited with code ${code}`)));
    });
  });
}
