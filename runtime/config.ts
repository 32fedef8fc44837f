/**
 * Run-time configuration, read once from the environment when the runtime loads.
 * Bad values fall back to the defaults: the runtime must never refuse to run the host.
 */
import * as path from "node:path";
import { type ArgvMode, argvMode } from "./argv.js";

export interface RuntimeConfig {
  /** MEMSCOPE=off: every entry point is a pass-through. */
  off: boolean;
  outDir: string;
  name: string;
  sampleMs: number;
  maxRecords: number;
  precise: boolean;
  leakMs: number;
  verbose: boolean;
  /** MEMSCOPE_PROGRESS=1: show precise mode's progress on stderr when it is a terminal. */
  progress: boolean;
  /**
   * Hot-site sampling: records kept individually per variable site before sampling
   * starts (Infinity: off), and past that budget 1 in `hotSiteKeepEvery` registrations
   * is kept, the stride doubling after each further budget's worth of kept records; the
   * others are counted per site (count, and bytes extrapolated from the kept sample).
   */
  hotSiteRecords: number;
  hotSiteKeepEvery: number;
  /** MEMSCOPE_WATCHDOG=off: no watchdog thread (signals during long synchronous stretches wait for their end). */
  watchdog: boolean;
  /** MEMSCOPE_ARGV: what of the command line goes into the snapshot (runtime/argv.ts). */
  argv: ArgvMode;
}

function positiveInt(text: string | undefined, fallback: number): number {
  if (text === undefined || text.trim() === "") return fallback;
  const value = Number(text);
  return Number.isFinite(value) && value > 0 ? Math.floor(value) : fallback;
}

/** Entry script's base name without extension, the default report name. */
function entryName(argv: readonly string[]): string {
  const entry = argv[1];
  if (typeof entry !== "string" || entry === "") return "memscope";
  return path.basename(entry).replace(/\.[^.]*$/, "");
}

/**
 * A report base name that is one plain file name inside the output directory, whatever
 * MEMSCOPE_NAME says (`/../../x` must not write outside MEMSCOPE_OUT): path separators,
 * characters Windows forbids and control characters become `_`, leading dots too (no
 * hidden reports), at most 120 characters; empty means "memscope". The same rule as
 * render/report.ts, which names the reports from this name.
 */
export function safeReportName(name: string): string {
  // eslint-disable-next-line no-control-regex
  const cleaned = name.replace(/[/\\:*?"<>|\u0000-\u001f]/g, "_").replace(/^\.+/, "_").trim();
  return cleaned === "" ? "memscope" : cleaned.slice(0, 120);
}

/**
 * MEMSCOPE_HOT_SITES: "off", or BUDGET[:EVERY] (default 100:100). The budget stays
 * below the number of calls after which V8 optimises a hot function: with 1,000, the
 * first calls were all slow-path registrations, so TurboFan inlined the slow paths into
 * the instrumented function and left the fast path's calls out of line for good
 * (`--trace-turbo-inlining`, rxjs bench: 16% more main-thread instructions than with 100).
 */
function hotSiteSampling(env: NodeJS.ProcessEnv): { hotSiteRecords: number; hotSiteKeepEvery: number } {
  const text = (env.MEMSCOPE_HOT_SITES ?? "").trim().toLowerCase();
  if (text === "off" || text === "0") return { hotSiteRecords: Infinity, hotSiteKeepEvery: 1 };
  const [budget, every] = text.split(":");
  return { hotSiteRecords: positiveInt(budget, 100), hotSiteKeepEvery: positiveInt(every, 100) };
}

export function readConfig(env: NodeJS.ProcessEnv, argv: readonly string[], cwd: string): RuntimeConfig {
  const off = (env.MEMSCOPE ?? "").trim().toLowerCase() === "off";
  const outDir = path.resolve(cwd, env.MEMSCOPE_OUT && env.MEMSCOPE_OUT !== "" ? env.MEMSCOPE_OUT : "memscope-out");
  const name = safeReportName(env.MEMSCOPE_NAME && env.MEMSCOPE_NAME !== "" ? env.MEMSCOPE_NAME : entryName(argv));
  return {
    off,
    outDir,
    name,
    sampleMs: positiveInt(env.MEMSCOPE_SAMPLE_MS, 50),
    maxRecords: positiveInt(env.MEMSCOPE_MAX_RECORDS, 1_000_000),
    precise: env.MEMSCOPE_PRECISE === "1",
    leakMs: positiveInt(env.MEMSCOPE_LEAK_MS, 1000),
    verbose: env.MEMSCOPE_VERBOSE === "1",
    progress: env.MEMSCOPE_PROGRESS === "1",
    argv: argvMode(env.MEMSCOPE_ARGV),
    watchdog: (env.MEMSCOPE_WATCHDOG ?? "").trim().toLowerCase() !== "off",
    ...hotSiteSampling(env),
  };
}
