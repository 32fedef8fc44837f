/**
 * How far the O(1) estimator is from precise mode's exact sizes (summary.precision).
 * Pure. Only records precise mode measured count: a record without a numeric
 * `precise_self_bytes` (not precise, collected before export, not located in the
 * heap snapshot, a string) is left out, never guessed.
 *
 * The estimate compared is `size_bytes` (on-heap); `external_bytes` is left out
 * because V8's self size does not count off-heap backing stores either. An object held
 * by several variables (alias, move) counts once, under its first record, as every
 * other total does: its most recent (largest) estimate against its exact size.
 */
import type { AllocationRecord, PrecisionStats } from "../../format/snapshot.js";

export interface PrecisionAccumulator {
  measured: number;
  estimated: number;
  self: number;
  retained: number;
  /** Sum of |estimate − self| ÷ self over the records with self > 0. */
  relativeErrors: number;
  withPositiveSelf: number;
}

export const emptyAccumulator = (): PrecisionAccumulator => ({ measured: 0, estimated: 0, self: 0, retained: 0, relativeErrors: 0, withPositiveSelf: 0 });

export function accumulate(acc: PrecisionAccumulator, estimate: number, self: number, retained: number | null | undefined): void {
  acc.measured++;
  acc.estimated += estimate;
  acc.self += self;
  if (typeof retained === "number" && Number.isFinite(retained)) acc.retained += retained;
  if (self > 0) {
    acc.relativeErrors += Math.abs(estimate - self) / self;
    acc.withPositiveSelf++;
  }
}

export function precisionStats(acc: PrecisionAccumulator): PrecisionStats {
  return {
    measured: acc.measured,
    estimated_bytes: acc.estimated,
    precise_self_bytes: acc.self,
    precise_retained_bytes: acc.retained,
    total_error_percent: acc.self > 0 ? ((acc.estimated - acc.self) / acc.self) * 100 : null,
    mean_absolute_percentage_error: acc.withPositiveSelf > 0 ? (acc.relativeErrors / acc.withPositiveSelf) * 100 : null,
  };
}

/** A measured exact self size, or null. */
export function preciseSelf(record: AllocationRecord): number | null {
  const self = record.precise_self_bytes;
  return typeof self === "number" && Number.isFinite(self) ? self : null;
}

/** A signed percentage for an error: "+118.8%", "-12.0%", "0.0%"; "n/a" when not computable. */
export function formatSignedPercent(percent: number | null): string {
  if (percent === null || !Number.isFinite(percent)) return "n/a";
  const text = `${Math.abs(percent).toFixed(1)}%`;
  if (text === "0.0%") return text;
  return percent > 0 ? `+${text}` : `-${text}`;
}
