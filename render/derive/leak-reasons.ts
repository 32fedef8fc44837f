/**
 * Leak candidates, one per (kind, declaration) so a leaking loop reads as one finding
 * with a count rather than a million lines. Judged per object: an object registered
 * under several variables (alias, move) is one candidate, reported under its most
 * recent holder, with its bytes counted once.
 *
 * - outlived_scope: an object still alive at export (never reported collected by V8)
 *   whose holders' scopes all exited, the last more than `leakThresholdMs` before
 *   export. Aliveness uses collected_time only: a scope exit never ends an object. A
 *   holder whose scope is still open (a module-level cache, say) keeps it legitimately.
 *   Strings cannot be candidates: without a GC hook their lifetime ends at scope exit.
 * - unbounded_growth: a collection alive at export whose re-measured size (size_history
 *   of one of its holders) rose at every one of at least three consecutive measurements.
 */
import type { LeakCandidate, ScopeRecord } from "../../format/snapshot.js";
import { formatBytes, formatCount, formatDuration } from "../units.js";
import { DEFAULT_LEAK_THRESHOLD_MS } from "../../format/settings.js";
import { retainerSentence } from "./retainer-labels.js";

export { DEFAULT_LEAK_THRESHOLD_MS };
/** Minimum re-measurements of a collection before "keeps growing" is claimed. */
export const MIN_GROWTH_MEASUREMENTS = 3;

/** Largest first (retained bytes where precise mode measured them); ties by record id (a stable sort keeps the rest in finding order). */
export function sortLeaks(leaks: LeakCandidate[]): LeakCandidate[] {
  // Precise mode's retained sizes are the better measure of what a leak holds.
  return leaks.sort((a, b) => (b.retained_bytes ?? b.bytes) - (a.retained_bytes ?? a.bytes) || a.record_id - b.record_id);
}

/** What a finding's reason says about its group: counts, bytes, and its largest object. */
export interface GroupFacts {
  count: number;
  bytes: number;
  /** Largest (export time − last scope exit) over the findings, at least 0. */
  oldest: number;
  largestBytes: number;
  largestLastExit: number;
  /** Of the largest finding's record. */
  allocationTime: number;
  history: Array<[number, number]> | undefined;
}

/** "Cache.get" or "the anonymous function at src/a.ts:12". */
export function scopeLabel(scope: ScopeRecord | undefined): string {
  if (!scope) return "its scope";
  if (scope.name === "<anonymous>" || scope.name === "") return `the anonymous function at ${scope.file}:${scope.line}`;
  return scope.name;
}

/**
 * `holder`, in precise mode, is the readable retainer path of the finding's object
 * (retainer-labels.ts): who holds it replaces "something outside the scope".
 */
export function outlivedReason(
  group: GroupFacts,
  exportTime: number,
  scope: ScopeRecord | undefined,
  sampledOut = 0,
  extrapolated = false,
  holder: readonly string[] = [],
): string {
  const where = scopeLabel(scope);
  const held = holder.length > 0 ? retainerSentence(holder) : null;
  if (group.count === 1) {
    return (
      `Still alive at export ${formatDuration(exportTime - group.largestLastExit)} after ${where} exited ` +
      `(created at ${formatDuration(group.allocationTime)}, scope exit at ${formatDuration(group.largestLastExit)}); ` +
      (held === null
        ? `something outside the scope still references its ${formatBytes(group.largestBytes)}.`
        : `its ${formatBytes(group.largestBytes)} are ${held}.`) +
      sampledNote(sampledOut, extrapolated)
    );
  }
  return (
    `${extrapolated ? "≈" : ""}${formatCount(group.count)} objects from this declaration are still alive at export, ` +
    `up to ${formatDuration(group.oldest)} after ${where} exited, holding ${extrapolated ? "≈" : ""}${formatBytes(group.bytes)} ` +
    `(largest ${formatBytes(group.largestBytes)}); ` +
    (held === null ? "something outside the scope keeps referencing them." : `the largest is ${held}.`) +
    sampledNote(sampledOut, extrapolated)
  );
}

/**
 * The reason with its holder left for the drawing to show on a line of its own
 * (the SVG): "… its 15.7 KB are held through A → B." becomes "… its 15.7 KB are held by the path below."
 */
export function reasonWithoutHolder(reason: string, holder: readonly string[] | undefined): string {
  if (!holder || holder.length === 0) return reason;
  return reason.replace(retainerSentence(holder), "held by the path below");
}

/**
 * Past its budget a hot site records only 1 in N of its values. With record weights the
 * findings count each recorded one for the values it stands for (≈); a snapshot without
 * them counts the recorded ones only, so more may be alive.
 */
export function sampledNote(sampledOut: number, extrapolated = false): string {
  if (extrapolated) {
    return ` Hot-site sampling recorded 1 in N of this declaration's values past its budget (${formatCount(sampledOut)} were only counted): each recorded one stands for the values it was sampled from (≈).`;
  }
  if (!(sampledOut > 0)) return "";
  return ` Hot-site sampling recorded only some of this declaration's values (${formatCount(sampledOut)} more were only counted), so more of them may be alive.`;
}

export function growthReason(group: GroupFacts, holder: readonly string[] = []): string {
  const history = group.history as Array<[number, number]>;
  const [firstTime, firstSize] = history[0] as [number, number];
  const [lastTime, lastSize] = history[history.length - 1] as [number, number];
  const base =
    `Grew from ${formatBytes(firstSize)} to ${formatBytes(lastSize)} across ${history.length} measurements ` +
    `over ${formatDuration(lastTime - firstTime)} without ever shrinking, and is still alive at export`;
  const held = holder.length > 0 ? `, ${retainerSentence(holder)}` : "";
  if (group.count === 1) return `${base}${held}.`;
  return `${base}${held}; ${formatCount(group.count)} collections from this declaration grow the same way (${formatBytes(group.bytes)} in total).`;
}
