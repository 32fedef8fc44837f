/**
 * The summary metrics (defined in render/README.md; primitives in metrics.ts) and the precision section
 * (accumulators in precision.ts) over the record columns: read from typed arrays
 * instead of a million record objects.
 */
import type { PrecisionGroup, PrecisionSummary, RawSnapshot, SamplingSummary, Summary } from "../../format/snapshot.js";
import type { Category } from "../../format/protocol.js";
import { heapFragmentationPercent, percentileSorted, type PeakSource } from "./metrics.js";
import { accumulate, emptyAccumulator, precisionStats, type PrecisionAccumulator } from "./precision.js";
import type { RecordIndex } from "./record-index.js";
import { percentileUnsorted } from "./select.js";
import { liveBytesValue, liveCountValue, samplingMargin, weightedPercentiles } from "./sampling.js";

/** The raw snapshot without its records: what the derivations read besides the columns. */
export type RawSections = Omit<RawSnapshot, "allocations">;

/** Live tracked bytes rebuilt from the records' own events (allocation +, end −), for runs without samples; the maximum. */
export function peakLiveBytesFromIndex(index: RecordIndex): number {
  const n = index.count;
  if (n === 0) return 0;
  const { allocationTime, collectedTime, scopeExitTime } = index.columns.numbers;
  const category = index.columns.texts.category;
  const times = new Float64Array(n * 2);
  const deltas = new Float64Array(n * 2);
  let events = 0;
  for (let row = 0; row < n; row++) {
    if (index.shared[row] === 1) continue;
    const bytes = (index.objectBytes[row] as number) * (index.weight[row] as number);
    times[events] = allocationTime[row] as number;
    deltas[events++] = bytes;
    const collected = collectedTime[row] as number;
    const end = collected === collected ? collected : category[row] === index.stringCategory ? (scopeExitTime[row] as number) : NaN;
    if (end === end) {
      times[events] = end;
      deltas[events++] = -bytes;
    }
  }
  const order = new Uint32Array(events);
  for (let i = 0; i < events; i++) order[i] = i;
  order.sort((i, j) => (times[i] as number) - (times[j] as number) || (deltas[i] as number) - (deltas[j] as number));
  let live = 0;
  let peak = 0;
  for (let k = 0; k < events; k++) {
    live += deltas[order[k] as number] as number;
    if (live > peak) peak = live;
  }
  return peak;
}

export function peakSourceOf(raw: RawSections, recordCount: number): PeakSource {
  if (raw.timeline.length > 0) return "timeline";
  return recordCount > 0 ? "records" : "none";
}

function trackedSiteCount(raw: RawSections, index: RecordIndex): number {
  if (raw.tracked_sites > 0) return raw.tracked_sites;
  const sites = new Set<number>();
  const siteId = index.columns.numbers.siteId;
  for (let slot = 0; slot < index.siteCount; slot++) sites.add(siteId[index.siteFirstRow[slot] as number] as number);
  for (const folded of raw.folded_sites) sites.add(folded.site_id);
  return sites.size;
}

export function summaryFromIndex(raw: RawSections, index: RecordIndex): Summary {
  const n = index.count;
  const sizes = new Float64Array(n);
  const weights = index.weighted ? new Float64Array(n) : null;
  let objectCount = 0;
  let activeBytes = 0;
  let activeCount = 0;
  let totalBytes = 0;
  let hasNaN = false;
  let weightedRecords = 0;
  let represented = 0;
  let weightedAlive = false;
  for (let row = 0; row < n; row++) {
    if (index.shared[row] === 1) continue;
    const bytes = index.objectBytes[row] as number;
    const weight = index.weight[row] as number;
    if (bytes !== bytes) hasNaN = true;
    if (weights !== null) weights[objectCount] = weight;
    sizes[objectCount++] = bytes;
    totalBytes += bytes * weight;
    if (weight > 1) {
      weightedRecords++;
      represented += weight;
    }
    if (index.alive[row] === 1) {
      activeBytes += bytes * weight;
      activeCount += weight;
      if (weight > 1) weightedAlive = true;
    }
  }
  const objectSizes = sizes.subarray(0, objectCount);
  // Selection gives the sorted ranks' values; a NaN (malformed input) has no rank: sort then.
  const [median, p95] =
    weights !== null
      ? weightedPercentiles(objectSizes, weights.subarray(0, objectCount), [50, 95])
      : hasNaN
        ? [percentileSorted(objectSizes.sort(), 50), percentileSorted(objectSizes, 95)]
        : [percentileUnsorted(objectSizes, 50), percentileUnsorted(objectSizes, 95)];

  let peak = activeBytes;
  if (raw.timeline.length > 0) {
    for (const sample of raw.timeline) if (sample.tracked_live_bytes > peak) peak = sample.tracked_live_bytes;
  } else {
    peak = Math.max(peak, peakLiveBytesFromIndex(index));
  }

  let v8Peak = raw.heap.peak_heap_used;
  for (const sample of raw.timeline) if (v8Peak === null || sample.heap_used > v8Peak) v8Peak = sample.heap_used;

  const sites = trackedSiteCount(raw, index);
  const trackedRecords = n + raw.dropped_records;
  return {
    active_memory_bytes: activeBytes,
    peak_memory_bytes: peak,
    peak_memory_source: peakSourceOf(raw, n),
    v8_peak_heap_used_bytes: v8Peak,
    active_allocations: activeCount,
    memory_efficiency_percent: peak > 0 ? (activeBytes / peak) * 100 : 0,
    median_allocation_bytes: median as number,
    p95_allocation_bytes: p95 as number,
    heap_fragmentation_percent: heapFragmentationPercent(raw.heap),
    allocation_density: sites > 0 ? trackedRecords / sites : 0,
    total_allocations: n,
    total_bytes: totalBytes,
    tracked_sites: sites,
    ...(weightedRecords === 0 ? {} : { sampling: samplingSummary(index, { weightedRecords, represented, weightedAlive }) }),
  };
}

/**
 * Which figures include weighted records, and the live figures' margins. Peak and
 * efficiency are extrapolated when the live curve is (the runtime's samples count
 * weighted records' values, or the curve is rebuilt from them here).
 */
function samplingSummary(
  index: RecordIndex,
  facts: { weightedRecords: number; represented: number; weightedAlive: boolean },
): SamplingSummary {
  const figures: string[] = [];
  if (facts.weightedAlive) figures.push("active_memory_bytes", "active_allocations");
  figures.push("peak_memory_bytes");
  if (facts.weightedAlive) figures.push("memory_efficiency_percent");
  figures.push("median_allocation_bytes", "p95_allocation_bytes", "total_bytes");
  return {
    weighted_records: facts.weightedRecords,
    represented_registrations: facts.represented,
    figures,
    active_memory_margin_bytes: Math.round(samplingMargin(index, liveBytesValue(index))),
    active_allocations_margin: Math.round(samplingMargin(index, liveCountValue(index))),
  };
}

/**
 * Why the reports hold no records, in words, for a program built with the plugin in
 * which no tracked binding ran before export (its files still registered their sites);
 * undefined when there are records. The JSON carries it as `summary.no_records_reason`
 * and `memscope run` prints it; the SVGs and the HTML report say the same in their
 * empty states.
 */
export function noRecordsReason(raw: Pick<RawSections, "folded_sites" | "dropped_records" | "tracked_sites">, recordCount: number): string | undefined {
  if (recordCount > 0 || raw.folded_sites.length > 0 || raw.dropped_records > 0) return undefined;
  const sites = raw.tracked_sites;
  return sites > 0
    ? `No tracked binding ran: none of the ${sites} tracked declaration${sites === 1 ? "" : "s"} ran before export, so the reports hold no records.`
    : "No tracked binding ran: the program's files declare no binding memscope-ts tracks, so the reports hold no records.";
}

/**
 * The part of one object's retained size no other tracked object counts
 * (precise_exclusive_bytes) over its holders; NaN when precise mode did not measure it.
 */
export function objectExclusiveAt(index: RecordIndex, row: number): number {
  const { preciseExclusive, id } = index.columns.numbers;
  const value = preciseExclusive[row] as number;
  if (value === value || index.laterHolders.size === 0) return value;
  const later = index.laterHolders.get(id[row] as number);
  if (later) {
    for (const holder of later) {
      const held = preciseExclusive[holder] as number;
      if (held === held) return held;
    }
  }
  return Number.NaN;
}

/** One object's estimate and exact sizes over its holders; null when precise mode did not measure it. */
export function objectSizesAt(index: RecordIndex, row: number): { estimate: number; self: number; retained: number | null } | null {
  const { sizeBytes, preciseSelf, preciseRetained, id } = index.columns.numbers;
  let estimate = sizeBytes[row] as number;
  let self = preciseSelf[row] as number;
  let retained = preciseRetained[row] as number;
  const later = index.laterHolders.size > 0 ? index.laterHolders.get(id[row] as number) : undefined;
  if (later) {
    for (const holder of later) {
      estimate = Math.max(estimate, sizeBytes[holder] as number);
      if (self !== self) {
        self = preciseSelf[holder] as number;
        retained = preciseRetained[holder] as number;
      }
    }
  }
  return self !== self ? null : { estimate, self, retained: retained === retained ? retained : null };
}

export function precisionFromIndex(index: RecordIndex): PrecisionSummary | null {
  const total = emptyAccumulator();
  const { category, subcategory } = index.columns.texts;
  const strings = index.columns.strings;
  const groups = new Map<number, { category: Category; subcategory: string; acc: PrecisionAccumulator }>();
  for (let row = 0; row < index.count; row++) {
    if (index.shared[row] === 1) continue;
    const sizes = objectSizesAt(index, row);
    if (sizes === null) continue;
    accumulate(total, sizes.estimate, sizes.self, sizes.retained);
    // Category and subcategory ids are below the string table's length: one number keys the pair.
    const key = (category[row] as number) * strings.length + (subcategory[row] as number);
    let group = groups.get(key);
    if (!group) {
      group = { category: strings[category[row] as number] as Category, subcategory: strings[subcategory[row] as number] as string, acc: emptyAccumulator() };
      groups.set(key, group);
    }
    accumulate(group.acc, sizes.estimate, sizes.self, sizes.retained);
  }
  if (total.measured === 0) return null;
  const bySubcategory: PrecisionGroup[] = [...groups.values()]
    .map((g) => ({ category: g.category, subcategory: g.subcategory, ...precisionStats(g.acc) }))
    .sort(
      (a, b) =>
        b.precise_self_bytes - a.precise_self_bytes ||
        a.category.localeCompare(b.category) ||
        a.subcategory.localeCompare(b.subcategory),
    );
  return { ...precisionStats(total), by_subcategory: bySubcategory };
}
