/**
 * Every MEMSCOPE_* environment variable a run reads: its name, default and parsing, in
 * one place. The runtime parses its own once when it loads (runtime/config.ts); the
 * export child, started with the program's environment, parses the two it needs
 * (exportChildSettings). Pure: text in, values out, no Node module.
 *
 * Bad values fall back to the defaults in the runtime, which must never refuse to run
 * its host; the export child, which only writes files, refuses a bad MEMSCOPE_LEAK_MS
 * with one line rather than guess.
 */

export type Environment = Readonly<Record<string, string | undefined>>;

export const SETTING_NAMES = {
  off: "MEMSCOPE",
  outDir: "MEMSCOPE_OUT",
  name: "MEMSCOPE_NAME",
  sampleMs: "MEMSCOPE_SAMPLE_MS",
  maxRecords: "MEMSCOPE_MAX_RECORDS",
  hotSites: "MEMSCOPE_HOT_SITES",
  precise: "MEMSCOPE_PRECISE",
  progress: "MEMSCOPE_PROGRESS",
  exportMode: "MEMSCOPE_EXPORT",
  leakMs: "MEMSCOPE_LEAK_MS",
  verbose: "MEMSCOPE_VERBOSE",
  argv: "MEMSCOPE_ARGV",
  watchdog: "MEMSCOPE_WATCHDOG",
  exportStatus: "MEMSCOPE_EXPORT_STATUS",
  mode: "MEMSCOPE_MODE",
  exportAtExit: "MEMSCOPE_EXPORT_AT_EXIT",
  metrics: "MEMSCOPE_METRICS",
  metricsTop: "MEMSCOPE_METRICS_TOP",
  signal: "MEMSCOPE_SIGNAL",
  /** set by the Vitest plugin and the Jest reporter for their workers: where each test file's part goes (plugins/test-run.ts) */
  testRunParts: "MEMSCOPE_TEST_RUN_PARTS",
} as const;

/**
 * MEMSCOPE_ARGV: what of the command line goes into the snapshot. "redact" (default):
 * arguments that look like secrets are replaced; "full" (1): as it is; "none" (0): only
 * the executable and the script.
 */
export type ArgvMode = "redact" | "full" | "none";

export function argvMode(value: string | undefined): ArgvMode {
  const text = (value ?? "").trim();
  return text === "1" ? "full" : text === "0" ? "none" : "redact";
}

/** How long an object must outlive its scope to be a leak candidate, by default. */
export const DEFAULT_LEAK_THRESHOLD_MS = 1000;
export const DEFAULT_OUT_DIR = "memscope-out";
export const DEFAULT_SAMPLE_MS = 50;
/** Production mode's sampler interval: one sample a second keeps its share of CPU negligible for weeks. */
export const PRODUCTION_SAMPLE_MS = 1000;
/** Declarations with a metrics series of their own, by default (the rest are summed as "(other)"). */
export const DEFAULT_METRICS_TOP = 20;
/** Signals the on-demand snapshot may use: ones whose default action a program rarely relies on (SIGUSR1 is Node's inspector). */
export const SNAPSHOT_SIGNALS = ["SIGUSR2", "SIGHUP", "SIGWINCH"] as const;
export type SnapshotSignal = (typeof SNAPSHOT_SIGNALS)[number];
export const DEFAULT_MAX_RECORDS = 1_000_000;
/**
 * MEMSCOPE_HOT_SITES's default budget stays below the number of calls after which V8
 * optimises a hot function: with 1,000, the first calls were all slow-path
 * registrations, so TurboFan inlined the slow paths into the instrumented function and
 * left the fast path's calls out of line for good (`--trace-turbo-inlining`, rxjs bench:
 * 16% more main-thread instructions than with 100).
 */
export const DEFAULT_HOT_SITES = { budget: 100, keepEvery: 100 } as const;

/**
 * MEMSCOPE_EXPORT: "wait" (default) — the program's exit waits until the reports are
 * written, so whoever runs it can read them at once; "detached" — opt-in, the export
 * child is started in its own process group and the program exits without waiting
 * (the raw snapshot is still written first; the reports appear, each atomically, once
 * the child is done; its errors still go to the program's stderr).
 */
export type ExitExportMode = "wait" | "detached";

/** What the runtime reads, parsed. `outDir` is as given: the runtime resolves it against its working directory. */
export interface RuntimeSettings {
  /** MEMSCOPE=off: every entry point is a pass-through. */
  off: boolean;
  outDir: string;
  /** null: the entry script's name. */
  name: string | null;
  sampleMs: number;
  maxRecords: number;
  precise: boolean;
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
  exportMode: ExitExportMode;
  argv: ArgvMode;
  /** MEMSCOPE_WATCHDOG=off: no watchdog thread (signals during long synchronous stretches wait for their end). */
  watchdog: boolean;
  /** MEMSCOPE_EXPORT_STATUS: where the exit export writes how it ended (set by `memscope run`), or null. */
  exportStatus: string | null;
  /** MEMSCOPE_MODE=production: no export at exit unless asked, a slower sampler, the snapshot signal on, names with the pid. */
  production: boolean;
  /** Export the three files when the process ends (off in production mode unless MEMSCOPE_EXPORT_AT_EXIT=1). */
  exportAtExit: boolean;
  /** MEMSCOPE_METRICS=otel: OpenTelemetry instruments on the global MeterProvider (memscope-ts/otel). */
  metrics: "otel" | null;
  /** Declarations reported one by one in the metrics (MEMSCOPE_METRICS_TOP). */
  metricsTop: number;
  /** The signal that writes the three files without stopping the program (MEMSCOPE_SIGNAL), or null. */
  snapshotSignal: SnapshotSignal | null;
  /** The leak threshold the metrics' candidate counts use (the export child reads the same variable, strictly). */
  leakMs: number;
}

function positiveInt(text: string | undefined, fallback: number): number {
  if (text === undefined || text.trim() === "") return fallback;
  const value = Number(text);
  return Number.isFinite(value) && value > 0 ? Math.floor(value) : fallback;
}

function nonEmpty(text: string | undefined): string | null {
  return text !== undefined && text !== "" ? text : null;
}

/** MEMSCOPE_HOT_SITES: "off", or BUDGET[:EVERY]. */
function hotSiteSampling(text: string | undefined): { hotSiteRecords: number; hotSiteKeepEvery: number } {
  const value = (text ?? "").trim().toLowerCase();
  if (value === "off" || value === "0") return { hotSiteRecords: Infinity, hotSiteKeepEvery: 1 };
  const [budget, every] = value.split(":");
  return { hotSiteRecords: positiveInt(budget, DEFAULT_HOT_SITES.budget), hotSiteKeepEvery: positiveInt(every, DEFAULT_HOT_SITES.keepEvery) };
}

export function exitExportMode(env: Environment): ExitExportMode {
  return (env[SETTING_NAMES.exportMode] ?? "").trim().toLowerCase() === "detached" ? "detached" : "wait";
}

/** MEMSCOPE_SIGNAL: "off", "on"/"1" (SIGUSR2), or one of SNAPSHOT_SIGNALS; production mode defaults to SIGUSR2. */
function snapshotSignal(text: string | undefined, production: boolean): SnapshotSignal | null {
  const value = (text ?? "").trim().toUpperCase();
  if (value === "") return production ? "SIGUSR2" : null;
  if (value === "ON" || value === "1") return "SIGUSR2";
  const name = value.startsWith("SIG") ? value : `SIG${value}`;
  return (SNAPSHOT_SIGNALS as readonly string[]).includes(name) ? (name as SnapshotSignal) : null;
}

/** A number of milliseconds ≥ 0, else the default (the runtime never refuses its host). */
function leniently(text: string | undefined, fallback: number): number {
  if (text === undefined || text.trim() === "") return fallback;
  const value = Number(text);
  return Number.isFinite(value) && value >= 0 ? value : fallback;
}

export function runtimeSettings(env: Environment): RuntimeSettings {
  const production = (env[SETTING_NAMES.mode] ?? "").trim().toLowerCase() === "production";
  return {
    off: (env[SETTING_NAMES.off] ?? "").trim().toLowerCase() === "off",
    outDir: nonEmpty(env[SETTING_NAMES.outDir]) ?? DEFAULT_OUT_DIR,
    name: nonEmpty(env[SETTING_NAMES.name]),
    production,
    exportAtExit: production ? env[SETTING_NAMES.exportAtExit] === "1" : env[SETTING_NAMES.exportAtExit] !== "0",
    metrics: (env[SETTING_NAMES.metrics] ?? "").trim().toLowerCase() === "otel" ? "otel" : null,
    metricsTop: positiveInt(env[SETTING_NAMES.metricsTop], DEFAULT_METRICS_TOP),
    snapshotSignal: snapshotSignal(env[SETTING_NAMES.signal], production),
    leakMs: leniently(env[SETTING_NAMES.leakMs], DEFAULT_LEAK_THRESHOLD_MS),
    sampleMs: positiveInt(env[SETTING_NAMES.sampleMs], production ? PRODUCTION_SAMPLE_MS : DEFAULT_SAMPLE_MS),
    maxRecords: positiveInt(env[SETTING_NAMES.maxRecords], DEFAULT_MAX_RECORDS),
    precise: env[SETTING_NAMES.precise] === "1",
    progress: env[SETTING_NAMES.progress] === "1",
    ...hotSiteSampling(env[SETTING_NAMES.hotSites]),
    exportMode: exitExportMode(env),
    argv: argvMode(env[SETTING_NAMES.argv]),
    watchdog: (env[SETTING_NAMES.watchdog] ?? "").trim().toLowerCase() !== "off",
    exportStatus: nonEmpty(env[SETTING_NAMES.exportStatus]),
  };
}

/** A setting the export child cannot use: its message is the one line the child prints. */
export class SettingError extends Error {
  override name = "SettingError";
}

export interface ExportChildSettings {
  /** How long after its scope exited a live object becomes a leak candidate; 0 allowed. */
  leakMs: number;
  /** MEMSCOPE_VERBOSE=1: one line per written path on stderr. */
  verbose: boolean;
}

/** Throws SettingError for a MEMSCOPE_LEAK_MS that is not a number ≥ 0. */
export function exportChildSettings(env: Environment): ExportChildSettings {
  const text = env[SETTING_NAMES.leakMs];
  let leakMs = DEFAULT_LEAK_THRESHOLD_MS;
  if (text !== undefined && text !== "") {
    leakMs = Number(text);
    if (!Number.isFinite(leakMs) || leakMs < 0) throw new SettingError(`${SETTING_NAMES.leakMs} must be a number of milliseconds ≥ 0, got "${text}"`);
  }
  return { leakMs, verbose: env[SETTING_NAMES.verbose] === "1" };
}
