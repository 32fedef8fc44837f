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
} as const;

/** How long an object must outlive its scope to be a leak candidate, by default. */
export const DEFAULT_LEAK_THRESHOLD_MS = 1000;
export const DEFAULT_OUT_DIR = "memscope-out";
export const DEFAULT_SAMPLE_MS = 50;
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

export function runtimeSettings(env: Environment): RuntimeSettings {
  return {
    off: (env[SETTING_NAMES.off] ?? "").trim().toLowerCase() === "off",
    outDir: nonEmpty(env[SETTING_NAMES.outDir]) ?? DEFAULT_OUT_DIR,
    name: nonEmpty(env[SETTING_NAMES.name]),
    sampleMs: positiveInt(env[SETTING_NAMES.sampleMs], DEFAULT_SAMPLE_MS),
    maxRecords: positiveInt(env[SETTING_NAMES.maxRecords], DEFAULT_MAX_RECORDS),
    precise: env[SETTING_NAMES.precise] === "1",
    progress: env[SETTING_NAMES.progress] === "1",
    ...hotSiteSampling(env[SETTING_NAMES.hotSites]),
    exportMode: exitExportMode(env),
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
