/**
 * Leak candidates, one per (kind, declaration) so a leaking loop reads as one finding
 * with a count rather than a million lines.
 *
 * - outlived_scope: an object still alive at export (never reported collected by V8)
 *   whose scope instance exited more than `leakThresholdMs` before export. Aliveness
 *   uses collected_time only: a scope exit never ends an object. Strings cannot be
 *   candidates, since without a GC hook their lifetime is defined to end at scope exit.
 * - unbounded_growth: a collection alive at export whose re-measured size rose at every
 *   one of at least three consecutive measurements (size_history) and never shrank.
 */
import type { AllocationRecord, LeakCandidate, LeakKind, RawSnapshot, ScopeRecord } from "../runtime/snapshot.js";
import { formatBytes, formatCount, formatDuration } from "./format.js";
import { declarationKey, isAliveAtExport, recordBytes, scopeKey, sharedHolders } from "./records.js";

export const DEFAULT_LEAK_THRESHOLD_MS = 1000;
/** Minimum re-measurements of a collection before "keeps growing" is claimed. */
export const MIN_GROWTH_MEASUREMENTS = 3;

interface Group {
  kind: LeakKind;
  records: AllocationRecord[];
  bytes: number;
}

export function isOutlivedScope(record: AllocationRecord, exportTime: number, thresholdMs: number): boolean {
  return (
    record.category !== "string" &&
    record.collected_time === null &&
    record.scope_exit_time !== null &&
    exportTime - record.scope_exit_time > thresholdMs
  );
}

export function isUnboundedGrowth(record: AllocationRecord): boolean {
  const history = record.size_history;
  if (record.category !== "collection" || !isAliveAtExport(record) || !history || history.length < MIN_GROWTH_MEASUREMENTS) {
    return false;
  }
  for (let i = 1; i < history.length; i++) {
    if ((history[i] as [number, number])[1] <= (history[i - 1] as [number, number])[1]) return false;
  }
  return true;
}

export function findLeaks(raw: RawSnapshot, thresholdMs: number = DEFAULT_LEAK_THRESHOLD_MS): LeakCandidate[] {
  const exportTime = raw.metadata.duration_ms;
  const groups = new Map<number, Group>();
  const add = (kind: LeakKind, record: AllocationRecord): void => {
    const key = declarationKey(record) * 2 + (kind === "outlived_scope" ? 0 : 1);
    let group = groups.get(key);
    if (!group) {
      group = { kind, records: [], bytes: 0 };
      groups.set(key, group);
    }
    group.records.push(record);
    group.bytes += recordBytes(record);
  };
  // A moved-out first holder is not a leak (ownership passed on, the new holder is
  // judged instead), and an alias's second name adds nothing the first does not show.
  const shared = sharedHolders(raw.relations);
  for (const record of raw.allocations) {
    if (shared.has(record.id)) continue;
    if (isOutlivedScope(record, exportTime, thresholdMs)) add("outlived_scope", record);
    if (isUnboundedGrowth(record)) add("unbounded_growth", record);
  }
  const scopes = new Map<number, ScopeRecord>();
  for (const scope of raw.scopes) scopes.set(scopeKey(scope.thread_id, scope.id), scope);

  const leaks: LeakCandidate[] = [];
  for (const group of groups.values()) {
    const largest = group.records.reduce((a, b) => (recordBytes(b) > recordBytes(a) ? b : a));
    leaks.push({
      kind: group.kind,
      record_id: largest.id,
      variable_name: largest.variable_name,
      type_name: largest.type_name,
      file: largest.file,
      line: largest.line,
      bytes: group.bytes,
      reason:
        group.kind === "outlived_scope"
          ? outlivedReason(group, largest, exportTime, scopes.get(scopeKey(largest.thread_id, largest.scope_id)))
          : growthReason(group, largest),
    });
  }
  return leaks.sort((a, b) => b.bytes - a.bytes || a.record_id - b.record_id);
}

/** "Cache.get" or "<anonymous> at src/a.ts:12". */
export function scopeLabel(scope: ScopeRecord | undefined): string {
  if (!scope) return "its scope";
  if (scope.name === "<anonymous>" || scope.name === "") return `the anonymous function at ${scope.file}:${scope.line}`;
  return scope.name;
}

function outlivedReason(group: Group, largest: AllocationRecord, exportTime: number, scope: ScopeRecord | undefined): string {
  const exitedAgo = exportTime - (largest.scope_exit_time as number);
  const where = scopeLabel(scope);
  if (group.records.length === 1) {
    return (
      `Still alive at export ${formatDuration(exitedAgo)} after ${where} exited ` +
      `(created at ${formatDuration(largest.allocation_time)}, scope exit at ${formatDuration(largest.scope_exit_time)}); ` +
      `something outside the scope still references its ${formatBytes(recordBytes(largest))}.`
    );
  }
  let oldest = 0;
  for (const r of group.records) oldest = Math.max(oldest, exportTime - (r.scope_exit_time as number));
  return (
    `${formatCount(group.records.length)} objects from this declaration are still alive at export, ` +
    `up to ${formatDuration(oldest)} after ${where} exited, holding ${formatBytes(group.bytes)} ` +
    `(largest ${formatBytes(recordBytes(largest))}); something outside the scope keeps referencing them.`
  );
}

function growthReason(group: Group, largest: AllocationRecord): string {
  const history = largest.size_history as Array<[number, number]>;
  const [firstTime, firstSize] = history[0] as [number, number];
  const [lastTime, lastSize] = history[history.length - 1] as [number, number];
  const base =
    `Grew from ${formatBytes(firstSize)} to ${formatBytes(lastSize)} across ${history.length} measurements ` +
    `over ${formatDuration(lastTime - firstTime)} without ever shrinking, and is still alive at export`;
  if (group.records.length === 1) return `${base}.`;
  return `${base}; ${formatCount(group.records.length)} collections from this declaration grow the same way (${formatBytes(group.bytes)} in total).`;
}
