/**
 * Order statistics without sorting: the k-th smallest of a Float64Array by quickselect
 * (expected linear time). Percentiles of a million object sizes need four values, not a
 * sorted copy of all of them.
 */
import { percentileRanks } from "./metrics.js";

/** The k-th smallest (0-based) of values[from, to); reorders that part of the array. */
export function kthSmallest(values: Float64Array, k: number, from = 0, to = values.length): number {
  let lo = from;
  let hi = to - 1;
  while (hi > lo) {
    // Median of three as the pivot keeps sorted and reversed input linear.
    const mid = lo + ((hi - lo) >> 1);
    const a = values[lo] as number;
    const b = values[mid] as number;
    const c = values[hi] as number;
    const pivot = a < b ? (b < c ? b : a < c ? c : a) : a < c ? a : b < c ? c : b;
    let i = lo;
    let j = hi;
    while (i <= j) {
      while ((values[i] as number) < pivot) i++;
      while ((values[j] as number) > pivot) j--;
      if (i <= j) {
        const swap = values[i] as number;
        values[i] = values[j] as number;
        values[j] = swap;
        i++;
        j--;
      }
    }
    if (k <= j) hi = j;
    else if (k >= i) lo = i;
    else return values[k] as number;
  }
  return values[k] as number;
}

/**
 * metrics.ts's percentileSorted on unsorted values (linear interpolation between the
 * closest ranks at p/100 × (n − 1)); 0 for no values. Values must not be NaN.
 */
export function percentileUnsorted(values: Float64Array, p: number): number {
  const n = values.length;
  if (n === 0) return 0;
  const { lower, upper, weight } = percentileRanks(n, p);
  const a = kthSmallest(values, lower);
  // After selecting `lower`, everything from lower + 1 on is ≥ a: the next rank is their minimum.
  const b = upper === lower ? a : kthSmallest(values, upper, lower + 1);
  return a + (b - a) * weight;
}
