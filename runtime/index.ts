/**
 * memscope-ts runtime: the entry points the instrumented code calls
 * (registerFile/enter/exit/track, see protocol.ts), the manual API and exports.
 * With MEMSCOPE=off every entry point is a pass-through behind one branch.
 */
import process from "node:process";
import { SITE_VAR, type SiteTuple } from "../format/protocol.js";
import type { RawSnapshot } from "../format/snapshot.js";
import { readConfig } from "./config.js";
import { ROLE_SCOPE, ROLE_VAR, SLOT_MASK, type Store, sharedStore } from "./store.js";
import { addRecord, addSites, closeScope, openScope, releaseSlot, startInstance } from "./registration.js";
import { createRegistry, settleLivenessAsync } from "./liveness.js";
import { startSampler } from "./sampler.js";
import { startGcCounters } from "./gc-counters.js";
import { listenForParts } from "./threads.js";
import { installMainHooks, installWorkerHooks } from "./hooks.js";
import { ALL_KINDS, type ExportOptions, type ReportKind, type ReportPaths, collectSnapshot, exportAsync } from "./exporter.js";
import { callerLocation } from "./caller.js";
import { afterPromise } from "./intrinsics.js";
import { droppedRegistrations } from "./collect.js";
import { exportNow as exportOnDemand, installSnapshotSignal } from "./on-demand.js";
import { loadMetricsFromEnvironment } from "./metrics-loader.js";

export type { ExportOptions, ReportKind, ReportPaths };

const store: Store = sharedStore(() => readConfig(process.env, process.argv, process.cwd()));
const OFF = store.config.off;

/** Installs the registry, sampler, GC counters and exit hooks (once per thread). */
function start(s: Store): void {
  s.started = true;
  try {
    s.registry = createRegistry(s);
    startGcCounters(s);
    startSampler(s);
    if (s.isMainThread) {
      listenForParts(s);
      // Production mode: no export when the process ends unless asked (MEMSCOPE_EXPORT_AT_EXIT=1).
      if (s.config.exportAtExit) installMainHooks(s);
      if (s.config.snapshotSignal !== null) installSnapshotSignal(s, s.config.snapshotSignal);
      if (s.config.metrics === "otel") loadMetricsFromEnvironment(s);
    } else installWorkerHooks(s);
  } catch {
    s.internalErrors++;
  }
}

export function registerFile(file: string, sites: readonly SiteTuple[]): number {
  if (OFF) return 0;
  try {
    if (!store.started) start(store);
    return addSites(store, file, sites);
  } catch {
    store.internalErrors++;
    return NaN;
  }
}

// enter/exit/track: a fast path small enough for V8 to inline into the instrumented
// function (typed-array reads and writes on the store, which cannot throw), and a slow
// path in a function of its own behind try/catch, so nothing reaches user code. Every
// call the fast path makes is inside a try as well: at the deepest recursion the call
// itself can overflow the stack, and that RangeError must not come out of the runtime
// (from `exit`, in the emitted finally block, it would replace the function's result).

export function enter(scopeSiteId: number): number {
  if (OFF) return 0;
  // An untimed invocation of a hot scope on a recycled slot. A bad site id reads
  // undefined and fails the tests.
  const skip = store.siteSkip[scopeSiteId]!;
  if (skip > 0 && store.freeTop > 0 && store.siteRole[scopeSiteId] === ROLE_SCOPE) {
    store.siteSkip[scopeSiteId] = skip - 1;
    store.scopeInvocations[scopeSiteId]!++;
    const slot = store.freeSlots[--store.freeTop]!;
    try {
      return startInstance(store, slot, scopeSiteId, NaN);
    } catch {
      store.freeSlots[store.freeTop++] = slot;
      store.internalErrors++;
      return 0;
    }
  }
  try {
    return enterSlow(scopeSiteId);
  } catch {
    store.internalErrors++;
    return 0;
  }
}

function enterSlow(scopeSiteId: number): number {
  try {
    return openScope(store, scopeSiteId);
  } catch {
    store.internalErrors++;
    return 0;
  }
}

export function exit(scopeInstance: number): void {
  if (OFF) return;
  // An untimed instance that holds no kept record only frees its slot. A bad handle
  // fails the equality test.
  const slot = scopeInstance & SLOT_MASK;
  if (scopeInstance > 0 && store.slotHandle[slot] === scopeInstance && store.slotHead[slot]! < 0 && store.slotEnter[slot] !== store.slotEnter[slot]) {
    try {
      releaseSlot(store, slot);
    } catch {
      store.internalErrors++;
    }
    return;
  }
  try {
    exitSlow(scopeInstance);
  } catch {
    store.internalErrors++;
  }
}

function exitSlow(scopeInstance: number): void {
  try {
    closeScope(store, scopeInstance);
  } catch {
    store.internalErrors++;
  }
}

export function track<T>(value: T, varSiteId: number, scopeInstance: number): T {
  if (OFF) return value;
  // A hot site's registration left out by sampling is only counted. A bad site id
  // reads undefined from the typed arrays and falls through to the checks.
  const skip = store.siteSkip[varSiteId]!;
  if (skip > 0 && store.siteRole[varSiteId] === ROLE_VAR && (typeof value === "string" || (typeof value === "object" && value !== null))) {
    store.siteSkip[varSiteId] = skip - 1;
    store.siteSampledOut[varSiteId]!++;
    // The site's latest value is not a record: a clone of it must not link to an older one.
    store.siteLatest[varSiteId] = -1;
    return value;
  }
  try {
    trackSlow(value, varSiteId, scopeInstance);
  } catch {
    store.internalErrors++;
  }
  return value;
}

function trackSlow(value: unknown, varSiteId: number, scopeInstance: number): void {
  try {
    if (store.siteRole[varSiteId] !== ROLE_VAR) store.invalidSiteCalls++;
    else if (typeof value === "string" || (typeof value === "object" && value !== null)) {
      if (!store.started) start(store);
      addRecord(store, value, varSiteId, scopeInstance);
    } else store.untrackedValues++;
  } catch {
    store.internalErrors++;
  }
}

/**
 * Manual registration for code not compiled with the transformer. The site is
 * created on first use of `name` at the caller's file:line; the category comes from
 * the value at run time.
 */
export function trackVar<T>(value: T, name: string): T {
  if (OFF) return value;
  try {
    if (!store.started) start(store);
    const where = callerLocation();
    const key = `${name}\u0000${where.file}:${where.line}:${where.column}`;
    let site = store.manualSites.get(key);
    if (site === undefined) {
      site = addSites(store, where.file, [[SITE_VAR, String(name), "unknown", "dynamic", "unknown", where.line, where.column, -1, -1, "call"]]);
      store.manualSites.set(key, site);
    }
    return track(value, site, 0);
  } catch {
    store.internalErrors++;
    return value;
  }
}

export interface RuntimeStats {
  tracked: number;
  live: number;
  liveBytes: number;
  dropped: number;
  sites: number;
}

export function getStats(): RuntimeStats {
  const dropped = droppedRegistrations(store);
  return {
    tracked: store.count + dropped,
    live: store.liveCount,
    liveBytes: store.liveBytes,
    dropped,
    sites: store.varSiteCount,
  };
}

/**
 * What the runtime observed so far, synchronously: a full GC first, but objects it
 * reclaims are seen only where a WeakRef watches them (metadata.liveness counts the
 * rest); collectRawSettled() waits for the GC's finalization callbacks as well.
 */
export function collectRaw(): RawSnapshot {
  return collectSnapshot(store, "api");
}

/** collectRaw() after a full GC whose finalization callbacks have all run (liveness settled as exportAll() settles it). */
export function collectRawSettled(): Promise<RawSnapshot> {
  return afterPromise(settleLivenessAsync(store), () => collectSnapshot(store, "api"));
}

function disabled(): Promise<ReportPaths> {
  return Promise.resolve({});
}

export function exportAll(options?: ExportOptions): Promise<ReportPaths> {
  return OFF ? disabled() : exportAsync(store, ALL_KINDS, options);
}

export function exportJson(options?: ExportOptions): Promise<ReportPaths> {
  return OFF ? disabled() : exportAsync(store, ["json"], options);
}

export function exportMemoryAnalysis(options?: ExportOptions): Promise<ReportPaths> {
  return OFF ? disabled() : exportAsync(store, ["analysis"], options);
}

export function exportLifecycleTimeline(options?: ExportOptions): Promise<ReportPaths> {
  return OFF ? disabled() : exportAsync(store, ["timeline"], options);
}

/**
 * Writes the three files now, without stopping the program (the on-demand snapshot of
 * a long-running process; the snapshot signal does the same). Requests made while one
 * is being written are queued, so each writes a complete set.
 */
export function exportNow(options?: ExportOptions): Promise<ReportPaths> {
  return OFF ? disabled() : exportOnDemand(store, options);
}
