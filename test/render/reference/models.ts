/**
 * The record-by-record derivation of both SVG models, kept as the oracle the column
 * derivation is compared against (test/render/derivation-equivalence). It builds the
 * real model types (render/draw/), so a new model field fails to compile here until
 * the oracle derives it too.
 */
/**
 * What each SVG worker needs, aggregated on the main thread: bounded in size whatever
 * the record count (top N, decimated samples, histogram bins), so a million records
 * are never copied to a worker.
 */
import type {
  AllocationRecord,
  HierarchyNode,
  RelationKind,
  Snapshot,
} from "../../../format/snapshot.js";
import type { NameSiteRow } from "../../../render/draw/analysis/rows.js";
import { preciseCells } from "./precise-model.js";
import { objectSizes } from "./record-derivation.js";
import type { AnalysisModel, GcMark, HistogramBin, SamplePoint, SiteRow, VariableRow } from "../../../render/draw/analysis/model.js";
import { DEFAULT_MODEL_LIMITS, type ModelLimits, type RecordRow, type RunFacts } from "../../../render/draw/model.js";
import type { LifetimeRow, RelationLink, ScopeMatrix, TimelineModel } from "../../../render/draw/timeline/model.js";

export type { AnalysisModel, ModelLimits, TimelineModel, VariableRow };
export { DEFAULT_MODEL_LIMITS };
import { peakSource } from "./record-derivation.js";
import { declarationKey, isAliveAtExport, recordBytes, scopeKey } from "../../../render/derive/record-objects.js";
import { indexObjects, NO_SHARED_OBJECTS, objectBytes, type ObjectIndex } from "./objects.js";
import { exportNotes } from "../../../render/derive/runtime-notes.js";

export function runFacts(snapshot: Snapshot): RunFacts {
  const m = snapshot.metadata;
  return {
    name: m.name,
    timestamp: m.timestamp,
    nodeVersion: m.node_version,
    durationMs: m.duration_ms,
    exitReason: m.exit_reason,
    threadCount: m.thread_count,
    precise: m.precise,
    sampleIntervalMs: m.sample_interval_ms,
  };
}

/** Keeps at most `limit` points: each bucket of consecutive samples becomes its per-series maximum. */
export function decimateSamples(samples: readonly SamplePoint[], limit: number): SamplePoint[] {
  if (samples.length <= limit) return samples.map((s) => pickSample(s));
  const out: SamplePoint[] = [];
  const size = samples.length / limit;
  for (let b = 0; b < limit; b++) {
    const from = Math.floor(b * size);
    const to = Math.max(from + 1, Math.floor((b + 1) * size));
    const point = pickSample(samples[from] as SamplePoint);
    for (let i = from + 1; i < to && i < samples.length; i++) {
      const s = samples[i] as SamplePoint;
      point.time = s.time;
      point.heap_used = Math.max(point.heap_used, s.heap_used);
      point.heap_total = Math.max(point.heap_total, s.heap_total);
      point.rss = Math.max(point.rss, s.rss);
      point.tracked_live_bytes = Math.max(point.tracked_live_bytes, s.tracked_live_bytes);
    }
    out.push(point);
  }
  return out;
}

function pickSample(s: SamplePoint): SamplePoint {
  return { time: s.time, heap_used: s.heap_used, heap_total: s.heap_total, rss: s.rss, tracked_live_bytes: s.tracked_live_bytes };
}

/** Power-of-two size bins from the smallest to the largest record ([0,1) holds empty records). */
export function sizeHistogram(records: readonly AllocationRecord[], objects: ObjectIndex = NO_SHARED_OBJECTS): HistogramBin[] {
  const counts = new Map<number, HistogramBin>();
  for (const record of records) {
    if (objects.shared.has(record.id)) continue;
    const bytes = objectBytes(record, objects);
    const exponent = bytes < 1 ? -1 : Math.floor(Math.log2(bytes));
    let bin = counts.get(exponent);
    if (!bin) {
      bin = exponent < 0 ? { lo: 0, hi: 1, count: 0, bytes: 0 } : { lo: 2 ** exponent, hi: 2 ** (exponent + 1), count: 0, bytes: 0 };
      counts.set(exponent, bin);
    }
    bin.count++;
    bin.bytes += bytes;
  }
  if (counts.size === 0) return [];
  const exponents = [...counts.keys()];
  const min = Math.min(...exponents);
  const max = Math.max(...exponents);
  const bins: HistogramBin[] = [];
  for (let e = min; e <= max; e++) {
    bins.push(counts.get(e) ?? (e < 0 ? { lo: 0, hi: 1, count: 0, bytes: 0 } : { lo: 2 ** e, hi: 2 ** (e + 1), count: 0, bytes: 0 }));
  }
  return bins;
}

/** The k largest items by a key, in one pass with a small sorted buffer (k is tiny). */
export function topBy<T>(items: Iterable<T>, k: number, key: (item: T) => number): T[] {
  const top: T[] = [];
  const keys: number[] = [];
  if (k <= 0) return top;
  for (const item of items) {
    const value = key(item);
    if (top.length === k && value <= (keys[k - 1] as number)) continue;
    let at = top.length;
    while (at > 0 && (keys[at - 1] as number) < value) at--;
    top.splice(at, 0, item);
    keys.splice(at, 0, value);
    if (top.length > k) {
      top.pop();
      keys.pop();
    }
  }
  return top;
}

export function recordRow(record: AllocationRecord): RecordRow {
  return {
    id: record.id,
    name: record.variable_name,
    type: record.type_name,
    category: record.category,
    subcategory: record.subcategory,
    file: record.file,
    line: record.line,
    bytes: recordBytes(record),
    alive: isAliveAtExport(record),
  };
}

export function topVariables(records: readonly AllocationRecord[], k: number, objects: ObjectIndex = NO_SHARED_OBJECTS, precise = false): VariableRow[] {
  const bySite = new Map<number, VariableRow>();
  for (const record of records) {
    if (objects.shared.has(record.id)) continue;
    const bytes = objectBytes(record, objects);
    const key = declarationKey(record);
    let row = bySite.get(key);
    if (!row) {
      row = {
        siteId: record.site_id,
        name: record.variable_name,
        type: record.type_name,
        category: record.category,
        file: record.file,
        line: record.line,
        records: 0,
        alive: 0,
        totalBytes: 0,
        largestBytes: -1,
        largestId: record.id,
        measure: precise ? "retained" : "estimate",
        rankBytes: -1,
        extrapolated: false,
      };
      bySite.set(key, row);
    }
    row.records++;
    row.totalBytes += bytes;
    if (isAliveAtExport(record)) row.alive++;
    // Added after the freeze: precise runs rank by the largest object's retained size.
    const measured = precise ? (objectSizes(record, objects)?.retained ?? bytes) : bytes;
    if (measured > row.rankBytes) {
      row.largestBytes = bytes;
      row.rankBytes = measured;
      row.largestId = record.id;
    }
  }
  return topBy(bySite.values(), k, (row) => row.rankBytes);
}

export function topSites(snapshot: Snapshot, k: number, objects: ObjectIndex = indexObjects(snapshot.allocations, snapshot.relations)): SiteRow[] {
  const sites = new Map<string, SiteRow>();
  const siteFor = (file: string, line: number, name: string, type: string): SiteRow => {
    const key = `${file}\u0000${line}`;
    let site = sites.get(key);
    if (!site) {
      site = { file, line, names: [], type, count: 0, bytes: 0, folded: 0, extrapolated: 0 };
      sites.set(key, site);
    }
    if (!site.names.includes(name) && site.names.length < 3) site.names.push(name);
    return site;
  };
  for (const record of snapshot.allocations) {
    if (objects.shared.has(record.id)) continue;
    const site = siteFor(record.file, record.line, record.variable_name, record.type_name);
    site.count++;
    site.bytes += objectBytes(record, objects);
  }
  // Records folded past MEMSCOPE_MAX_RECORDS still happened at their site: count them here.
  for (const folded of snapshot.folded_sites) {
    const site = siteFor(folded.file, folded.line, folded.variable_name, "");
    site.count += folded.count;
    site.bytes += folded.bytes;
    site.folded += folded.count;
    site.extrapolated += folded.bytes_extrapolated ?? 0;
  }
  return topBy(sites.values(), k, (s) => s.bytes);
}

/**
 * Copy of the hierarchy for drawing: each node keeps its `limit` largest children and
 * folds the rest (and children under 0.1% of the total) into one "(N others)" leaf.
 */
export function pruneHierarchy(node: HierarchyNode, limit: number, total = node.bytes): HierarchyNode {
  // Categories are few and each has its own colour: never fold them.
  const effectiveLimit = node.level === "root" ? Infinity : limit;
  const copy: HierarchyNode = { ...node };
  delete copy.children;
  const children = (node.children ?? []).filter((c) => c.bytes > 0);
  if (children.length === 0) return copy;
  const kept: HierarchyNode[] = [];
  const rest: HierarchyNode[] = [];
  for (const c of children) {
    if (node.level === "root" || (kept.length < effectiveLimit && (c.bytes >= total * 0.001 || kept.length === 0))) kept.push(c);
    else rest.push(c);
  }
  copy.children = kept.map((c) => pruneHierarchy(c, limit, total));
  if (rest.length > 0) {
    const bytes = rest.reduce((sum, c) => sum + c.bytes, 0);
    const count = rest.reduce((sum, c) => sum + c.count, 0);
    // A single leftover needs no "(1 other)" box: show it as itself.
    const single = rest.length === 1 ? pruneHierarchy(rest[0] as HierarchyNode, limit, total) : null;
    copy.children.push(
      single ?? {
        level: (rest[0] as HierarchyNode).level,
        name: `(${rest.length} others)`,
        bytes,
        count,
        percent_of_parent: node.bytes > 0 ? (bytes / node.bytes) * 100 : 0,
        percent_of_total: total > 0 ? (bytes / total) * 100 : 0,
      },
    );
  }
  return copy;
}

export function buildAnalysisModel(snapshot: Snapshot, limits: ModelLimits = DEFAULT_MODEL_LIMITS): AnalysisModel {
  const objects = indexObjects(snapshot.allocations, snapshot.relations);
  const largest = topVariables(snapshot.allocations, limits.topRows, objects, snapshot.metadata.precise);
  const gcEvents = snapshot.gc.events;
  const gcMarks: GcMark[] = [];
  const gcStep = Math.max(1, Math.ceil(gcEvents.length / limits.gcMarks));
  for (let i = 0; i < gcEvents.length; i += gcStep) {
    // Within each stride show the most expensive collection: the one worth seeing.
    let pick = gcEvents[i]!;
    for (let j = i + 1; j < Math.min(i + gcStep, gcEvents.length); j++) {
      if (gcEvents[j]!.duration_ms > pick.duration_ms) pick = gcEvents[j]!;
    }
    gcMarks.push({ time: pick.time, type: pick.type, duration_ms: pick.duration_ms, freed: Math.max(0, pick.heap_before - pick.heap_after) });
  }
  return {
    facts: runFacts(snapshot),
    summary: snapshot.summary,
    peakSource: peakSource(snapshot.timeline, snapshot.allocations),
    droppedRecords: snapshot.dropped_records,
    sampledRecords: snapshot.folded_sites.reduce((sum, site) => sum + (site.sampled ?? 0), 0),
    runtimeCounters: snapshot.metadata.runtime_counters ?? null,
    exportNotes: exportNotes(snapshot.metadata),
    hierarchy: pruneHierarchy(snapshot.memory_hierarchy, limits.treemapChildren),
    samples: decimateSamples(snapshot.timeline, limits.samples),
    sampleCount: snapshot.timeline.length,
    gcAvailable: snapshot.gc.available,
    gcCount: gcEvents.length,
    gcMarks,
    histogram: sizeHistogram(snapshot.allocations, objects),
    topVariables: largest,
    topSites: topSites(snapshot, limits.topRows, objects),
    leaks: snapshot.leaks.slice(0, limits.leaks),
    leakCount: snapshot.leaks.length,
    precise: preciseCells(snapshot, largest, objects),
    ...nameSites(snapshot),
  };
}

/** Declarations that only name existing values, record by record. */
function nameSites(snapshot: Snapshot): { nameSites: NameSiteRow[]; nameSiteCount: number } {
  const rows: NameSiteRow[] = [];
  for (const site of snapshot.variable_sites ?? []) {
    if (site.initializer !== "reads" && site.initializer !== "literal_string") continue;
    const records = snapshot.allocations.filter((a) => a.site_id === site.site_id).length;
    const folded = snapshot.folded_sites.filter((f) => f.site_id === site.site_id).reduce((sum, f) => sum + f.count, 0);
    rows.push({ name: site.variable_name, file: site.file, line: site.line, initializer: site.initializer, registrations: records + folded });
  }
  rows.sort((a, b) => b.registrations - a.registrations || a.file.localeCompare(b.file) || a.line - b.line);
  return { nameSites: rows.slice(0, 3), nameSiteCount: rows.length };
}

// ---------------------------------------------------------------- lifecycle timeline

interface ScopeAccumulator {
  key: number;
  id: number;
  threadId: number;
  bytes: number;
  records: number;
  sites: Set<number>;
  largest: number;
}

/** The timeline model as it was before the per-declaration lanes (render/draw/timeline/lanes.ts). */
export function buildTimelineModel(snapshot: Snapshot, limits: ModelLimits = DEFAULT_MODEL_LIMITS): Omit<TimelineModel, "lanes"> {
  const perScope = new Map<number, ScopeAccumulator>();
  const objects = indexObjects(snapshot.allocations, snapshot.relations);
  let totalBytes = 0;
  for (const record of snapshot.allocations) {
    const key = scopeKey(record.thread_id, record.scope_id);
    let acc = perScope.get(key);
    if (!acc) {
      acc = { key, id: record.scope_id, threadId: record.thread_id, bytes: 0, records: 0, sites: new Set(), largest: 0 };
      perScope.set(key, acc);
    }
    const bytes = recordBytes(record);
    // Totals count each object once; the rows still show every variable that held it.
    const counted = objectBytes(record, objects);
    acc.bytes += counted;
    acc.records++;
    acc.sites.add(declarationKey(record));
    if (bytes > acc.largest) acc.largest = bytes;
    totalBytes += counted;
  }
  const ranked = [...perScope.values()].sort((a, b) => b.bytes - a.bytes || b.records - a.records || a.threadId - b.threadId || a.id - b.id);
  const shown = ranked.slice(0, limits.scopes);
  // Second pass: for each shown scope, the largest record of every declaration (so each
  // variable gets a row) and the largest records overall (to fill the remaining rows).
  const buffers = new Map<number, AllocationRecord[]>();
  const perDeclaration = new Map<number, Map<number, AllocationRecord>>();
  for (const acc of shown) {
    buffers.set(acc.key, []);
    perDeclaration.set(acc.key, new Map());
  }
  for (const record of snapshot.allocations) {
    const key = scopeKey(record.thread_id, record.scope_id);
    const buffer = buffers.get(key);
    if (!buffer) continue;
    buffer.push(record);
    if (buffer.length >= limits.rowsPerScope * 64) {
      buffers.set(key, topBy(buffer, limits.rowsPerScope, recordBytes));
    }
    const largest = perDeclaration.get(key)!;
    const declaration = declarationKey(record);
    const current = largest.get(declaration);
    if (!current || recordBytes(record) > recordBytes(current)) largest.set(declaration, record);
  }
  const scopeRecords = new Map(snapshot.scopes.map((s) => [scopeKey(s.thread_id, s.id), s]));
  const scopes: ScopeMatrix[] = shown.map((acc) => {
    const chosen = topBy(perDeclaration.get(acc.key)!.values(), limits.rowsPerScope, recordBytes);
    const ids = new Set(chosen.map((r) => r.id));
    for (const record of topBy(buffers.get(acc.key) ?? [], limits.rowsPerScope, recordBytes)) {
      if (chosen.length >= limits.rowsPerScope) break;
      if (!ids.has(record.id)) chosen.push(record);
    }
    chosen.sort((a, b) => recordBytes(b) - recordBytes(a) || a.id - b.id);
    const rows = chosen.map(
      (record): LifetimeRow => ({
        ...recordRow(record),
        created: record.allocation_time,
        scopeExit: record.scope_exit_time,
        collected: record.collected_time,
        scopeInstance: record.scope_instance,
        threadId: record.thread_id,
        sharedObject: objects.shared.has(record.id),
      }),
    );
    const rowBytes = chosen.reduce((sum, r) => sum + objectBytes(r, objects), 0);
    const scope = scopeRecords.get(acc.key);
    return {
      id: acc.id,
      label: scope ? scopeDisplayName(scope.name, scope.file, scope.line) : acc.id < 0 ? "outside any tracked scope" : `scope #${acc.id}`,
      file: scope?.file ?? "",
      line: scope?.line ?? 0,
      bytes: acc.bytes,
      records: acc.records,
      variables: acc.sites.size,
      invocations: scope ? scope.invocations : null,
      completed: scope ? scope.completed : null,
      avgDurationMs: scope && scope.completed > 0 ? scope.total_duration_ms / scope.completed : null,
      minDurationMs: scope ? scope.min_duration_ms : null,
      maxDurationMs: scope ? scope.max_duration_ms : null,
      rows,
      moreRows: acc.records - rows.length,
      moreBytes: Math.max(0, acc.bytes - rowBytes),
      largestBytes: acc.largest,
      extrapolated: false,
    };
  });
  const rest = ranked.slice(limits.scopes);
  const drawn = new Set<number>();
  for (const scope of scopes) for (const row of scope.rows) drawn.add(row.id);
  const relationCounts: Record<RelationKind, number> = { alias: 0, move: 0, clone: 0 };
  const links: RelationLink[] = [];
  for (const relation of snapshot.relations) {
    relationCounts[relation.kind]++;
    if (drawn.has(relation.from) && drawn.has(relation.to) && links.length < 200) {
      links.push({ kind: relation.kind, from: relation.from, to: relation.to, time: relation.time });
    }
  }
  return {
    facts: runFacts(snapshot),
    totalRecords: snapshot.allocations.length,
    totalBytes,
    scopes,
    otherScopes: {
      scopes: rest.length,
      records: rest.reduce((sum, s) => sum + s.records, 0),
      bytes: rest.reduce((sum, s) => sum + s.bytes, 0),
    },
    links,
    relationCounts,
  };
}

/** Function name, or "<anonymous> file:line" so an anonymous scope can still be found. */
export function scopeDisplayName(name: string, file: string, line: number): string {
  if (name === "<anonymous>" || name === "") return `<anonymous> ${file}:${line}`;
  return name;
}

