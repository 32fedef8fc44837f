/** The record-by-record oracle the column derivation is compared against (test/render/derivation-equivalence). */
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
import type { AllocationRecord, LeakCandidate, LeakKind, RawSnapshot, ScopeRecord } from "../../../format/snapshot.js";
import { formatBytes, formatCount, formatDuration } from "../../../render/units.js";
import { declarationKey, isAliveAtExport, scopeKey } from "../../../render/derive/record-objects.js";
import { indexObjects, objectBytes, type ObjectIndex } from "./objects.js";
import { objectSizes } from "./record-derivation.js";

export const DEFAULT_LEAK_THRESHOLD_MS = 1000;
/** Minimum re-measurements of a collection before "keeps growing" is claimed. */
export const MIN_GROWTH_MEASUREMENTS = 3;

interface Finding {
  /** The holder the finding is reported under. */
  record: AllocationRecord;
  /** The object's first record, when not `record` (added after the freeze, for precise sizes). */
  object?: AllocationRecord;
  /** The object's bytes (counted once). */
  bytes: number;
  /** For outlived_scope: when the last holder's scope exited. */
  lastExit: number;
}

interface Group {
  kind: LeakKind;
  findings: Finding[];
  bytes: number;
}

/** The record's own test (single holder): alive, not a string, its scope exited long enough ago. */
export function isOutlivedScope(record: AllocationRecord, exportTime: number, thresholdMs: number): boolean {
  return (
    record.category !== "string" &&
    record.collected_time === null &&
    record.scope_exit_time !== null &&
    exportTime - record.scope_exit_time > thresholdMs
  );
}

/** A strictly rising size history of at least MIN_GROWTH_MEASUREMENTS points (aliveness checked by the caller). */
export function hasGrowingHistory(record: AllocationRecord): boolean {
  const history = record.size_history;
  if (record.category !== "collection" || !history || history.length < MIN_GROWTH_MEASUREMENTS) return false;
  for (let i = 1; i < history.length; i++) {
    if ((history[i] as [number, number])[1] <= (history[i - 1] as [number, number])[1]) return false;
  }
  return true;
}

export function isUnboundedGrowth(record: AllocationRecord): boolean {
  return isAliveAtExport(record) && hasGrowingHistory(record);
}

export function findLeaks(
  raw: RawSnapshot,
  thresholdMs: number = DEFAULT_LEAK_THRESHOLD_MS,
  objects: ObjectIndex = indexObjects(raw.allocations, raw.relations),
): LeakCandidate[] {
  const exportTime = raw.metadata.duration_ms;
  const groups = new Map<number, Group>();
  const add = (kind: LeakKind, finding: Finding): void => {
    const key = declarationKey(finding.record) * 2 + (kind === "outlived_scope" ? 0 : 1);
    let group = groups.get(key);
    if (!group) {
      group = { kind, findings: [], bytes: 0 };
      groups.set(key, group);
    }
    group.findings.push(finding);
    group.bytes += finding.bytes;
    // Added after the freeze: precise runs sum the objects' retained sizes (the estimate where not measured).
    if (raw.metadata.precise) retainedOf.set(group, (retainedOf.get(group) ?? 0) + (objectSizes(finding.object ?? finding.record, objects)?.retained ?? finding.bytes));
  };
  const retainedOf = new Map<Group, number>();
  for (const record of raw.allocations) {
    if (objects.shared.has(record.id)) continue;
    const later = objects.laterHolders.get(record.id);
    const bytes = objectBytes(record, objects);
    if (!later) {
      if (isOutlivedScope(record, exportTime, thresholdMs)) add("outlived_scope", { record, bytes, lastExit: record.scope_exit_time as number });
      if (isUnboundedGrowth(record)) add("unbounded_growth", { record, bytes, lastExit: 0 });
      continue;
    }
    // Several holders: the object is judged as one, under its most recent holder.
    if (record.category !== "string" && record.collected_time === null) {
      let latest = record;
      let lastExit = record.scope_exit_time ?? Infinity;
      for (const holder of later) {
        if (holder.allocation_time >= latest.allocation_time) latest = holder;
        lastExit = Math.max(lastExit, holder.scope_exit_time ?? Infinity);
      }
      if (Number.isFinite(lastExit) && exportTime - lastExit > thresholdMs) add("outlived_scope", { record: latest, object: record, bytes, lastExit });
      const growing = [record, ...later].find(hasGrowingHistory);
      if (growing) add("unbounded_growth", { record: growing, object: record, bytes, lastExit: 0 });
    }
  }
  const scopes = new Map<number, ScopeRecord>();
  for (const scope of raw.scopes) scopes.set(scopeKey(scope.thread_id, scope.id), scope);
  // Added after the freeze, with the same note in render/leaks.ts: sampled-out values of the site.
  const sampledBySite = new Map<number, number>();
  for (const folded of raw.folded_sites) {
    if (folded.sampled) sampledBySite.set(folded.site_id, (sampledBySite.get(folded.site_id) ?? 0) + folded.sampled);
  }

  const leaks: LeakCandidate[] = [];
  for (const group of groups.values()) {
    const largest = group.findings.reduce((a, b) => (b.bytes > a.bytes ? b : a));
    const record = largest.record;
    leaks.push({
      kind: group.kind,
      record_id: record.id,
      variable_name: record.variable_name,
      type_name: record.type_name,
      file: record.file,
      line: record.line,
      bytes: group.bytes,
      ...(raw.metadata.precise ? { retained_bytes: retainedOf.get(group) ?? 0 } : {}),
      reason:
        group.kind === "outlived_scope"
          ? outlivedReason(group, largest, exportTime, scopes.get(scopeKey(record.thread_id, record.scope_id))) +
            sampledNote(sampledBySite.get(record.site_id) ?? 0)
          : growthReason(group, largest),
    });
  }
  return leaks.sort((a, b) => (b.retained_bytes ?? b.bytes) - (a.retained_bytes ?? a.bytes) || a.record_id - b.record_id);
}

/** "Cache.get" or "the anonymous function at src/a.ts:12". */
export function scopeLabel(scope: ScopeRecord | undefined): string {
  if (!scope) return "its scope";
  if (scope.name === "<anonymous>" || scope.name === "") return `the anonymous function at ${scope.file}:${scope.line}`;
  return scope.name;
}

function outlivedReason(group: Group, largest: Finding, exportTime: number, scope: ScopeRecord | undefined): string {
  const record = largest.record;
  const where = scopeLabel(scope);
  if (group.findings.length === 1) {
    return (
      `Still alive at export ${formatDuration(exportTime - largest.lastExit)} after ${where} exited ` +
      `(created at ${formatDuration(record.allocation_time)}, scope exit at ${formatDuration(largest.lastExit)}); ` +
      `something outside the scope still references its ${formatBytes(largest.bytes)}.`
    );
  }
  let oldest = 0;
  for (const finding of group.findings) oldest = Math.max(oldest, exportTime - finding.lastExit);
  return (
    `${formatCount(group.findings.length)} objects from this declaration are still alive at export, ` +
    `up to ${formatDuration(oldest)} after ${where} exited, holding ${formatBytes(group.bytes)} ` +
    `(largest ${formatBytes(largest.bytes)}); something outside the scope keeps referencing them.`
  );
}

function growthReason(group: Group, largest: Finding): string {
  const history = largest.record.size_history as Array<[number, number]>;
  const [firstTime, firstSize] = history[0] as [number, number];
  const [lastTime, lastSize] = history[history.length - 1] as [number, number];
  const base =
    `Grew from ${formatBytes(firstSize)} to ${formatBytes(lastSize)} across ${history.length} measurements ` +
    `over ${formatDuration(lastTime - firstTime)} without ever shrinking, and is still alive at export`;
  if (group.findings.length === 1) return `${base}.`;
  return `${base}; ${formatCount(group.findings.length)} collections from this declaration grow the same way (${formatBytes(group.bytes)} in total).`;
}

/** Added after the freeze: the note render/leaks.ts appends for a sampled site. */
function sampledNote(sampledOut: number): string {
  if (!(sampledOut > 0)) return "";
  return ` Hot-site sampling recorded only some of this declaration's values (${formatCount(sampledOut)} more were only counted), so more of them may be alive.`;
}
