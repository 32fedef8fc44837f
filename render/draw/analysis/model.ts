/**
 * What each SVG worker needs, aggregated on the main thread: bounded in size whatever
 * the record count (top N, decimated samples, histogram bins), so a million records
 * are never copied to a worker.
 */
import type {
  GcEvent,
  HierarchyNode,
  LeakCandidate,
  RuntimeCounters,
  Snapshot,
  Summary,
} from "../../../format/snapshot.js";
import { preciseCells, type PreciseCell } from "./precise-cells.js";
import type { PeakSource } from "../../derive/metrics.js";
import { peakSourceOf } from "../../derive/summary.js";
import { histogramFromIndex, nameSiteRows, topSitesFromIndex, topVariablesFromIndex, type HistogramBin, type NameSiteRow, type SiteRow, type VariableRow } from "./rows.js";
import type { RecordIndex } from "../../derive/record-index.js";
import { DEFAULT_MODEL_LIMITS, indexSnapshotRecords, runFacts, type ModelLimits, type RunFacts, type SnapshotSections } from "../model.js";
import { exportNotes } from "../../derive/runtime-notes.js";

export type { HistogramBin, SiteRow, VariableRow };

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

export interface AnalysisModel {
  facts: RunFacts;
  summary: Summary;
  peakSource: PeakSource;
  droppedRecords: number;
  /** Of `droppedRecords`, those left out by hot-site sampling (the rest hit the record cap). */
  sampledRecords: number;
  /** What the runtime counted instead of recording; null from writers that did not report them. */
  runtimeCounters: RuntimeCounters | null;
  /** exportNotes of the snapshot's metadata (liveness not settled, precise mode unavailable). */
  exportNotes: string[];
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
  /** Declarations that only name existing values (reads, string literals), most registrations first, at most 3. */
  nameSites: NameSiteRow[];
  nameSiteCount: number;
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
        ...(rest.some((c) => c.extrapolated) ? { extrapolated: true } : {}),
      },
    );
  }
  return copy;
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
  const largest = topVariablesFromIndex(index, limits.topRows, snapshot.metadata.precise);
  const nameSites = nameSiteRows(index, snapshot.variable_sites ?? [], snapshot.folded_sites);
  const gcEvents = snapshot.gc.events;
  const gcMarks = gcMarksOf(gcEvents, limits.gcMarks);
  return {
    facts: runFacts(snapshot),
    summary: snapshot.summary,
    peakSource: peakSourceOf(snapshot, index.count),
    droppedRecords: snapshot.dropped_records,
    sampledRecords: sampledRecordsOf(snapshot),
    runtimeCounters: snapshot.metadata.runtime_counters ?? null,
    exportNotes: exportNotes(snapshot.metadata),
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
    nameSites: nameSites.slice(0, 3),
    nameSiteCount: nameSites.length,
  };
}

