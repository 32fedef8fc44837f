/**
 * Metric primitives of DESIGN.md §5 (the summary itself is index-summary.ts's
 * summaryFromIndex). Pure; nothing divides by zero or produces NaN on empty input.
 */
import type { HeapSection } from "../../format/snapshot.js";

/**
 * The p-th percentile (0..100) of already sorted values with linear interpolation
 * between closest ranks (position p/100 × (n − 1)); 0 for no values.
 */
export function percentileSorted(sorted: ArrayLike<number>, p: number): number {
  const n = sorted.length;
  if (n === 0) return 0;
  const { lower, upper, weight } = percentileRanks(n, p);
  const a = sorted[lower] as number;
  const b = sorted[upper] as number;
  return a + (b - a) * weight;
}

/** The closest ranks of the p-th percentile (0..100) of n ≥ 1 values, and the weight of the upper one. */
export function percentileRanks(n: number, p: number): { lower: number; upper: number; weight: number } {
  const position = (Math.min(Math.max(p, 0), 100) / 100) * (n - 1);
  const lower = Math.floor(position);
  return { lower, upper: Math.min(lower + 1, n - 1), weight: position - lower };
}

/** Where the peak figure came from, so the report can say it. */
export type PeakSource = "timeline" | "records" | "none";

/** V8's fragmentation at export: (committed − used) / committed × 100; null when unknown. */
export function heapFragmentationPercent(heap: HeapSection): number | null {
  const committed = heap.total_heap_size;
  if (!(committed > 0) || !Number.isFinite(heap.used_heap_size)) return null;
  const percent = ((committed - heap.used_heap_size) / committed) * 100;
  return Math.min(100, Math.max(0, percent));
}
