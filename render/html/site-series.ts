/**
 * Each declaration's live bytes over the run, from its records' own events (allocation
 * +, end −; at equal times frees first), the rule peakLiveBytesFromIndex applies to the
 * whole run: SERIES_BUCKETS equal slices of [0, duration], each holding the maximum
 * reached in it, so the series' maximum is the declaration's exact peak. One sweep over
 * all sites at once: allocation events in time order, end events sorted once.
 */
import type { RecordIndex } from "../record-index.js";

export const SERIES_BUCKETS = 64;

export interface SiteSeries {
  /** siteCount × SERIES_BUCKETS maxima, site-major. */
  values: Float64Array;
  /** Per site slot: the maximum of its live bytes. */
  peak: Float64Array;
}

export function siteSeries(index: RecordIndex, durationMs: number): SiteSeries {
  const sites = index.siteCount;
  const values = new Float64Array(sites * SERIES_BUCKETS);
  const peak = new Float64Array(sites);
  const live = new Float64Array(sites);
  const lastBucket = new Int32Array(sites);
  const { allocationTime, collectedTime, scopeExitTime } = index.columns.numbers;
  const category = index.columns.texts.category;
  const span = durationMs > 0 ? durationMs : 1;
  const bucketOf = (time: number): number => Math.min(SERIES_BUCKETS - 1, Math.max(0, Math.floor((time / span) * SERIES_BUCKETS)));

  // Rows counted (first holders), in allocation order; their end events sorted by time.
  const starts: number[] = [];
  const ends: number[] = [];
  const endTime = new Float64Array(index.count);
  let sorted = true;
  let previous = -Infinity;
  for (let row = 0; row < index.count; row++) {
    if (index.shared[row] === 1) continue;
    const created = allocationTime[row] as number;
    if (created < previous) sorted = false;
    previous = created;
    starts.push(row);
    const collected = collectedTime[row] as number;
    const end = collected === collected ? collected : category[row] === index.stringCategory ? (scopeExitTime[row] as number) : NaN;
    endTime[row] = end;
    if (end === end) ends.push(row);
  }
  const startOrder = Uint32Array.from(starts);
  if (!sorted) startOrder.sort((a, b) => (allocationTime[a] as number) - (allocationTime[b] as number));
  const endOrder = Uint32Array.from(ends).sort((a, b) => (endTime[a] as number) - (endTime[b] as number));

  const apply = (row: number, time: number, delta: number): void => {
    const slot = index.siteSlot[row] as number;
    const bucket = bucketOf(time);
    const base = slot * SERIES_BUCKETS;
    const current = live[slot] as number;
    // Slices since the site's last event held its live bytes throughout.
    for (let b = (lastBucket[slot] as number) + 1; b <= bucket; b++) values[base + b] = current;
    if (bucket > (lastBucket[slot] as number)) lastBucket[slot] = bucket;
    const next = current + delta;
    live[slot] = next;
    if (next > (values[base + bucket] as number)) values[base + bucket] = next;
    if (next > (peak[slot] as number)) peak[slot] = next;
  };
  let s = 0;
  let e = 0;
  while (s < startOrder.length || e < endOrder.length) {
    const startRow = s < startOrder.length ? (startOrder[s] as number) : -1;
    const endRow = e < endOrder.length ? (endOrder[e] as number) : -1;
    const startAt = startRow >= 0 ? (allocationTime[startRow] as number) : Infinity;
    const endAt = endRow >= 0 ? (endTime[endRow] as number) : Infinity;
    if (endRow >= 0 && endAt <= startAt) {
      apply(endRow, endAt, -(index.objectBytes[endRow] as number));
      e++;
    } else {
      apply(startRow, startAt, index.objectBytes[startRow] as number);
      s++;
    }
  }
  for (let slot = 0; slot < sites; slot++) {
    const base = slot * SERIES_BUCKETS;
    for (let b = (lastBucket[slot] as number) + 1; b < SERIES_BUCKETS; b++) values[base + b] = live[slot] as number;
  }
  return { values, peak };
}
