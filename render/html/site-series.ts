/**
 * Each declaration's live bytes over the run, from its records' own events (allocation
 * +, end −, each `weight` times; at equal times frees first), the rule peakLiveBytesFromIndex applies to the
 * whole run: SERIES_BUCKETS equal slices of [0, duration], each holding the maximum
 * reached in it, so the series' maximum is the declaration's exact peak. One sweep over
 * all sites at once; the events are put in time order by a counting sort into fine time
 * slots, then each slot (a handful of events) is sorted on its own, so a million records
 * never pay a comparison sort of two million events.
 */
import type { RecordIndex } from "../derive/record-index.js";

export const SERIES_BUCKETS = 64;
/** Fine time slots of the counting sort, per event: about two events share one. */
const EVENTS_PER_SLOT = 2;

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

  // Events: 2 × row for an allocation, 2 × row + 1 for its end; times alongside.
  const eventCount = index.count * 2;
  const eventTime = new Float64Array(eventCount).fill(NaN);
  let maxTime = durationMs > 0 ? durationMs : 1;
  for (let row = 0; row < index.count; row++) {
    if (index.shared[row] === 1) continue;
    const created = allocationTime[row] as number;
    eventTime[2 * row] = created;
    const collected = collectedTime[row] as number;
    const end = collected === collected ? collected : category[row] === index.stringCategory ? (scopeExitTime[row] as number) : NaN;
    eventTime[2 * row + 1] = end;
    if (created > maxTime) maxTime = created;
    if (end > maxTime) maxTime = end;
  }
  const SLOTS = Math.max(1024, Math.min(1 << 22, Math.ceil(eventCount / EVENTS_PER_SLOT)));
  const slotOf = (time: number): number => Math.min(SLOTS - 1, Math.max(0, Math.floor((time / maxTime) * SLOTS)));
  const starts = new Int32Array(SLOTS + 1);
  for (let e = 0; e < eventCount; e++) {
    const time = eventTime[e] as number;
    if (time === time) starts[slotOf(time) + 1]!++;
  }
  for (let s = 0; s < SLOTS; s++) starts[s + 1]! += starts[s] as number;
  const order = new Int32Array(starts[SLOTS] as number);
  const fill = starts.slice(0, SLOTS);
  for (let e = 0; e < eventCount; e++) {
    const time = eventTime[e] as number;
    if (time === time) order[fill[slotOf(time)]!++] = e;
  }
  // Within a slot: by time, frees (odd events) before allocations at equal times.
  const before = (a: number, b: number): number => (eventTime[a] as number) - (eventTime[b] as number) || (b & 1) - (a & 1);
  for (let s = 0; s < SLOTS; s++) {
    const from = starts[s] as number;
    const to = starts[s + 1] as number;
    if (to - from < 2) continue;
    if (to - from > 24) {
      order.subarray(from, to).sort(before);
      continue;
    }
    for (let i = from + 1; i < to; i++) {
      const event = order[i] as number;
      let j = i - 1;
      while (j >= from && before(order[j] as number, event) > 0) {
        order[j + 1] = order[j] as number;
        j--;
      }
      order[j + 1] = event;
    }
  }

  const span = durationMs > 0 ? durationMs : 1;
  for (let k = 0; k < order.length; k++) {
    const event = order[k] as number;
    const row = event >> 1;
    const time = eventTime[event] as number;
    const slot = index.siteSlot[row] as number;
    const bucket = Math.min(SERIES_BUCKETS - 1, Math.max(0, Math.floor((time / span) * SERIES_BUCKETS)));
    const base = slot * SERIES_BUCKETS;
    const current = live[slot] as number;
    // Slices since the site's last event held its live bytes throughout.
    for (let b = (lastBucket[slot] as number) + 1; b <= bucket; b++) values[base + b] = current;
    if (bucket > (lastBucket[slot] as number)) lastBucket[slot] = bucket;
    const delta = (index.objectBytes[row] as number) * (index.weight[row] as number);
    const next = current + ((event & 1) === 1 ? -delta : delta);
    live[slot] = next;
    if (next > (values[base + bucket] as number)) values[base + bucket] = next;
    if (next > (peak[slot] as number)) peak[slot] = next;
  }
  for (let slot = 0; slot < sites; slot++) {
    const base = slot * SERIES_BUCKETS;
    for (let b = (lastBucket[slot] as number) + 1; b < SERIES_BUCKETS; b++) values[base + b] = live[slot] as number;
  }
  return { values, peak };
}
