/**
 * Leak candidates (leaks.ts has the definitions and the reasons) over the record columns: per-object
 * judgement and grouping per (kind, declaration), keeping per group only what its
 * reason needs (count, bytes, largest finding, oldest exit) instead of every finding.
 */
import type { LeakCandidate, LeakKind, RetainerPath, ScopeRecord } from "../../format/snapshot.js";
import type { RawSections } from "./summary.js";
import { growthReason, MIN_GROWTH_MEASUREMENTS, outlivedReason, sortLeaks, type GroupFacts } from "./leak-reasons.js";
import type { RecordIndex } from "./record-index.js";
import { scopeKey } from "./record-objects.js";
import { readableRetainerPath, type RecordLabel } from "./retainer-labels.js";
import { objectSizesAt } from "./summary.js";

interface GroupAccumulator {
  kind: LeakKind;
  count: number;
  bytes: number;
  /** Precise mode: Σ weight × retained size (the estimate where not measured). */
  retained: number;
  extrapolated: boolean;
  oldest: number;
  largestRow: number;
  largestBytes: number;
  largestLastExit: number;
  /** Row of the object (its first record) whose retainer path the finding shows, -1 when none. */
  pathRow: number;
  pathBytes: number;
}

/** hasGrowingHistory on a row: a collection whose re-measured size rose at every step (≥ 3 steps). */
function growingAt(index: RecordIndex, row: number): boolean {
  if (index.columns.texts.category[row] !== index.collectionCategory) return false;
  const history = index.history.get(row);
  if (!history || history.length < MIN_GROWTH_MEASUREMENTS) return false;
  for (let i = 1; i < history.length; i++) {
    if ((history[i] as [number, number])[1] <= (history[i - 1] as [number, number])[1]) return false;
  }
  return true;
}

/** Rows of the records the retainer paths name (few), by record id. */
function recordRowsOnPaths(paths: readonly RetainerPath[], id: Float64Array, count: number): Map<number, number> {
  const wanted = new Set<number>();
  for (const path of paths) {
    wanted.add(path.record_id);
    for (const step of path.steps) if (step.record_id !== null) wanted.add(step.record_id);
  }
  const rows = new Map<number, number>();
  if (wanted.size === 0) return rows;
  for (let row = 0; row < count; row++) {
    const record = id[row] as number;
    if (wanted.has(record) && !rows.has(record)) rows.set(record, row);
  }
  return rows;
}

export function leaksFromIndex(raw: RawSections, index: RecordIndex, thresholdMs: number): LeakCandidate[] {
  const exportTime = raw.metadata.duration_ms;
  const { id, collectedTime, scopeExitTime, allocationTime } = index.columns.numbers;
  const category = index.columns.texts.category;
  const groupOf = new Int32Array(index.siteCount * 2).fill(-1);
  const groups: GroupAccumulator[] = [];
  const pathOf = new Map<number, RetainerPath>();
  for (const path of raw.retainers ?? []) if (!pathOf.has(path.record_id)) pathOf.set(path.record_id, path);
  const precise = raw.metadata.precise;
  // `object` is the object's first record (its bytes and weight), `row` the holder it is reported under.
  const add = (kind: LeakKind, row: number, object: number, bytes: number, lastExit: number): void => {
    const key = (index.siteSlot[row] as number) * 2 + (kind === "outlived_scope" ? 0 : 1);
    let at = groupOf[key] as number;
    if (at < 0) {
      at = groups.length;
      groupOf[key] = at;
      groups.push({ kind, count: 0, bytes: 0, retained: 0, extrapolated: false, oldest: 0, largestRow: row, largestBytes: bytes, largestLastExit: lastExit, pathRow: -1, pathBytes: -1 });
    }
    const group = groups[at] as GroupAccumulator;
    if (pathOf.size > 0 && bytes > group.pathBytes && pathOf.has(id[object] as number)) {
      group.pathRow = object;
      group.pathBytes = bytes;
    }
    const weight = index.weight[object] as number;
    group.count += weight;
    group.bytes += bytes * weight;
    if (weight > 1) group.extrapolated = true;
    if (precise) group.retained += (objectSizesAt(index, object)?.retained ?? bytes) * weight;
    group.oldest = Math.max(group.oldest, exportTime - lastExit);
    if (bytes > group.largestBytes) {
      group.largestRow = row;
      group.largestBytes = bytes;
      group.largestLastExit = lastExit;
    }
  };
  for (let row = 0; row < index.count; row++) {
    if (index.shared[row] === 1) continue;
    const objectAlive = category[row] !== index.stringCategory && collectedTime[row] !== collectedTime[row];
    const later = index.laterHolders.size > 0 ? index.laterHolders.get(id[row] as number) : undefined;
    if (!later) {
      if (!objectAlive && index.alive[row] === 0) continue;
      const bytes = index.objectBytes[row] as number;
      const exit = scopeExitTime[row] as number;
      if (objectAlive && exit === exit && exportTime - exit > thresholdMs) add("outlived_scope", row, row, bytes, exit);
      if (index.alive[row] === 1 && growingAt(index, row)) add("unbounded_growth", row, row, bytes, 0);
      continue;
    }
    // Several holders: the object is judged as one, under its most recent holder.
    if (!objectAlive) continue;
    const bytes = index.objectBytes[row] as number;
    let latest = row;
    const exit = scopeExitTime[row] as number;
    let lastExit = exit === exit ? exit : Infinity;
    for (const holder of later) {
      // A name of the object (a `reads` site) still holds it, but is not whom to blame.
      if (index.name[holder] !== 1 && (allocationTime[holder] as number) >= (allocationTime[latest] as number)) latest = holder;
      const holderExit = scopeExitTime[holder] as number;
      lastExit = Math.max(lastExit, holderExit === holderExit ? holderExit : Infinity);
    }
    if (Number.isFinite(lastExit) && exportTime - lastExit > thresholdMs) add("outlived_scope", latest, row, bytes, lastExit);
    let growing = growingAt(index, row) ? row : -1;
    for (let h = 0; growing < 0 && h < later.length; h++) if (growingAt(index, later[h] as number)) growing = later[h] as number;
    if (growing >= 0) add("unbounded_growth", growing, row, bytes, 0);
  }

  const scopes = new Map<number, ScopeRecord>();
  for (const scope of raw.scopes) scopes.set(scopeKey(scope.thread_id, scope.id), scope);
  const sampledBySite = new Map<number, number>();
  for (const folded of raw.folded_sites) {
    if (folded.sampled) sampledBySite.set(folded.site_id, (sampledBySite.get(folded.site_id) ?? 0) + folded.sampled);
  }
  const { line, threadId, scopeId, siteId } = index.columns.numbers;
  const { variableName, typeName, file } = index.columns.texts;
  const strings = index.columns.strings;
  const rowOfId = recordRowsOnPaths(raw.retainers ?? [], id, index.count);
  const recordLabel = (record: number): RecordLabel | null => {
    const row = rowOfId.get(record);
    if (row === undefined) return null;
    return {
      variable_name: strings[variableName[row] as number] as string,
      type_name: strings[typeName[row] as number] as string,
      file: strings[file[row] as number] as string,
      line: line[row] as number,
    };
  };
  const leaks: LeakCandidate[] = groups.map((group) => {
    const row = group.largestRow;
    const path = group.pathRow >= 0 ? pathOf.get(id[group.pathRow] as number) : undefined;
    const holder = path ? readableRetainerPath(path, recordLabel) : [];
    const facts: GroupFacts = {
      count: group.count,
      bytes: group.bytes,
      oldest: group.oldest,
      largestBytes: group.largestBytes,
      largestLastExit: group.largestLastExit,
      allocationTime: allocationTime[row] as number,
      history: index.history.get(row),
    };
    return {
      kind: group.kind,
      record_id: id[row] as number,
      variable_name: strings[variableName[row] as number] as string,
      type_name: strings[typeName[row] as number] as string,
      file: strings[file[row] as number] as string,
      line: line[row] as number,
      bytes: group.bytes,
      ...(precise ? { retained_bytes: group.retained } : {}),
      ...(group.extrapolated ? { extrapolated: true } : {}),
      reason:
        group.kind === "outlived_scope"
          ? outlivedReason(
              facts,
              exportTime,
              scopes.get(scopeKey(threadId[row] as number, scopeId[row] as number)),
              sampledBySite.get(siteId[row] as number) ?? 0,
              group.extrapolated,
              holder,
            )
          : growthReason(facts, holder),
      ...(holder.length > 0 ? { retainer_path: holder } : {}),
    };
  });
  return sortLeaks(leaks);
}
