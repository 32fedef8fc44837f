/**
 * Collection times, and liveness settled before an export.
 *
 * One FinalizationRegistry per thread stamps collected_time when V8 reclaims a tracked
 * object. Its callbacks run in a task of their own, after the GC that found the object
 * dead, so an export must force a full GC and then see those callbacks through. The
 * runtime does that the same way on every Node version, with no V8 flag that may
 * vanish (V8 13 removed `--harmony-weak-refs-with-cleanup-some` and with it the only
 * synchronous drain, FinalizationRegistry.prototype.cleanupSome):
 *
 * - Asynchronously, whenever the event loop still runs: `exportAll()` and the normal
 *   end of a program ('beforeExit', see hooks.ts). A sentinel object is registered
 *   with the registry and dropped, a full GC runs, and the export waits for the
 *   sentinel's callback and one more turn: V8 delivers every cell one GC cleared in one
 *   loop of the same task, so after the task in which the sentinel's callback ran, the
 *   callbacks of every object that GC reclaimed have run.
 * - Synchronously, at an exit that leaves no turn of the event loop (process.exit(),
 *   an uncaught exception, a signal, a normal exit whose program listens to
 *   'beforeExit' itself): V8's keep-during-job set is cleared (a WeakRef created or
 *   dereferenced in the current job keeps its target alive until the job ends, and at
 *   a process.exit() from the main module the job never ends), a full GC runs, and the
 *   watched objects are settled through their WeakRefs (deref() reads undefined once V8
 *   reclaimed the target). The other objects are settled from a heap snapshot when it
 *   is cheap (the heap at most SNAPSHOT_SETTLE_HEAP_LIMIT) and the export does not answer
 *   a signal (which asks the process to end now): it shows how many of the
 *   registry's targets are alive; when none of the unknown ones is, they are all
 *   collected, when all are, all alive. Otherwise (a mix, a larger heap, no snapshot)
 *   the objects neither watched nor known collected whose scope had ended are counted
 *   as unsettled and reported alive; the report says so.
 *
 * The forced GC is V8's `gc` from a fresh vm context created while `--expose-gc` is
 * set (and unset right after, so contexts the program creates later do not get a
 * `gc` global). The flag is set only when Node lists it among the flags it accepts
 * (process.allowedNodeEnvironmentFlags): v8.setFlagsFromString prints to stderr for a
 * flag the running V8 does not know, and the runtime prints nothing.
 *
 * Module scope: an object bound at module level lives as long as the module, which in
 * an ES module is the whole run, but a CommonJS module's scope becomes unreachable
 * once its body has run and nothing else holds it, so the export's own GC would
 * reclaim it (and only it). The rule, the same for both formats: a record whose scope
 * is the module and which was not collected before the export began is alive at the
 * end of the run; collection by the export's own GC does not end it. A module-level
 * object the program really dropped is reclaimed by a GC of the run and reads as
 * collected in both formats.
 */
import * as v8 from "node:v8";
import * as vm from "node:vm";
import process from "node:process";
import { type Store, F_DEAD, F_EXITED, F_SHARED } from "./store.js";
import { Kind } from "./estimate.js";
import { PromiseCtor, SafeFinalizationRegistry, append } from "./intrinsics.js";
import { countRegistryCells } from "./precise-bridge.js";

/** Holdings of the sentinel object an asynchronous settle waits for. */
const SENTINEL = -1;
/** An asynchronous settle gives up waiting after this long (the callbacks normally follow within a millisecond). */
export const SETTLE_TIMEOUT_MS = 2000;

const EXPOSE_GC = "--expose-gc";

/**
 * A synchronous exit settles the objects it has no WeakRef for from a heap snapshot
 * only while V8's used heap is at most this large: the snapshot is written, read back
 * and parsed inside the exit, about 60 ms of CPU per MB of heap (Node 20 and 26 alike),
 * so at most about a second.
 */
export const SNAPSHOT_SETTLE_HEAP_LIMIT = 16 * 1024 * 1024;

type Gc = () => void;

/** V8's full GC, or null when this Node does not accept --expose-gc. Obtained once per thread. */
function forcedGc(store: Store): Gc | null {
  if (store.gcFunction !== undefined) return store.gcFunction;
  let gc: Gc | null = null;
  const global = (globalThis as { gc?: unknown }).gc;
  if (typeof global === "function") gc = global as Gc;
  else {
    try {
      const flags = process.allowedNodeEnvironmentFlags;
      if (flags !== undefined && flags.has(EXPOSE_GC)) {
        v8.setFlagsFromString(EXPOSE_GC);
        try {
          const contextGc = vm.runInNewContext("typeof gc === 'function' ? gc : null");
          if (typeof contextGc === "function") gc = contextGc as Gc;
        } finally {
          v8.setFlagsFromString("--no-expose-gc");
        }
      }
    } catch {
      gc = null;
    }
  }
  store.gcFunction = gc;
  return gc;
}

export function createRegistry(store: Store): FinalizationRegistry<number> {
  return new SafeFinalizationRegistry<number>((record) => {
    try {
      if (record === SENTINEL) {
        store.settleWaiter?.();
        return;
      }
      if (record < 0 || record >= store.count) return;
      // The export's own GC does not end a module-level object (see the header).
      if (store.exportGcActive && isModuleScoped(store, record)) return;
      store.markCollected(record, store.now());
    } catch {
      store.internalErrors++;
    }
  });
}

/** The record's variable is declared at module level (trackVar values are not). */
export function isModuleScoped(store: Store, record: number): boolean {
  return store.isModuleLevelSite(store.recSite[record]!);
}

/** How liveness was settled for an export (metadata.liveness). */
export interface LivenessResult {
  /** A full GC ran. */
  gc: boolean;
  /**
   * "gc-and-callbacks" (the registry's callbacks were awaited), "gc-and-weak-refs"
   * (synchronous exit), "gc-and-heap-snapshot" (synchronous exit, the rest settled from a
   * heap snapshot), "none" (no GC available).
   */
  method: "gc-and-callbacks" | "gc-and-weak-refs" | "gc-and-heap-snapshot" | "none";
  /** Records reported alive whose collection by the export's GC could not be observed. */
  unsettled: number;
}

/**
 * By the module rule, module-level objects (every one is watched, registration.ts)
 * and everything they reference are alive at the end of the run. A CommonJS module's
 * scope may be unreachable by then, so they are held from before the export's own GC
 * until the export has read them (exporter.ts releases them): an object kept in a
 * module-level Map reads alive in both formats. In precise mode's heap snapshot the
 * hold retains them as an ES module's scope does (one holder of every module-level
 * object), so retained sizes are the same in both formats too.
 */
function holdModuleTargets(store: Store): void {
  if (store.moduleHold !== null) return;
  const hold: object[] = [];
  for (let i = 0; i < store.watchCount; i++) {
    const record = store.watchRec[i]!;
    if ((store.recFlags[record]! & F_DEAD) !== 0 || !isModuleScoped(store, record)) continue;
    const target = store.watchRefs[i]!.deref();
    if (target !== undefined) append(hold, target);
  }
  store.moduleHold = hold;
}

/** Registers a fresh object under SENTINEL; it is unreachable once this returns. */
function registerSentinel(registry: FinalizationRegistry<number>): void {
  registry.register({}, SENTINEL);
}

/**
 * Asynchronous settle: full GC, then waits until the registry's callbacks for what
 * that GC reclaimed have run. Never rejects; when no GC can run or the callbacks do
 * not come within SETTLE_TIMEOUT_MS it resolves without marking the settle fresh, and
 * the export that follows settles synchronously.
 */
export function settleLivenessAsync(store: Store): Promise<void> {
  const gc = forcedGc(store);
  const registry = store.registry;
  if (gc === null || registry === null) return Promise.resolve();
  return new PromiseCtor<void>((resolve) => {
    let timer: NodeJS.Timeout | null = null;
    const settled = (ok: boolean): void => {
      if (timer !== null) clearTimeout(timer);
      store.settleWaiter = null;
      store.exportGcActive = false;
      if (ok) {
        store.settledCount = store.count;
        store.settleFresh = true;
      }
      resolve();
    };
    try {
      // The sentinel's callback may come first in the loop that delivers this GC's cells:
      // the settle ends on the next turn, after the whole loop.
      store.settleWaiter = () => setImmediate(settled, true);
      timer = setTimeout(() => settled(false), SETTLE_TIMEOUT_MS);
      holdModuleTargets(store);
      store.exportGcActive = true;
      registerSentinel(registry);
      gc();
    } catch {
      store.internalErrors++;
      settled(false);
    }
  });
}

/**
 * Synchronous settle before an export (the only kind an exit handler can run): full
 * GC, watched collections settled through their WeakRefs, the rest from a heap
 * snapshot when `heapSnapshot` allows it (not for an export that answers a signal) and
 * it is cheap, and what is left counted.
 * An asynchronous settle (settleLivenessAsync) just before, with nothing registered
 * since (the export that follows it, or the exit after 'beforeExit'), needs no second GC.
 */
export function settleLiveness(store: Store, heapSnapshot = true): LivenessResult {
  const gc = forcedGc(store);
  const fresh = store.settleFresh && store.settledCount === store.count;
  store.settleFresh = false;
  if (fresh) return { gc: true, method: "gc-and-callbacks", unsettled: 0 };
  if (gc === null) return { gc: false, method: "none", unsettled: unsettledRecords(store) };
  let bySnapshot = false;
  try {
    holdModuleTargets(store);
    store.exportGcActive = true;
    clearKeptObjects(store);
    gc();
    const time = store.now();
    // Once the keep-during-job set is cleared, a WeakRef reads undefined once V8 reclaimed its target.
    const aliveFirsts = new Set<number>();
    for (let i = 0; i < store.watchCount; i++) {
      const record = store.watchRec[i]!;
      if ((store.recFlags[record]! & F_DEAD) !== 0) continue;
      const target = store.watchRefs[i]!.deref();
      if (target === undefined) {
        if (!isModuleScoped(store, record)) store.markCollected(record, time);
        continue;
      }
      const first = store.owner.get(target);
      if (first !== undefined) aliveFirsts.add(first);
    }
    bySnapshot = heapSnapshot && settleFromSnapshot(store, aliveFirsts, time);
  } catch {
    store.internalErrors++;
  } finally {
    store.exportGcActive = false;
  }
  if (bySnapshot) return { gc: true, method: "gc-and-heap-snapshot", unsettled: 0 };
  return { gc: true, method: "gc-and-weak-refs", unsettled: unsettledRecords(store) };
}

/**
 * Clears V8's keep-during-job set: running a script in a vm context with a microtask
 * queue of its own ends with a checkpoint of that queue, and V8 clears the set at every
 * checkpoint (the program's own queue is not run). Only at a synchronous exit, where
 * the job would otherwise never end.
 */
function clearKeptObjects(store: Store): void {
  try {
    vm.runInContext("0", vm.createContext({}, { microtaskMode: "afterEvaluate" }));
  } catch {
    store.internalErrors++;
  }
}

/**
 * Settles the objects that have a registry cell but no WeakRef (the records the
 * snapshot can speak for) from a heap snapshot's count of the registry's live targets,
 * when some of them would otherwise be unsettled and the heap is small enough. True when
 * every such object's fate is known afterwards (and then marked); false leaves them to
 * be counted as unsettled.
 */
function settleFromSnapshot(store: Store, aliveFirsts: ReadonlySet<number>, time: number): boolean {
  const registry = store.registry;
  if (registry === null) return false;
  const shared = new Set<number>();
  for (const list of store.sharers.values()) for (const record of list) shared.add(record);
  // Records that own a registry cell (an object's first record) and whose object's fate is unknown.
  const unknown: number[] = [];
  let wouldBeUnsettled = false;
  for (let record = 0; record < store.count; record++) {
    const flags = store.recFlags[record]!;
    if ((flags & F_DEAD) !== 0 || store.recKind[record] === Kind.String || shared.has(record) || aliveFirsts.has(record)) continue;
    unknown.push(record);
    if ((flags & (F_EXITED | F_SHARED)) === F_EXITED && !isModuleScoped(store, record)) wouldBeUnsettled = true;
  }
  if (!wouldBeUnsettled || v8.getHeapStatistics().used_heap_size > SNAPSHOT_SETTLE_HEAP_LIMIT) return false;
  const cells = countRegistryCells(registry);
  if (cells === null) return false;
  const unknownAlive = cells.alive - aliveFirsts.size;
  // Any other count means the snapshot and the store disagree: trust neither.
  if (unknownAlive < 0 || unknownAlive > unknown.length) return false;
  if (unknownAlive === unknown.length) return true;
  if (unknownAlive > 0) return false;
  // By the module rule the export's own GC does not end a module-level object.
  for (const record of unknown) if (!isModuleScoped(store, record)) store.markCollected(record, time);
  return true;
}

/**
 * Records whose object may have been reclaimed by the export's GC without the runtime
 * seeing it: alive, an object (strings end with their scope), the counted holder of
 * its object, its scope ended, and not watched (a watched one was settled through its
 * WeakRef). An earlier settled GC proves nothing about them: they may have been
 * dropped since.
 */
function unsettledRecords(store: Store): number {
  const watched = new Set<number>();
  for (let i = 0; i < store.watchCount; i++) watched.add(store.watchRec[i]!);
  let unsettled = 0;
  for (let record = 0; record < store.count; record++) {
    const flags = store.recFlags[record]!;
    if ((flags & (F_DEAD | F_SHARED)) !== 0 || (flags & F_EXITED) === 0) continue;
    if (store.recKind[record] === Kind.String || watched.has(record)) continue;
    unsettled++;
  }
  return unsettled;
}
