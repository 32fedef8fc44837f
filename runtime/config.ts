/**
 * Run-time configuration, read once from the environment when the runtime loads.
 * Bad values fall back to the defaults: the runtime must never refuse to run the host.
 */
import * as path from "node:path";
import process from "node:process";

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
  /** MEMSCOPE_MODE=production: no export at exit unless asked, a slower sampler, the snapshot signal on. */
  production: boolean;
  /** Export the three files when the process ends (off in production mode unless MEMSCOPE_EXPORT_AT_EXIT=1). */
  exportAtExit: boolean;
  /** MEMSCOPE_METRICS=otel: OpenTelemetry gauges on the global MeterProvider (memscope-ts/otel). */
  metrics: "otel" | null;
  /** Declarations reported one by one in the metrics (MEMSCOPE_METRICS_TOP), the rest summed as "(other)". */
  metricsTop: number;
  /** Signal that writes the three files without stopping the program (MEMSCOPE_SIGNAL), or null. */
  snapshotSignal: NodeJS.Signals | null;
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
  const base = path.basename(entry).replace(/\.[^.]*$/, "");
  return base === "" ? "memscope" : base;
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

/** Signals the on-demand snapshot may use: ones whose default action a program rarely relies on (SIGUSR1 is Node's inspector). */
const SNAPSHOT_SIGNALS: readonly string[] = ["SIGUSR2", "SIGHUP", "SIGWINCH"];

/** MEMSCOPE_SIGNAL: "off", or one of SNAPSHOT_SIGNALS; production mode defaults to SIGUSR2. */
function snapshotSignal(env: NodeJS.ProcessEnv, production: boolean): NodeJS.Signals | null {
  const text = (env.MEMSCOPE_SIGNAL ?? "").trim().toUpperCase();
  if (text === "") return production ? "SIGUSR2" : null;
  if (text === "ON" || text === "1") return "SIGUSR2";
  const name = text.startsWith("SIG") ? text : `SIG${text}`;
  return SNAPSHOT_SIGNALS.includes(name) ? (name as NodeJS.Signals) : null;
}

export function readConfig(env: NodeJS.ProcessEnv, argv: readonly string[], cwd: string): RuntimeConfig {
  const off = (env.MEMSCOPE ?? "").trim().toLowerCase() === "off";
  const production = (env.MEMSCOPE_MODE ?? "").trim().toLowerCase() === "production";
  const outDir = path.resolve(cwd, env.MEMSCOPE_OUT && env.MEMSCOPE_OUT !== "" ? env.MEMSCOPE_OUT : "memscope-out");
  // Many processes of one service write to one directory: in production the default name carries the pid.
  const name = env.MEMSCOPE_NAME && env.MEMSCOPE_NAME !== "" ? env.MEMSCOPE_NAME : production ? `${entryName(argv)}-${process.pid}` : entryName(argv);
  const exportAtExit = production ? env.MEMSCOPE_EXPORT_AT_EXIT === "1" : env.MEMSCOPE_EXPORT_AT_EXIT !== "0";
  return {
    off,
    outDir,
    name,
    production,
    exportAtExit,
    metrics: (env.MEMSCOPE_METRICS ?? "").trim().toLowerCase() === "otel" ? "otel" : null,
    metricsTop: positiveInt(env.MEMSCOPE_METRICS_TOP, 20),
    snapshotSignal: snapshotSignal(env, production),
    // Production: one sample a second keeps the sampler's share of CPU negligible for weeks.
    sampleMs: positiveInt(env.MEMSCOPE_SAMPLE_MS, production ? 1000 : 50),
    maxRecords: positiveInt(env.MEMSCOPE_MAX_RECORDS, 1_000_000),
    precise: env.MEMSCOPE_PRECISE === "1",
    leakMs: positiveInt(env.MEMSCOPE_LEAK_MS, 1000),
    verbose: env.MEMSCOPE_VERBOSE === "1",
    progress: env.MEMSCOPE_PROGRESS === "1",
    ...hotSiteSampling(env),
  };
}
