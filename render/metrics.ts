/**
 * The eight metrics of DESIGN.md §5, computed over the individually kept records.
 * Pure; no metric divides by zero or produces NaN on empty input.
 */
import type { AllocationRecord, HeapSection, RawSnapshot, Summary, TimelineSample } from "../runtime/snapshot.js";
import { indexObjects, isAliveAtExport, objectBytes, recordEndTime, NO_SHARED_OBJECTS, type ObjectIndex } from "./records.js";

/**
 * The p-th percentile (0..100) of already sorted values with linear interpolation
 * between closest ranks (position p/100 × (n − 1)); 0 for no values.
 */
export function percentileSorted(sorted: ArrayLike<number>, p: number): number {
  const n = sorted.length;
  if (n === 0) return 0;
  const position = (Math.min(Math.max(p, 0), 100) / 100) * (n - 1);
  const lower = Math.floor(position);
  const upper = Math.min(lower + 1, n - 1);
  const weight = position - lower;
  const a = sorted[lower] as number;
  const b = sorted[upper] as number;
  return a + (b - a) * weight;
}

/**
 * Live tracked bytes over time rebuilt from the records' own events (allocation +,
 * end −), for runs where the sampler took no sample. Returns the maximum.
 */
export function peakLiveBytesFromRecords(records: readonly AllocationRecord[], objects: ObjectIndex = NO_SHARED_OBJECTS): number {
  const n = records.length;
  if (n === 0) return 0;
  const times = new Float64Array(n * 2);
  const deltas = new Float64Array(n * 2);
  let events = 0;
  for (const record of records) {
    if (objects.shared.has(record.id)) continue;
    const bytes = objectBytes(record, objects);
    times[events] = record.allocation_time;
    deltas[events++] = bytes;
    const end = recordEndTime(record);
    if (end !== null) {
      times[events] = end;
      deltas[events++] = -bytes;
    }
  }
  const order = new Uint32Array(events);
  for (let i = 0; i < events; i++) order[i] = i;
  // At equal times apply frees before allocations: an object freed at t and another
  // allocated at t were not both live at once.
  order.sort((i, j) => (times[i] as number) - (times[j] as number) || (deltas[i] as number) - (deltas[j] as number));
  let live = 0;
  let peak = 0;
  for (let k = 0; k < events; k++) {
    live += deltas[order[k] as number] as number;
    if (live > peak) peak = live;
  }
  return peak;
}

/** Where the peak figure came from, so the report can say it. */
export type PeakSource = "timeline" | "records" | "none";

export function peakSource(timeline: readonly TimelineSample[], records: readonly AllocationRecord[]): PeakSource {
  if (timeline.length > 0) return "timeline";
  return records.length > 0 ? "records" : "none";
}

/** V8's fragmentation at export: (committed − used) / committed × 100; null when unknown. */
export function heapFragmentationPercent(heap: HeapSection): number | null {
  const committed = heap.total_heap_size;
  if (!(committed > 0) || !Number.isFinite(heap.used_heap_size)) return null;
  const percent = ((committed - heap.used_heap_size) / committed) * 100;
  return Math.min(100, Math.max(0, percent));
}

/** Count of tracked variable sites: the runtime's count, or the distinct sites seen when it reported none. */
export function trackedSiteCount(raw: RawSnapshot): number {
  if (raw.tracked_sites > 0) return raw.tracked_sites;
  const sites = new Set<number>();
  for (const record of raw.allocations) sites.add(record.site_id);
  for (const folded of raw.folded_sites) sites.add(folded.site_id);
  return sites.size;
}

/**
 * Summary definitions (see DESIGN.md §5). Memory and object counts are per object: a
 * record sharing its object with another (alias target, move source) adds nothing.
 * - active: records alive at export (objects not collected; strings whose scope is open).
 * - peak: max of tracked_live_bytes over the samples, and of active memory at export (the
 *   export instant is the last point of the timeline, so efficiency never exceeds 100%).
 *   Without samples it is rebuilt from the records' allocation/collected/scope-exit events.
 * - median / p95: over every kept record's bytes, linear interpolation; 0 without records.
 * - density: (kept + folded records) / tracked sites; 0 without sites.
 */
export function computeSummary(raw: RawSnapshot, objects: ObjectIndex = indexObjects(raw.allocations, raw.relations)): Summary {
  const records = raw.allocations;
  const sizes = new Float64Array(records.length);
  let objectCount = 0;
  let activeBytes = 0;
  let activeCount = 0;
  let totalBytes = 0;
  for (let i = 0; i < records.length; i++) {
    const record = records[i] as AllocationRecord;
    if (objects.shared.size > 0 && objects.shared.has(record.id)) continue;
    const bytes = objectBytes(record, objects);
    sizes[objectCount++] = bytes;
    totalBytes += bytes;
    if (isAliveAtExport(record)) {
      activeBytes += bytes;
      activeCount++;
    }
  }
  const objectSizes = sizes.subarray(0, objectCount).sort();

  let peak = activeBytes;
  if (raw.timeline.length > 0) {
    for (const sample of raw.timeline) if (sample.tracked_live_bytes > peak) peak = sample.tracked_live_bytes;
  } else {
    peak = Math.max(peak, peakLiveBytesFromRecords(records, objects));
  }

  let v8Peak = raw.heap.peak_heap_used;
  for (const sample of raw.timeline) if (v8Peak === null || sample.heap_used > v8Peak) v8Peak = sample.heap_used;

  const sites = trackedSiteCount(raw);
  const trackedRecords = records.length + raw.dropped_records;
  return {
    active_memory_bytes: activeBytes,
    peak_memory_bytes: peak,
    peak_memory_source: peakSource(raw.timeline, records),
    v8_peak_heap_used_bytes: v8Peak,
    active_allocations: activeCount,
    memory_efficiency_percent: peak > 0 ? (activeBytes / peak) * 100 : 0,
    median_allocation_bytes: percentileSorted(objectSizes, 50),
    p95_allocation_bytes: percentileSorted(objectSizes, 95),
    heap_fragmentation_percent: heapFragmentationPercent(raw.heap),
    allocation_density: sites > 0 ? trackedRecords / sites : 0,
    total_allocations: records.length,
    total_bytes: totalBytes,
    tracked_sites: sites,
  };
}
