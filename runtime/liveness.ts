/**
 * Collection times. One FinalizationRegistry per thread stamps collected_time when
 * V8 reclaims a tracked object. Its callbacks are asynchronous, so at export the
 * runtime forces a full GC and drains the registry synchronously with
 * FinalizationRegistry.prototype.cleanupSome, taken from a fresh vm context created
 * with V8's --harmony-weak-refs-with-cleanup-some flag (the builtin works on a
 * registry of any context). Both are obtained once, at the first export.
 */
import * as v8 from "node:v8";
import * as vm from "node:vm";
import type { Store } from "./store.js";

type CleanupSome = (this: FinalizationRegistry<number>, callback: (held: number) => void) => void;

interface ExportTools {
  gc: (() => void) | null;
  cleanupSome: CleanupSome | null;
}

let tools: ExportTools | null = null;

function exportTools(): ExportTools {
  if (tools !== null) return tools;
  let gc: (() => void) | null = typeof (globalThis as { gc?: unknown }).gc === "function" ? (globalThis as unknown as { gc: () => void }).gc : null;
  let cleanupSome: CleanupSome | null = null;
  try {
    v8.setFlagsFromString("--expose-gc");
    v8.setFlagsFromString("--harmony-weak-refs-with-cleanup-some");
    const context = vm.createContext({});
    if (gc === null) {
      const contextGc = vm.runInContext("typeof gc === 'function' ? gc : null", context) as (() => void) | null;
      gc = contextGc;
    }
    const registryClass = vm.runInContext("FinalizationRegistry", context) as { prototype: { cleanupSome?: CleanupSome } };
    cleanupSome = typeof registryClass.prototype.cleanupSome === "function" ? registryClass.prototype.cleanupSome : null;
  } catch {
    // Flags unavailable in this build: liveness stays as the async callbacks left it.
  }
  tools = { gc, cleanupSome };
  return tools;
}

export function createRegistry(store: Store): FinalizationRegistry<number> {
  return new FinalizationRegistry<number>((record) => {
    try {
      if (record >= 0 && record < store.count) store.markCollected(record, store.now());
    } catch {
      store.internalErrors++;
    }
  });
}

export interface LivenessResult {
  /** A full GC ran. */
  gc: boolean;
  /** Pending finalization callbacks were drained synchronously. */
  drained: boolean;
}

/**
 * Makes liveness honest before an export: full GC, then every record whose object
 * that GC reclaimed is marked collected now.
 */
export function settleLiveness(store: Store): LivenessResult {
  const { gc, cleanupSome } = exportTools();
  let ranGc = false;
  let drained = false;
  try {
    if (gc !== null) {
      gc();
      ranGc = true;
    }
    if (cleanupSome !== null && store.registry !== null) {
      const time = store.now();
      cleanupSome.call(store.registry, (record: number) => {
        if (record >= 0 && record < store.count) store.markCollected(record, time);
      });
      drained = true;
    }
  } catch {
    store.internalErrors++;
  }
  return { gc: ranGc, drained };
}
