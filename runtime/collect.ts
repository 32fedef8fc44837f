/**
 * Turns the store into a RawSnapshot. Allocation records are produced one at a time
 * (`allocationAt`) so that the exit path can stream a million of them to disk
 * without holding them all; collectRaw() materializes the whole snapshot.
 * Worker threads' parts are merged here with their ids shifted past the main
 * thread's, every record keeping its thread_id.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import process from "node:process";
import * as v8 from "node:v8";
import type {
  LivenessSettlement,
  AllocationRecord, FoldedSite, GcSection, HeapSection, Metadata, RawSnapshot, RuntimeCounters, Relation, ScopeRecord, ThreadInfo,
  VariableSite, RetainerPath,
} from "../format/snapshot.js";
import { FORMAT_VERSION } from "../format/snapshot.js";
import { FIELD_EXCLUSIVE, FIELD_EXTERNAL, FIELD_PRECISE, FIELD_WEIGHT, type RawColumnsEncoder } from "../format/raw-columns.js";
import type { Category } from "../format/protocol.js";
import { INITIALIZER_KINDS, SITE_SCOPE, SITE_VAR } from "../format/protocol.js";
import { type Store, F_DEAD, F_EXITED, RELATION_NAMES } from "./store.js";
import { KIND_NAMES, categoryOfKind } from "./estimate.js";
import { LAYOUT } from "./layout.js";
import { jsonParse, mathMax, mathRound, numberIsFinite } from "./intrinsics.js";
import { recordedArgv } from "./argv.js";

let toolVersion: string | null = null;

function readToolVersion(): string {
  if (toolVersion !== null) return toolVersion;
  try {
    const text = fs.readFileSync(new URL("../../package.json", import.meta.url), "utf8");
    const version = (jsonParse(text) as { version?: unknown }).version;
    toolVersion = typeof version === "string" ? version : "unknown";
  } catch {
    toolVersion = "unknown";
  }
  return toolVersion;
}

/** Milliseconds rounded to the microsecond: enough precision, shorter JSON. */
export function ms(value: number): number {
  return mathRound(value * 1000) / 1000;
}

/** Precise sizes measured at export, by record index (NaN when not measured). */
export interface PreciseSizes {
  self: Map<number, number>;
  retained: Map<number, number>;
  /** The part of each retained size no other tracked object's retained size counts. */
  exclusive: Map<number, number>;
  /** Retainer paths measured with them (record ids of this thread). */
  paths: RetainerPath[];
}

/** A site classified at run time (`any`/`unknown`, trackVar): its records' category comes from their values. */
function isDynamicSite(store: Store, site: number): boolean {
  return store.siteCategory[site] === "dynamic" || store.siteSub[site] === "unknown";
}

/** The category a record has in the snapshot. */
export function recordCategory(store: Store, record: number): Category {
  const site = store.recSite[record]!;
  return isDynamicSite(store, site) ? categoryOfKind(store.recKind[record]!) : (store.siteCategory[site] as Category);
}

function preciseSizesOf(
  precise: PreciseSizes,
  record: number,
): Pick<AllocationRecord, "precise_self_bytes" | "precise_retained_bytes" | "precise_exclusive_bytes"> {
  const self = precise.self.get(record);
  const retained = precise.retained.get(record);
  const exclusive = precise.exclusive.get(record);
  return {
    precise_self_bytes: self === undefined || self !== self ? null : self,
    precise_retained_bytes: retained === undefined || retained !== retained ? null : retained,
    precise_exclusive_bytes: exclusive === undefined || exclusive !== exclusive ? null : exclusive,
  };
}

/**
 * Registrations a record stands for (`weight` in the snapshot): its hot-site sampling
 * stride when it was kept; a site's last kept record also stands for the values left out
 * after it, so a site's weights add up to its registrations exactly (unless some hit
 * the record cap: those are counted in `folded_sites` with their own bytes).
 */
export function recordWeight(store: Store, record: number): number {
  const weight = store.recWeight[record]!;
  const site = store.recSite[record]!;
  if (store.siteLastKept[site] !== record || store.foldCount[site] !== 0) return weight;
  const after = store.siteSampledOut[site]! - store.siteRepresented[site]!;
  return after > 0 ? weight + after : weight;
}

/** One record of this thread's store as it will appear in the snapshot. */
export function localAllocation(store: Store, record: number, precise: PreciseSizes | null): AllocationRecord {
  const site = store.recSite[record]!;
  const flags = store.recFlags[record]!;
  const kind = store.recKind[record]!;
  const dynamic = isDynamicSite(store, site);
  const allocation: AllocationRecord = {
    id: record,
    variable_name: store.siteName[site]!,
    type_name: store.siteType[site]!,
    category: recordCategory(store, record),
    subcategory: dynamic ? KIND_NAMES[kind]! : store.siteSub[site]!,
    size_bytes: store.recSize[record]!,
    external_bytes: store.externalOf(record),
    // In the declared order (format/record.ts), the order of the snapshot JSON's keys.
    ...(precise === null ? {} : preciseSizesOf(precise, record)),
    allocation_time: ms(store.recAllocTime[record]!),
    scope_exit_time: (flags & F_EXITED) !== 0 ? ms(store.recExitOrNext[record]!) : null,
    collected_time: (flags & F_DEAD) !== 0 ? ms(store.recCollectedTime[record]!) : null,
    file: store.siteFile[site]!,
    line: store.siteLine[site]!,
    column: store.siteColumn[site]!,
    scope_id: store.siteScope[site]!,
    scope_instance: store.recInstance[record]!,
    site_id: site,
    thread_id: store.threadId,
  };
  const weight = recordWeight(store, record);
  if (weight !== 1) allocation.weight = weight;
  const history = store.sizeHistory.get(record);
  if (history !== undefined && history.length > 0) {
    const points: Array<[number, number]> = [];
    for (let i = 0; i < history.length; i += 2) points.push([ms(history[i]!), history[i + 1]!]);
    allocation.size_history = points;
  }
  return allocation;
}

/** Per (site, kind): the string-table ids of a record's name, type, category, subcategory and file. */
export type SiteStringIds = Map<number, Int32Array>;

/**
 * One record of this thread's store written into the raw file's next row
 * (format/raw-columns.ts): the same values as `localAllocation`, as columns, with the
 * per-site strings interned once per site and kind and no record object built.
 */
export function localAllocationInto(store: Store, record: number, precise: PreciseSizes | null, encoder: RawColumnsEncoder, siteIds: SiteStringIds): void {
  const block = encoder.block;
  const row = block.rows;
  const site = store.recSite[record]!;
  const flags = store.recFlags[record]!;
  const kind = store.recKind[record]!;
  const key = site * 32 + kind;
  let ids = siteIds.get(key);
  if (ids === undefined) {
    const dynamic = isDynamicSite(store, site);
    ids = new Int32Array(5);
    ids[0] = encoder.intern(store.siteName[site]!);
    ids[1] = encoder.intern(store.siteType[site]!);
    ids[2] = encoder.intern(recordCategory(store, record));
    ids[3] = encoder.intern(dynamic ? KIND_NAMES[kind]! : store.siteSub[site]!);
    ids[4] = encoder.intern(store.siteFile[site]!);
    siteIds.set(key, ids);
  }
  const n = block.numbers;
  n.id[row] = record;
  n.sizeBytes[row] = store.recSize[record]!;
  n.externalBytes[row] = store.externalOf(record);
  if (precise !== null) {
    const self = precise.self.get(record);
    const retained = precise.retained.get(record);
    n.preciseSelf[row] = self === undefined ? NaN : self;
    n.preciseRetained[row] = retained === undefined ? NaN : retained;
    const exclusive = precise.exclusive.get(record);
    n.preciseExclusive[row] = exclusive === undefined ? NaN : exclusive;
  } else {
    n.preciseSelf[row] = NaN;
    n.preciseRetained[row] = NaN;
    n.preciseExclusive[row] = NaN;
  }
  n.allocationTime[row] = ms(store.recAllocTime[record]!);
  n.scopeExitTime[row] = (flags & F_EXITED) !== 0 ? ms(store.recExitOrNext[record]!) : NaN;
  n.collectedTime[row] = (flags & F_DEAD) !== 0 ? ms(store.recCollectedTime[record]!) : NaN;
  n.line[row] = store.siteLine[site]!;
  n.column[row] = store.siteColumn[site]!;
  n.scopeId[row] = store.siteScope[site]!;
  n.scopeInstance[row] = store.recInstance[record]!;
  n.siteId[row] = site;
  n.threadId[row] = store.threadId;
  const t = block.texts;
  t.variableName[row] = ids[0]!;
  t.typeName[row] = ids[1]!;
  t.category[row] = ids[2]!;
  t.subcategory[row] = ids[3]!;
  t.file[row] = ids[4]!;
  const weight = recordWeight(store, record);
  n.weight[row] = weight;
  block.fields[row] = (precise !== null ? FIELD_PRECISE | FIELD_EXCLUSIVE : 0) | FIELD_EXTERNAL | (weight !== 1 ? FIELD_WEIGHT : 0);
  const history = store.sizeHistory.get(record);
  if (history !== undefined && history.length > 0) {
    const points: Array<[number, number]> = [];
    for (let i = 0; i < history.length; i += 2) points.push([ms(history[i]!), history[i + 1]!]);
    encoder.addHistory(row, points);
  }
  block.rows = row + 1;
}

function localScopes(store: Store): ScopeRecord[] {
  const scopes: ScopeRecord[] = [];
  for (let site = 0; site < store.siteCount; site++) {
    if (store.siteKind[site] !== SITE_SCOPE) continue;
    const completed = store.scopeCompleted[site]!;
    const timed = store.scopeTimed[site]!;
    scopes.push({
      id: site,
      name: store.siteName[site]!,
      file: store.siteFile[site]!,
      line: store.siteLine[site]!,
      column: store.siteColumn[site]!,
      parent_id: store.siteScope[site]! >= 0 ? store.siteScope[site]! : null,
      thread_id: store.threadId,
      invocations: store.scopeInvocations[site]!,
      completed,
      // Hot scopes are timed 1 in N (N growing): the total is the timed invocations' mean,
      // each weighted by the invocations it stands for, times the completed ones.
      total_duration_ms: timed > 0 ? ms((store.scopeWeightedMs[site]! * completed) / store.scopeTimedWeight[site]!) : 0,
      min_duration_ms: timed > 0 ? ms(store.scopeMinMs[site]!) : null,
      max_duration_ms: timed > 0 ? ms(store.scopeMaxMs[site]!) : null,
      timed_invocations: timed,
    });
  }
  return scopes;
}

function localVariableSites(store: Store): VariableSite[] {
  const sites: VariableSite[] = [];
  for (let site = 0; site < store.siteCount; site++) {
    if (store.siteKind[site] !== SITE_VAR) continue;
    sites.push({
      site_id: site,
      variable_name: store.siteName[site]!,
      file: store.siteFile[site]!,
      line: store.siteLine[site]!,
      initializer: INITIALIZER_KINDS[store.siteInit[site]!] ?? "call",
    });
  }
  return sites;
}

function localRelations(store: Store): Relation[] {
  const relations: Relation[] = [];
  for (let i = 0; i < store.relCount; i++) {
    relations.push({ kind: RELATION_NAMES[store.relKind[i]!]!, from: store.relFrom[i]!, to: store.relTo[i]!, time: ms(store.relTime[i]!) });
  }
  return relations;
}

/**
 * Per-site aggregates of the registrations not kept as records. Records past the cap
 * were estimated one by one (`bytes` as measured); sampled-out ones were only counted,
 * so their bytes are extrapolated: their count times the mean size of the site's
 * records kept past the budget (a systematic 1-in-N sample of the same stream), or of
 * all its kept records when no sampled one was kept yet.
 */
export function localFolded(store: Store): FoldedSite[] {
  const folded: FoldedSite[] = [];
  for (let site = 0; site < store.siteCount; site++) {
    const capped = store.foldCount[site]!;
    const sampled = store.siteSampledOut[site]!;
    if (capped === 0 && sampled === 0) continue;
    const extrapolated = sampled === 0 ? 0 : mathRound(sampled * sampleMean(store, site));
    folded.push({
      site_id: site,
      variable_name: store.siteName[site]!,
      file: store.siteFile[site]!,
      line: store.siteLine[site]!,
      count: capped + sampled,
      bytes: store.foldBytes[site]! + extrapolated,
      sampled,
      bytes_extrapolated: extrapolated,
    });
  }
  return folded;
}

/**
 * Mean bytes per registration of a site's sample (kept past the budget, each weighted by
 * the registrations it stands for), else of all its kept ones.
 */
function sampleMean(store: Store, site: number): number {
  if (store.sampleCount[site]! > 0) return store.sampleBytes[site]! / store.sampleCount[site]!;
  return store.siteSeen[site]! > 0 ? store.keptBytes[site]! / store.siteSeen[site]! : 0;
}

/** Registrations not kept as records: past the cap, and left out by hot-site sampling. */
export function droppedRegistrations(store: Store): number {
  let sampled = 0;
  for (let site = 0; site < store.siteCount; site++) sampled += store.siteSampledOut[site]!;
  return store.droppedRecords + sampled;
}

function gcSection(store: Store): GcSection {
  return {
    available: store.gcAvailable,
    events: store.gcEvents.slice(),
    allocated_bytes: store.gcAvailable ? store.gcAllocatedBytes : null,
    freed_bytes: store.gcAvailable ? store.gcFreedBytes : null,
  };
}

function heapSection(store: Store): HeapSection {
  const stats = v8.getHeapStatistics();
  return {
    total_heap_size: stats.total_heap_size,
    total_physical_size: stats.total_physical_size,
    used_heap_size: stats.used_heap_size,
    heap_size_limit: stats.heap_size_limit,
    malloced_memory: stats.malloced_memory,
    external_memory: (stats as { external_memory?: number }).external_memory ?? process.memoryUsage().external,
    peak_heap_used: store.peakHeapUsed,
    spaces: v8.getHeapSpaceStatistics().map((space) => ({
      name: space.space_name,
      size: space.space_size,
      used: space.space_used_size,
      available: space.space_available_size,
      physical: space.physical_space_size,
    })),
  };
}

function localCounters(store: Store): RuntimeCounters {
  return {
    internal_errors: store.internalErrors,
    invalid_site_calls: store.invalidSiteCalls,
    invalid_scope_calls: store.invalidScopeCalls,
    untracked_values: store.untrackedValues,
    unwatched_collections: store.unwatchedCollections,
    abandoned_scopes: store.abandonedScopes,
    late_scope_exits: store.lateScopeExits,
  };
}

function addCounters(into: RuntimeCounters, more: RuntimeCounters | undefined): void {
  if (more === undefined) return;
  into.internal_errors += more.internal_errors;
  into.invalid_site_calls += more.invalid_site_calls;
  into.invalid_scope_calls += more.invalid_scope_calls;
  into.untracked_values += more.untracked_values;
  into.unwatched_collections += more.unwatched_collections;
  into.abandoned_scopes = (into.abandoned_scopes ?? 0) + (more.abandoned_scopes ?? 0);
  into.late_scope_exits = (into.late_scope_exits ?? 0) + (more.late_scope_exits ?? 0);
}

function localLiveness(store: Store): LivenessSettlement | undefined {
  const liveness = store.liveness;
  if (liveness === null) return undefined;
  return { method: liveness.method as LivenessSettlement["method"], unsettled_records: liveness.unsettled };
}

/** The weaker method of the two, unsettled records summed. */
function mergeLiveness(into: LivenessSettlement | undefined, more: LivenessSettlement | undefined): LivenessSettlement | undefined {
  if (into === undefined || more === undefined) return into ?? more;
  const order = ["gc-and-callbacks", "gc-and-heap-snapshot", "gc-and-weak-refs", "none"];
  const method = order.indexOf(more.method) > order.indexOf(into.method) ? more.method : into.method;
  return { method, unsettled_records: into.unsettled_records + more.unsettled_records };
}

function metadata(
  store: Store,
  reason: string,
  threadCount: number,
  measuredPrecise: boolean,
  counters: RuntimeCounters,
  liveness: LivenessSettlement | undefined,
): Metadata {
  const now = store.now();
  return {
    format_version: FORMAT_VERSION,
    tool_version: readToolVersion(),
    timestamp: new Date(store.startWall + now).toISOString(),
    start_time: new Date(store.startWall).toISOString(),
    duration_ms: ms(now),
    node_version: process.version,
    v8_version: process.versions.v8,
    platform: `${os.platform()}`,
    arch: process.arch,
    pointer_compression: LAYOUT.pointerCompression,
    pid: process.pid,
    argv: recordedArgv(process.argv, store.config.argv),
    thread_count: threadCount,
    name: store.config.name,
    sample_interval_ms: store.config.sampleMs,
    precise: measuredPrecise,
    exit_reason: reason,
    hot_site_sampling: numberIsFinite(store.config.hotSiteRecords)
      ? { site_budget: store.config.hotSiteRecords, keep_every: store.config.hotSiteKeepEvery, stride_doubles_after: store.config.hotSiteRecords }
      : null,
    runtime_counters: counters,
    ...(liveness === undefined ? {} : { liveness }),
    ...(store.config.precise && !measuredPrecise && store.preciseUnavailable !== null ? { precise_unavailable: store.preciseUnavailable } : {}),
  };
}

/** The snapshot without its allocations, plus a way to produce them one by one. */
export interface RawParts {
  head: Omit<RawSnapshot, "allocations">;
  allocationCount: number;
  allocationAt(index: number): AllocationRecord;
  /** allocationAt(index) written into the raw file's next row, faster for this thread's records. */
  allocationInto(index: number, encoder: RawColumnsEncoder): void;
}

/** Largest site id a part refers to, plus one: the id span to shift the next part past. */
function siteSpan(part: RawSnapshot): number {
  let span = 0;
  for (const a of part.allocations) span = mathMax(span, a.site_id + 1, a.scope_id + 1);
  for (const s of part.scopes) span = mathMax(span, s.id + 1);
  for (const f of part.folded_sites) span = mathMax(span, f.site_id + 1);
  for (const v of part.variable_sites ?? []) span = mathMax(span, v.site_id + 1);
  return span;
}

function shiftAllocation(a: AllocationRecord, recordShift: number, siteShift: number): AllocationRecord {
  return { ...a, id: a.id + recordShift, site_id: a.site_id + siteShift, scope_id: a.scope_id >= 0 ? a.scope_id + siteShift : a.scope_id };
}

function shiftRetainers(path: RetainerPath, recordShift: number): RetainerPath {
  return {
    ...path,
    record_id: path.record_id + recordShift,
    steps: path.steps.map((step) => (step.record_id === null ? step : { ...step, record_id: step.record_id + recordShift })),
  };
}

export function mergeParts(store: Store, reason: string, precise: PreciseSizes | null, workerParts: readonly RawSnapshot[]): RawParts {
  const scopes = localScopes(store);
  const relations = localRelations(store);
  const folded = localFolded(store);
  const variableSites = localVariableSites(store);
  const threads: ThreadInfo[] = [{ thread_id: store.threadId, name: store.isMainThread ? "main" : `worker ${store.threadId}`, records: store.count }];
  let dropped = droppedRegistrations(store);
  let trackedSites = store.varSiteCount;
  const counters = localCounters(store);
  let liveness = localLiveness(store);
  const retainers: RetainerPath[] = precise === null ? [] : precise.paths.slice();
  const shifts: Array<{ part: RawSnapshot; start: number; recordShift: number; siteShift: number }> = [];
  let recordShift = store.count;
  let siteShift = store.siteCount;
  let total = store.count;
  for (const part of workerParts) {
    shifts.push({ part, start: total, recordShift, siteShift });
    for (const s of part.scopes) scopes.push({ ...s, id: s.id + siteShift, parent_id: s.parent_id === null ? null : s.parent_id + siteShift });
    for (const r of part.relations) relations.push({ ...r, from: r.from + recordShift, to: r.to + recordShift });
    for (const f of part.folded_sites) folded.push({ ...f, site_id: f.site_id + siteShift });
    for (const v of part.variable_sites ?? []) variableSites.push({ ...v, site_id: v.site_id + siteShift });
    for (const r of part.retainers ?? []) retainers.push(shiftRetainers(r, recordShift));
    for (const t of part.threads) threads.push(t);
    dropped += part.dropped_records;
    trackedSites += part.tracked_sites;
    addCounters(counters, part.metadata.runtime_counters);
    liveness = mergeLiveness(liveness, part.metadata.liveness);
    total += part.allocations.length;
    recordShift += part.allocations.length;
    siteShift += siteSpan(part);
  }
  const head: Omit<RawSnapshot, "allocations"> = {
    metadata: metadata(store, reason, threads.length, precise !== null, counters, liveness),
    scopes,
    relations,
    timeline: store.timeline.slice(),
    gc: gcSection(store),
    heap: heapSection(store),
    threads,
    dropped_records: dropped,
    folded_sites: folded,
    tracked_sites: trackedSites,
    variable_sites: variableSites,
    ...(retainers.length > 0 ? { retainers } : {}),
  };
  const siteIds: SiteStringIds = new Map();
  return {
    head,
    allocationCount: total,
    allocationInto(index: number, encoder: RawColumnsEncoder): void {
      if (index < store.count) localAllocationInto(store, index, precise, encoder, siteIds);
      else encoder.addRecord(this.allocationAt(index));
    },
    allocationAt(index: number): AllocationRecord {
      if (index < store.count) return localAllocation(store, index, precise);
      for (let i = shifts.length - 1; i >= 0; i--) {
        const shift = shifts[i]!;
        if (index >= shift.start) return shiftAllocation(shift.part.allocations[index - shift.start]!, shift.recordShift, shift.siteShift);
      }
      throw new RangeError(`allocation ${index} out of range`);
    },
  };
}

export function materialize(parts: RawParts): RawSnapshot {
  const allocations: AllocationRecord[] = new Array(parts.allocationCount);
  for (let i = 0; i < parts.allocationCount; i++) allocations[i] = parts.allocationAt(i);
  return { ...parts.head, allocations };
}

