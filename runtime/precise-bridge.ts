/**
 * Precise mode (MEMSCOPE_PRECISE=1): exact shallow and retained sizes from a V8 heap
 * snapshot, measured by runtime/precise/ at export. That module is loaded only in
 * precise mode, synchronously (require of ESM), so the runtime works without it.
 */
import { createRequire } from "node:module";
import type { Store } from "./store.js";
import { F_DEAD } from "./store.js";
import type { PreciseSizes } from "./collect.js";
import { createPreciseProgress, type PrecisePhase } from "./precise-progress.js";

interface PreciseModule {
  measurePrecise(
    targets: readonly object[],
    options?: { onProgress?: (phase: PrecisePhase, done: number, total: number) => void },
  ): { self: Float64Array; retained: Float64Array };
}

function loadPrecise(): PreciseModule | null {
  try {
    const load = createRequire(import.meta.url);
    const module = load("./precise/index.js") as Partial<PreciseModule>;
    return typeof module.measurePrecise === "function" ? (module as PreciseModule) : null;
  } catch {
    return null;
  }
}

/** Measures every live watched object; null when precise mode is off or unavailable. */
export function measurePreciseSizes(store: Store): PreciseSizes | null {
  if (!store.config.precise) return null;
  store.preciseUnavailable = null;
  const precise = loadPrecise();
  if (precise === null) {
    store.preciseUnavailable = "the precise-mode module (dist/runtime/precise/) could not be loaded";
    return null;
  }
  const targets: object[] = [];
  const records: number[] = [];
  for (let i = 0; i < store.watchCount; i++) {
    const record = store.watchRec[i]!;
    if ((store.recFlags[record]! & F_DEAD) !== 0) continue;
    const target = store.watchRefs[i]!.deref();
    if (target === undefined) continue;
    targets.push(target);
    records.push(record);
  }
  const sizes: PreciseSizes = { self: new Map(), retained: new Map() };
  const progress = createPreciseProgress(store.config.progress, process.stderr);
  try {
    const { self, retained } = precise.measurePrecise(targets, progress === null ? {} : { onProgress: progress.onProgress });
    for (let i = 0; i < records.length; i++) {
      sizes.self.set(records[i]!, self[i] ?? NaN);
      sizes.retained.set(records[i]!, retained[i] ?? NaN);
    }
  } catch (error) {
    store.preciseUnavailable = `no heap snapshot could be taken or read (${firstLine(error)})`;
    return null;
  } finally {
    progress?.finish();
  }
  return sizes;
}

function firstLine(error: unknown): string {
  const text = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  return text.split("\n")[0]!;
}

interface CellsModule {
  countRegistryCells(registry: object): { alive: number; cleared: number };
}

/**
 * Live and reclaimed targets of `registry`, counted in a heap snapshot of this thread
 * (runtime/precise/cells.ts, loaded on first use like precise mode); null when that
 * module cannot be loaded or no snapshot could be taken or read.
 */
export function countRegistryCells(registry: object): { alive: number; cleared: number } | null {
  try {
    const load = createRequire(import.meta.url);
    const module = load("./precise/cells.js") as Partial<CellsModule>;
    return typeof module.countRegistryCells === "function" ? module.countRegistryCells(registry) : null;
  } catch {
    return null;
  }
}
