/**
 * The sampler: on an unref'd timer it records the process's memory counters and the
 * live tracked totals (one TimelineSample per tick), drains GC events, and
 * re-measures a bounded, rotating slice of the live tracked collections so that its
 * cost per tick does not grow with the number of records.
 */
import process from "node:process";
import { type Store, F_DEAD, F_SHARED, HISTORY_LIMIT, HISTORY_RECORDS_LIMIT, SERIES_LIMIT, decimate } from "./store.js";
import { estimate, isResizable } from "./estimate.js";
import { collectGcEvents } from "./gc-counters.js";
import { mathMin } from "./intrinsics.js";

/** Collections re-measured per tick at most. */
export const REMEASURE_PER_TICK = 2000;

export function takeSample(store: Store): void {
  const memory = process.memoryUsage();
  const time = store.now();
  store.timeline.push({
    time,
    heap_used: memory.heapUsed,
    heap_total: memory.heapTotal,
    rss: memory.rss,
    external: memory.external,
    array_buffers: memory.arrayBuffers,
    tracked_live_bytes: store.liveBytes,
    tracked_live_count: store.liveCount,
  });
  decimate(store.timeline, SERIES_LIMIT);
  if (store.peakHeapUsed === null || memory.heapUsed > store.peakHeapUsed) store.peakHeapUsed = memory.heapUsed;
}

function appendHistory(store: Store, record: number, time: number, size: number): void {
  let history = store.sizeHistory.get(record);
  if (history === undefined) {
    if (store.sizeHistory.size >= HISTORY_RECORDS_LIMIT) return;
    history = [];
    store.sizeHistory.set(record, history);
  }
  history.push(time, size);
  if (history.length >= 2 * HISTORY_LIMIT) {
    // Keep every other point (pairs), always keeping the newest one.
    let write = 0;
    for (let read = 0; read < history.length; read += 4) {
      history[write++] = history[read]!;
      history[write++] = history[read + 1]!;
    }
    history.length = write;
    if (history[write - 2] !== time) history.push(time, size);
  }
}

/** Re-measures one watched record; returns false when its object is gone. */
export function remeasure(store: Store, watchIndex: number, time: number): boolean {
  const record = store.watchRec[watchIndex]!;
  if ((store.recFlags[record]! & F_DEAD) !== 0) return false;
  const target = store.watchRefs[watchIndex]!.deref();
  if (target === undefined) return false;
  if (!isResizable(store.recKind[record]!)) return true;
  const size = mathMin(estimate(target), 0xffffffff);
  const previous = store.recSize[record]!;
  if (size === previous) return true;
  store.recSize[record] = size;
  if ((store.recFlags[record]! & F_SHARED) === 0) store.liveBytes += (size - previous) * store.recWeight[record]!;
  appendHistory(store, record, time, size);
  return true;
}

/** Drops watch entry `index` by moving the last entry into its place. */
function unwatch(store: Store, index: number): void {
  store.siteWatched[store.recSite[store.watchRec[index]!]!]!--;
  const last = --store.watchCount;
  store.watchRec[index] = store.watchRec[last]!;
  store.watchRefs[index] = store.watchRefs[last]!;
  store.watchRefs.pop();
}

/** Re-measures up to `limit` watched records, continuing where the last tick stopped. */
export function remeasureSlice(store: Store, limit: number): void {
  const total = store.watchCount;
  if (total === 0) return;
  const time = store.now();
  let cursor = store.watchCursor % total;
  for (let i = 0; i < limit && store.watchCount > 0; i++) {
    if (cursor >= store.watchCount) cursor = 0;
    if (remeasure(store, cursor, time)) cursor++;
    else unwatch(store, cursor);
  }
  store.watchCursor = cursor;
}

export function tick(store: Store): void {
  try {
    store.lastTickTime = store.now();
    remeasureSlice(store, REMEASURE_PER_TICK);
    collectGcEvents(store, true);
    takeSample(store);
  } catch {
    store.internalErrors++;
  }
}

export function startSampler(store: Store): NodeJS.Timeout | null {
  try {
    takeSample(store);
    const timer = setInterval(tick, store.config.sampleMs, store);
    timer.unref();
    return timer;
  } catch {
    store.internalErrors++;
    return null;
  }
}
