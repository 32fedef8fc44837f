/**
 * GC events from V8. v8.GCProfiler gives each GC's type, cost and heap statistics
 * before and after, but no timestamp. The profiler is restarted on every sampler
 * tick (which also bounds what it buffers), so each event is stamped with the end
 * of the window it was seen in: its time is known to within one sample interval.
 * (Node's "gc" PerformanceEntries carry a start time but arrive asynchronously,
 * after the window closed, so they cannot be paired with profiler events.)
 */
import * as v8 from "node:v8";
import type { GcProfilerLike, ProfilerEvent } from "./gc-profiler.js";
import { type Store, SERIES_LIMIT, decimate } from "./store.js";
import { append, mathMax, mathRound } from "./intrinsics.js";

export function startGcCounters(store: Store): void {
  const Profiler = (v8 as unknown as { GCProfiler?: new () => GcProfilerLike }).GCProfiler;
  if (typeof Profiler !== "function") return;
  try {
    const profiler = new Profiler();
    profiler.start();
    store.gcProfiler = profiler;
    store.gcAvailable = true;
    store.gcLastAfter = v8.getHeapStatistics().used_heap_size;
  } catch {
    return;
  }
}

/** Moves the profiler's events into the store and restarts it. */
export function collectGcEvents(store: Store, restart: boolean): void {
  const profiler = store.gcProfiler;
  if (profiler === null) return;
  let result: { statistics: ProfilerEvent[] } | undefined;
  try {
    result = profiler.stop();
  } catch {
    result = undefined;
  }
  const windowEnd = store.now();
  const events = result?.statistics ?? [];
  for (let i = 0; i < events.length; i++) {
    const event = events[i]!;
    const before = event.beforeGC.heapStatistics.usedHeapSize;
    const after = event.afterGC.heapStatistics.usedHeapSize;
    if (store.gcLastAfter !== null) store.gcAllocatedBytes += mathMax(0, before - store.gcLastAfter);
    store.gcFreedBytes += mathMax(0, before - after);
    store.gcLastAfter = after;
    append(store.gcEvents, {
      time: mathRound(windowEnd * 1000) / 1000,
      type: event.gcType,
      duration_ms: event.cost / 1000,
      heap_before: before,
      heap_after: after,
    });
    decimate(store.gcEvents, SERIES_LIMIT);
  }
  if (restart) {
    try {
      profiler.start();
    } catch {
      store.gcProfiler = null;
    }
  } else store.gcProfiler = null;
}
