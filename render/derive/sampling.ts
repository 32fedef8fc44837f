/**
 * Hot-site sampling in the figures: a record kept 1 in N past its declaration's budget
 * stands for N values (`weight`), so every count adds its weight and every byte figure
 * its bytes × weight (record-index.ts). What that extrapolation may be off by, and the
 * weighted percentiles, live here.
 *
 * The error: a declaration's records kept at one stride are a systematic 1-in-N sample
 * of its values in registration order. Their estimate of a total (N × the sum over the
 * sample) has the variance n·N²·(1 − 1/N)·Σ(yᵢ − yᵢ₋₁)² / (2(n − 1)) (the successive-
 * difference estimator for systematic samples: values that change slowly along the
 * stream, as a leak's do, give a small error); a stride with a single record is taken
 * as a Poisson draw, N(N − 1)·y². Strata are independent: variances add. The margin is
 * 1.96 standard errors (95%).
 */
import type { FoldedSite } from "../../format/snapshot.js";
import type { RecordIndex } from "./record-index.js";
import { percentileRanks } from "./metrics.js";

export const MARGIN_Z = 1.96;

/** Per-row contribution to a total: y (bytes or 1) of a counted row, NaN for a row that is not counted. */
export type RowValue = (row: number) => number;

/**
 * 95% margin (± in the figure's unit) of Σ weight × value(row) over the rows `value`
 * counts, from its weighted rows; 0 when no counted row has a weight above 1.
 */
export function samplingMargin(index: RecordIndex, value: RowValue): number {
  if (!index.weighted) return 0;
  const slots = index.siteCount;
  const stride = new Float64Array(slots);
  const count = new Float64Array(slots);
  const last = new Float64Array(slots);
  const first = new Float64Array(slots);
  const squares = new Float64Array(slots);
  let variance = 0;
  const close = (slot: number): void => {
    const n = count[slot] as number;
    const w = stride[slot] as number;
    if (n === 0 || w <= 1) return;
    if (n === 1) variance += w * (w - 1) * (first[slot] as number) ** 2;
    else variance += (n * w * w * (1 - 1 / w) * (squares[slot] as number)) / (2 * (n - 1));
    count[slot] = 0;
    squares[slot] = 0;
  };
  for (let row = 0; row < index.count; row++) {
    const w = index.weight[row] as number;
    if (w <= 1) continue;
    const y = value(row);
    if (y !== y) continue;
    const slot = index.siteSlot[row] as number;
    if (stride[slot] !== w) {
      close(slot);
      stride[slot] = w;
    }
    if (count[slot] === 0) first[slot] = y;
    else squares[slot]! += (y - (last[slot] as number)) ** 2;
    last[slot] = y;
    count[slot]!++;
  }
  for (let slot = 0; slot < slots; slot++) close(slot);
  return MARGIN_Z * Math.sqrt(variance);
}

/** Row values of the live figures: an object alive at export (bytes, or 1 for counts). */
export function liveBytesValue(index: RecordIndex): RowValue {
  return (row) => (index.shared[row] === 1 ? NaN : index.alive[row] === 1 ? (index.objectBytes[row] as number) : 0);
}

export function liveCountValue(index: RecordIndex): RowValue {
  return (row) => (index.shared[row] === 1 ? NaN : index.alive[row] === 1 ? 1 : 0);
}

/**
 * The p-th percentiles of values each counted `weights[i]` times, as percentileSorted
 * would give over the values repeated (linear interpolation at p/100 × (W − 1), W the
 * total weight); 0 without values.
 */
export function weightedPercentiles(values: Float64Array, weights: Float64Array, ps: readonly number[]): number[] {
  const n = values.length;
  if (n === 0) return ps.map(() => 0);
  const order = new Uint32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  // NaN (malformed input) sorts last, as Float64Array.prototype.sort puts it.
  order.sort((a, b) => {
    const x = values[a] as number;
    const y = values[b] as number;
    return x === y ? 0 : x !== x ? 1 : y !== y ? -1 : x - y;
  });
  let total = 0;
  for (let i = 0; i < n; i++) total += weights[i] as number;
  return ps.map((p) => {
    const { lower, upper, weight } = percentileRanks(total, p);
    const a = valueAtRank(values, weights, order, lower);
    const b = upper === lower ? a : valueAtRank(values, weights, order, upper);
    return a + (b - a) * weight;
  });
}

/** The value at 0-based rank `rank` of the repeated values. */
function valueAtRank(values: Float64Array, weights: Float64Array, order: Uint32Array, rank: number): number {
  let seen = 0;
  for (let k = 0; k < order.length; k++) {
    const i = order[k] as number;
    seen += weights[i] as number;
    if (rank < seen) return values[i] as number;
  }
  return values[order[order.length - 1] as number] as number;
}

/** What a folded site adds to the figures beyond its records' weights. */
export interface FoldedShare {
  /** Registrations past MEMSCOPE_MAX_RECORDS (measured one by one) plus sampled-out ones no record's weight stands for. */
  count: number;
  bytes: number;
  /** Of `bytes`, the part extrapolated (sampled-out values no record stands for, at the site's sample mean). */
  extrapolated: number;
}

/**
 * A folded site's registrations that no record's weight already stands for: those past
 * the record cap (with their measured bytes), and sampled-out ones beyond the weights of
 * the site's records (all of them in a snapshot without weights; normally none, as the
 * site's last record stands for the values after it), at the site's sample mean.
 */
export function foldedShares(index: RecordIndex, folded: readonly FoldedSite[]): FoldedShare[] {
  const represented = new Map<number, number>();
  if (index.weighted) {
    const siteId = index.columns.numbers.siteId;
    for (let row = 0; row < index.count; row++) {
      const w = index.weight[row] as number;
      if (w > 1) represented.set(siteId[row] as number, (represented.get(siteId[row] as number) ?? 0) + w - 1);
    }
  }
  return folded.map((site) => {
    const standsFor = represented.get(site.site_id) ?? 0;
    if (standsFor === 0) return { count: site.count, bytes: site.bytes, extrapolated: site.bytes_extrapolated ?? 0 };
    const sampled = site.sampled ?? 0;
    const extrapolatedBytes = site.bytes_extrapolated ?? 0;
    const mean = sampled > 0 ? extrapolatedBytes / sampled : 0;
    const left = Math.max(0, sampled - standsFor);
    const extrapolated = Math.round(left * mean);
    return { count: site.count - sampled + left, bytes: site.bytes - extrapolatedBytes + extrapolated, extrapolated };
  });
}
