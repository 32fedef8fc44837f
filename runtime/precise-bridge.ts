/**
 * Precise mode (MEMSCOPE_PRECISE=1): exact shallow and retained sizes from a V8 heap
 * snapshot, measured by runtime/precise/ at export. That module is loaded only in
 * precise mode, synchronously (require of ESM), so the runtime works without it.
 */
import { createRequire } from "node:module";
import type { Store } from "./store.js";
import { F_DEAD, F_EXITED } from "./store.js";
import { LAYOUT } from "./layout.js";
import type { PreciseSizes } from "./collect.js";
import type { RetainerStep } from "../format/snapshot.js";
import { createPreciseProgress, type PrecisePhase } from "./precise-progress.js";

interface PreciseModule {
  measurePrecise(
    targets: readonly object[],
    options?: {
      onProgress?: (phase: PrecisePhase, done: number, total: number) => void;
      paths?: { preferred: Uint8Array; max: number; recordIds: ArrayLike<number>; tagged: number; arrayHeader: number };
    },
  ): { self: Float64Array; retained: Float64Array; exclusive?: Float64Array; paths?: Map<number, { steps: RetainerStep[]; omitted: number }> };
}

/** Retainer paths per thread: enough for every leak finding a report shows, bounded on any heap. */
export const MAX_RETAINER_PATHS = 256;

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
  const outlived: number[] = [];
  for (let i = 0; i < store.watchCount; i++) {
    const record = store.watchRec[i]!;
    const flags = store.recFlags[record]!;
    if ((flags & F_DEAD) !== 0) continue;
    const target = store.watchRefs[i]!.deref();
    if (target === undefined) continue;
    targets.push(target);
    records.push(record);
    outlived.push((flags & F_EXITED) !== 0 ? 1 : 0);
  }
  const sizes: PreciseSizes = { self: new Map(), retained: new Map(), exclusive: new Map(), paths: [] };
  const progress = createPreciseProgress(store.config.progress, process.stderr);
  try {
    const { self, retained, exclusive, paths } = precise.measurePrecise(targets, {
      ...(progress === null ? {} : { onProgress: progress.onProgress }),
      paths: { preferred: Uint8Array.from(outlived), max: MAX_RETAINER_PATHS, recordIds: records, tagged: LAYOUT.tagged, arrayHeader: LAYOUT.arrayHeader },
    });
    for (let i = 0; i < records.length; i++) {
      sizes.self.set(records[i]!, self[i] ?? NaN);
      sizes.retained.set(records[i]!, retained[i] ?? NaN);
      sizes.exclusive.set(records[i]!, exclusive?.[i] ?? NaN);
    }
    for (const [target, path] of paths ?? []) {
      sizes.paths.push({ record_id: records[target]!, steps: path.steps, omitted_steps: path.omitted });
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
