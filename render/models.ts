/**
 * What each SVG worker needs, aggregated on the main thread: bounded in size whatever
 * the record count (top N, decimated samples, histogram bins), so a million records
 * are never copied to a worker.
 */
import type {
  GcEvent,
  HierarchyNode,
  LeakCandidate,
  RelationKind,
  RuntimeCounters,
  Snapshot,
  Summary,
} from "../runtime/snapshot.js";
import type { Category } from "../runtime/protocol.js";
import { preciseCells, type PreciseCell } from "./precise-model.js";
import type { PeakSource } from "./metrics.js";
import { peakSourceOf } from "./index-summary.js";
import { histogramFromIndex, topSitesFromIndex, topVariablesFromIndex } from "./index-models.js";
import { scopeDisplayName, timelineScopesFromIndex } from "./index-timeline.js";
import { indexRecordObjects, type RecordIndex } from "./record-index.js";
import { topBy } from "./top-by.js";

export { scopeDisplayName, topBy };

export interface RunFacts {
  name: string;
  timestamp: string;
  nodeVersion: string;
  durationMs: number;
  exitReason: string;
  threadCount: number;
  precise: boolean;
  sampleIntervalMs: number;
}

export interface SamplePoint {
  time: number;
  heap_used: number;
  heap_total: number;
  rss: number;
  tracked_live_bytes: number;
}

export interface GcMark {
  time: number;
  type: string;
  duration_ms: number;
  freed: number;
}

export interface HistogramBin {
  /** Inclusive lower bound in bytes. */
  lo: number;
  /** Exclusive upper bound in bytes. */
  hi: number;
  count: number;
  bytes: number;
}

export interface RecordRow {
  id: number;
  name: string;
  type: string;
  category: Category;
  subcategory: string;
  file: string;
  line: number;
  bytes: number;
  alive: boolean;
}

/** One declaration, ranked by its largest single record. */
export interface VariableRow {
  siteId: number;
  name: string;
  type: string;
  category: Category;
  file: string;
  line: number;
  records: number;
  alive: number;
  totalBytes: number;
  largestBytes: number;
  largestId: number;
}

export interface SiteRow {
  file: string;
  line: number;
  names: string[];
  type: string;
  count: number;
  bytes: number;
  folded: number;
  /** The part of `bytes` extrapolated for values left out by hot-site sampling (not measured one by one). */
  extrapolated: number;
}

export interface AnalysisModel {
  facts: RunFacts;
  summary: Summary;
  peakSource: PeakSource;
  droppedRecords: number;
  /** Of `droppedRecords`, those left out by hot-site sampling (the rest hit the record cap). */
  sampledRecords: number;
  /** What the runtime counted instead of recording; null from writers that did not report them. */
  runtimeCounters: RuntimeCounters | null;
  hierarchy: HierarchyNode;
  samples: SamplePoint[];
  sampleCount: number;
  gcAvailable: boolean;
  gcCount: number;
  gcMarks: GcMark[];
  histogram: HistogramBin[];
  topVariables: VariableRow[];
  topSites: SiteRow[];
  leaks: LeakCandidate[];
  leakCount: number;
  /** Exact sizes of the top variables' largest objects by record id; null when not precise. */
  precise: Record<number, PreciseCell> | null;
}

export interface ModelLimits {
  samples: number;
  gcMarks: number;
  topRows: number;
  leaks: number;
  scopes: number;
  rowsPerScope: number;
  treemapChildren: number;
}

export const DEFAULT_MODEL_LIMITS: ModelLimits = {
  samples: 700,
  gcMarks: 400,
  topRows: 10,
  leaks: 8,
  scopes: 10,
  rowsPerScope: 12,
  treemapChildren: 8,
};

export function runFacts(snapshot: Pick<Snapshot, "metadata">): RunFacts {
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

/** The snapshot without its records: what the models read besides the record columns. */
export type SnapshotSections = Omit<Snapshot, "allocations">;

/** The record columns and their per-record index for a snapshot's allocations. */
export function indexSnapshotRecords(snapshot: Pick<Snapshot, "allocations" | "relations">): RecordIndex {
  return indexRecordObjects(snapshot.allocations, snapshot.relations);
}

export function buildAnalysisModel(snapshot: Snapshot, limits: ModelLimits = DEFAULT_MODEL_LIMITS): AnalysisModel {
  return analysisModelFromIndex(snapshot, indexSnapshotRecords(snapshot), limits);
}

/** At most `limit` GC marks: within each stride of events, the most expensive collection (the one worth seeing). */
export function gcMarksOf(gcEvents: readonly GcEvent[], limit: number): GcMark[] {
  const gcMarks: GcMark[] = [];
  const gcStep = Math.max(1, Math.ceil(gcEvents.length / limit));
  for (let i = 0; i < gcEvents.length; i += gcStep) {
    let pick = gcEvents[i]!;
    for (let j = i + 1; j < Math.min(i + gcStep, gcEvents.length); j++) {
      if (gcEvents[j]!.duration_ms > pick.duration_ms) pick = gcEvents[j]!;
    }
    gcMarks.push({ time: pick.time, type: pick.type, duration_ms: pick.duration_ms, freed: Math.max(0, pick.heap_before - pick.heap_after) });
  }
  return gcMarks;
}

/** Of the dropped records, those left out by hot-site sampling (the rest hit the record cap). */
export function sampledRecordsOf(snapshot: Pick<Snapshot, "folded_sites">): number {
  return snapshot.folded_sites.reduce((sum, site) => sum + (site.sampled ?? 0), 0);
}

/** The dashboard's model from the snapshot's sections and its records' index (built once for both models). */
export function analysisModelFromIndex(snapshot: SnapshotSections, index: RecordIndex, limits: ModelLimits = DEFAULT_MODEL_LIMITS): AnalysisModel {
  const largest = topVariablesFromIndex(index, limits.topRows);
  const gcEvents = snapshot.gc.events;
  const gcMarks = gcMarksOf(gcEvents, limits.gcMarks);
  return {
    facts: runFacts(snapshot),
    summary: snapshot.summary,
    peakSource: peakSourceOf(snapshot, index.count),
    droppedRecords: snapshot.dropped_records,
    sampledRecords: sampledRecordsOf(snapshot),
    runtimeCounters: snapshot.metadata.runtime_counters ?? null,
    hierarchy: pruneHierarchy(snapshot.memory_hierarchy, limits.treemapChildren),
    samples: decimateSamples(snapshot.timeline, limits.samples),
    sampleCount: snapshot.timeline.length,
    gcAvailable: snapshot.gc.available,
    gcCount: gcEvents.length,
    gcMarks,
    histogram: histogramFromIndex(index),
    topVariables: largest,
    topSites: topSitesFromIndex(index, snapshot.folded_sites, limits.topRows),
    leaks: snapshot.leaks.slice(0, limits.leaks),
    leakCount: snapshot.leaks.length,
    precise: preciseCells(index, largest, snapshot.metadata.precise),
  };
}

// ---------------------------------------------------------------- lifecycle timeline

export interface LifetimeRow extends RecordRow {
  created: number;
  scopeExit: number | null;
  collected: number | null;
  scopeInstance: number;
  threadId: number;
  /** Holds an object counted under another record (alias target, move source). */
  sharedObject: boolean;
}

export interface ScopeMatrix {
  id: number;
  label: string;
  file: string;
  line: number;
  bytes: number;
  records: number;
  variables: number;
  invocations: number | null;
  completed: number | null;
  avgDurationMs: number | null;
  minDurationMs: number | null;
  maxDurationMs: number | null;
  rows: LifetimeRow[];
  moreRows: number;
  moreBytes: number;
  /** Bytes of the largest record in the scope: the progress bars' 100%. */
  largestBytes: number;
}

export interface RelationLink {
  kind: RelationKind;
  from: number;
  to: number;
  time: number;
}

/** One drawn lifetime of a lane: created → scope exit → end (null: alive at export). */
export interface LifetimeSpan {
  created: number;
  scopeExit: number | null;
  end: number | null;
}

/** One declaration inside a scope card: its records as a strip of lifetimes. */
export interface DeclarationLane {
  siteId: number;
  name: string;
  type: string;
  category: Category;
  subcategory: string;
  file: string;
  line: number;
  /** Its records in this scope (shared holders included). */
  records: number;
  /** Bytes of its objects, each once (0 for records holding another's object). */
  bytes: number;
  /** Smallest and largest of its objects (own measurements when every record holds another's object). */
  minBytes: number;
  maxBytes: number;
  alive: number;
  shared: number;
  /** At most LANE_SPANS of its records' lifetimes (all when fewer). */
  spans: LifetimeSpan[];
}

/** A relation listed inside a card: kind, the two declarations, how many times. */
export interface CardRelation {
  kind: RelationKind;
  fromName: string;
  fromLine: number;
  /** Where that end lives when not in this card (its scope's label), else null. */
  fromElsewhere: string | null;
  toName: string;
  toLine: number;
  toElsewhere: string | null;
  count: number;
}

export interface ScopeLanes {
  lanes: DeclarationLane[];
  moreLanes: number;
  moreLanesRecords: number;
  moreLanesBytes: number;
  relations: CardRelation[];
  moreRelations: number;
}

export interface TimelineModel {
  facts: RunFacts;
  /** Per shown scope (parallel to `scopes`): one lane per declaration, and its relations. */
  lanes: ScopeLanes[];
  totalRecords: number;
  totalBytes: number;
  scopes: ScopeMatrix[];
  otherScopes: { scopes: number; records: number; bytes: number };
  /** Relations whose both ends are drawn. */
  links: RelationLink[];
  relationCounts: Record<RelationKind, number>;
}

export function buildTimelineModel(snapshot: Snapshot, limits: ModelLimits = DEFAULT_MODEL_LIMITS): TimelineModel {
  return timelineModelFromIndex(snapshot, indexSnapshotRecords(snapshot), limits);
}

export function timelineModelFromIndex(snapshot: SnapshotSections, index: RecordIndex, limits: ModelLimits = DEFAULT_MODEL_LIMITS): TimelineModel {
  return { facts: runFacts(snapshot), ...timelineScopesFromIndex(index, snapshot.scopes, snapshot.relations, limits) };
}
