/**
 * The HTML report's embedded model: what the page needs to answer "which declaration
 * holds the most, what did it hold over time, who else names the same object", built
 * from the snapshot's sections and the records' index — never the raw records. Bounded:
 * one row per declaration and per scope, the full hierarchy (one leaf per declaration),
 * and a sample of at most INSTANCE_BUDGET instances (a few per declaration). Strings go
 * through one table, so a file path or a type text is stored once.
 *
 * Every figure is computed by the same functions as the SVGs and the JSON: the cards'
 * texts (metricCards), leaks (snapshot.leaks), the hierarchy (hierarchyFromIndex, not
 * folded), per-declaration records and bytes (topVariablesFromIndex), per-scope totals
 * (scopeTotalsFromIndex). Only what no other report shows is derived here: a
 * declaration's live bytes over time (its peak) and its instance sample.
 */
import type { HierarchyNode, LeakCandidate, RelationKind, ScopeRecord, Snapshot } from "../../format/snapshot.js";
import { hierarchyFromIndex } from "../derive/hierarchy.js";
import { rowsOfIds } from "../draw/timeline/lanes.js";
import { topVariablesFromIndex } from "../draw/analysis/rows.js";
import { scopeFacts, scopeTotalsFromIndex } from "../draw/timeline/model.js";
import { decimateSamples, gcMarksOf, sampledRecordsOf, type GcMark, type SamplePoint } from "../draw/analysis/model.js";
import { runFacts, type RunFacts } from "../draw/model.js";
import { peakSourceOf } from "../derive/summary.js";
import type { RecordIndex } from "../derive/record-index.js";
import { scopeKey } from "../derive/record-objects.js";
import { runtimeCounterNotes } from "../derive/runtime-notes.js";
import { metricCards, type CardSpec } from "../draw/analysis/svg.js";
import { sampleInstances, type InstanceColumns } from "./instances.js";

export type { InstanceColumns } from "./instances.js";
import { siteSeries, SERIES_BUCKETS } from "./site-series.js";

export const HTML_MODEL_VERSION = 1;
/** Instances kept over all declarations (a few per declaration, the largest and a spread over time). */
export const INSTANCE_BUDGET = 40_000;
/** Instances kept per declaration at most (fewer when there are many declarations). */
export const INSTANCES_PER_SITE = 32;
/** Relation groups (kind × other declaration) listed per declaration. */
export const RELATION_GROUPS_PER_SITE = 24;
/** Heap samples and GC marks for the zoomable overview chart. */
export const HTML_SAMPLES = 2_000;
export const HTML_GC_MARKS = 1_000;

/** A string-table reference. */
export type Str = number;

export interface SiteModel {
  siteId: number;
  name: Str;
  type: Str;
  category: Str;
  subcategory: Str;
  file: Str;
  line: number;
  /** Index into `scopes`, -1 when its scope is unknown. */
  scope: number;
  /** Records kept at the declaration (shared holders included). */
  records: number;
  /** Of them, later holders of an object first registered elsewhere (their bytes count there). */
  shared: number;
  /** Of the shared holders, those alive at export, and their bytes (counted at the object's first record). */
  sharedAlive: number;
  sharedAliveBytes: number;
  /** Registrations counted without a record (hot-site sampling, the record cap). */
  folded: number;
  /** Its alive, liveBytes, bytes, peakBytes and series count records kept 1 in N by hot-site sampling for the N values each stands for (≈). */
  extrapolated: boolean;
  /** Objects alive at export (each record `weight` times). */
  alive: number;
  /** Bytes of its objects alive at export (each object once, `weight` times). */
  liveBytes: number;
  /** Bytes of all its objects (each once): its treemap tile. */
  bytes: number;
  /** Maximum over the run of liveBytes, rebuilt from its records' events. */
  peakBytes: number;
  minBytes: number;
  largestBytes: number;
  /** Indices into `leaks`. */
  leaks: number[];
  /** Range of its sampled instances in `instances`. */
  instanceStart: number;
  instanceCount: number;
  /** Its live bytes over the run: SERIES_BUCKETS maxima, one per equal slice of [0, duration]. */
  series: number[];
  /** Relation groups: [kind, direction (1 = this site holds the first record), other site index, count]. */
  relations: Array<[RelationKind, 0 | 1, number, number]>;
}

export interface ScopeModel {
  id: number;
  threadId: number;
  label: Str;
  file: Str;
  line: number;
  invocations: number | null;
  completed: number | null;
  timed: number | null;
  totalDurationMs: number | null;
  avgDurationMs: number | null;
  minDurationMs: number | null;
  maxDurationMs: number | null;
  bytes: number;
  records: number;
  variables: number;
  /** Parent scope index, -1 when none. */
  parent: number;
}

/** Hierarchy nodes: [name, bytes, count, children]; leaves (declarations): [site index, bytes, count]. */
export type TreeNode = [Str, number, number, TreeNode[]] | [number, number, number];

export interface DiffRowModel {
  label: Str;
  type: Str;
  base: [number, number, number];
  head: [number, number, number];
  newLeaks: number;
  /** Growth and change of live bytes, as `memscope diff` prints them. */
  growth: string;
  change: string;
  /** Either side counts hot-site samples for the values they stand for: growth and change carry ≈. */
  extrapolated: boolean;
  /** Index of the head declaration with this file:line and name, -1 when none. */
  site: number;
}

export interface DiffModel {
  baseName: Str;
  headName: Str;
  baseFacts: RunFacts;
  base: [number, number, number];
  head: [number, number, number];
  newLeaks: number;
  /** null for "new" (infinite growth: base had no live bytes). */
  growthPercent: number | null;
  growth: string;
  change: string;
  /** Either snapshot's live figures are extrapolated from hot-site samples (≈). */
  extrapolated: boolean;
  gate: { thresholdPercent: number; failed: boolean } | null;
  sites: DiffRowModel[];
  siteRowsChanged: number;
  types: DiffRowModel[];
  typeRowsChanged: number;
  /** Head leak candidates at sites where base had none of that kind (indices into `leaks`). */
  newLeakCandidates: number[];
}

export interface HtmlModel {
  version: number;
  strings: string[];
  facts: RunFacts;
  toolVersion: string;
  cards: CardSpec[];
  totals: { records: number; bytes: number; liveBytes: number; sites: number; scopes: number; relations: Record<RelationKind, number>; dropped: number; sampled: number };
  notes: string[];
  samples: SamplePoint[];
  sampleCount: number;
  gcAvailable: boolean;
  gcCount: number;
  gcMarks: GcMark[];
  leaks: Array<LeakCandidate & { site: number }>;
  sites: SiteModel[];
  seriesBuckets: number;
  instances: InstanceColumns;
  scopes: ScopeModel[];
  tree: TreeNode;
  /** Present in a precise run: the tree's bytes are exact retained bytes, each counted once (HierarchyNode.measure). */
  treeMeasure?: "precise_exclusive";
  /** What was left out to keep the file bounded, as sentences. */
  bounds: string[];
  diff: DiffModel | null;
}

/** The snapshot without its records. */
export type ReportSections = Omit<Snapshot, "allocations">;

export class StringTable {
  readonly strings: string[] = [];
  private readonly ids = new Map<string, number>();
  id(text: string): Str {
    let found = this.ids.get(text);
    if (found === undefined) {
      found = this.strings.length;
      this.strings.push(text);
      this.ids.set(text, found);
    }
    return found;
  }
}

export function buildHtmlModel(snapshot: ReportSections, index: RecordIndex, table = new StringTable()): HtmlModel {
  // The analysis SVG's figures, with more samples and marks for a chart that zooms.
  const analysis = {
    facts: runFacts(snapshot),
    summary: snapshot.summary,
    peakSource: peakSourceOf(snapshot, index.count),
    samples: decimateSamples(snapshot.timeline, HTML_SAMPLES),
    sampleCount: snapshot.timeline.length,
    gcMarks: gcMarksOf(snapshot.gc.events, HTML_GC_MARKS),
    gcCount: snapshot.gc.events.length,
    gcAvailable: snapshot.gc.available,
    runtimeCounters: snapshot.metadata.runtime_counters ?? null,
    sampledRecords: sampledRecordsOf(snapshot),
  };
  const strings = index.columns.strings;
  const n = index.columns.numbers;
  const t = index.columns.texts;

  // Scopes: every slot with records, then every scope record with none.
  const { totals } = scopeTotalsFromIndex(index);
  const scopeRecords = new Map<number, ScopeRecord>(snapshot.scopes.map((s) => [scopeKey(s.thread_id, s.id), s]));
  const scopes: ScopeModel[] = [];
  const scopeIndexOf = new Map<number, number>();
  const addScope = (id: number, threadId: number, record: ScopeRecord | undefined, acc?: { bytes: number; records: number; variables: number }): number => {
    const facts = scopeFacts(record, id);
    scopeIndexOf.set(scopeKey(threadId, id), scopes.length);
    scopes.push({
      id,
      threadId,
      label: table.id(facts.label),
      file: table.id(facts.file),
      line: facts.line,
      invocations: facts.invocations,
      completed: facts.completed,
      timed: record ? (record.timed_invocations ?? record.completed) : null,
      totalDurationMs: record && record.completed > 0 ? record.total_duration_ms : null,
      avgDurationMs: facts.avgDurationMs,
      minDurationMs: facts.minDurationMs,
      maxDurationMs: facts.maxDurationMs,
      bytes: acc?.bytes ?? 0,
      records: acc?.records ?? 0,
      variables: acc?.variables ?? 0,
      parent: -1,
    });
    return scopes.length - 1;
  };
  const scopeOfSlot = new Int32Array(index.scopeCount);
  for (const acc of totals) scopeOfSlot[acc.slot] = addScope(acc.id, acc.threadId, scopeRecords.get(scopeKey(acc.threadId, acc.id)), acc);
  for (const record of snapshot.scopes) if (!scopeIndexOf.has(scopeKey(record.thread_id, record.id))) addScope(record.id, record.thread_id, record);
  for (const scope of scopes) {
    const record = scopeRecords.get(scopeKey(scope.threadId, scope.id));
    if (record && record.parent_id !== null) scope.parent = scopeIndexOf.get(scopeKey(record.thread_id, record.parent_id)) ?? -1;
  }

  // Declarations: the dashboard's per-site rows (records, bytes, largest), plus live bytes, peak and series.
  const variableRows = topVariablesFromIndex(index, index.siteCount, snapshot.metadata.precise);
  const rowOfSiteId = new Map(variableRows.map((row) => [row.siteId, row]));
  const series = siteSeries(index, snapshot.metadata.duration_ms);
  const foldedBySite = new Map<number, number>();
  for (const folded of snapshot.folded_sites) foldedBySite.set(folded.site_id, (foldedBySite.get(folded.site_id) ?? 0) + folded.count);
  const { records, shared, sharedAlive, sharedAliveBytes, liveBytes, minBytes } = siteTotals(index);
  const sample = sampleInstances(index, Math.max(4, Math.min(INSTANCES_PER_SITE, Math.floor(INSTANCE_BUDGET / Math.max(1, index.siteCount)))));
  const sites: SiteModel[] = [];
  for (let slot = 0; slot < index.siteCount; slot++) {
    const first = index.siteFirstRow[slot] as number;
    const siteId = n.siteId[first] as number;
    const variable = rowOfSiteId.get(siteId);
    sites.push({
      siteId,
      name: table.id(strings[t.variableName[first] as number] as string),
      type: table.id(strings[t.typeName[first] as number] as string),
      category: table.id(strings[t.category[first] as number] as string),
      subcategory: table.id(strings[t.subcategory[first] as number] as string),
      file: table.id(strings[t.file[first] as number] as string),
      line: n.line[first] as number,
      scope: scopeOfSlot[index.scopeSlot[first] as number] as number,
      records: records[slot] as number,
      shared: shared[slot] as number,
      sharedAlive: sharedAlive[slot] as number,
      sharedAliveBytes: sharedAliveBytes[slot] as number,
      folded: foldedBySite.get(siteId) ?? 0,
      extrapolated: variable?.extrapolated ?? false,
      alive: variable?.alive ?? 0,
      liveBytes: liveBytes[slot] as number,
      bytes: variable?.totalBytes ?? 0,
      peakBytes: series.peak[slot] as number,
      minBytes: Number.isFinite(minBytes[slot] as number) ? (minBytes[slot] as number) : 0,
      largestBytes: variable ? Math.max(0, variable.largestBytes) : 0,
      leaks: [],
      instanceStart: sample.start[slot] as number,
      instanceCount: sample.count[slot] as number,
      series: roundedSlice(series.values, slot * SERIES_BUCKETS, SERIES_BUCKETS),
      relations: [],
    });
  }

  // Relations: grouped per declaration pair, and per sampled instance.
  const relationCounts: Record<RelationKind, number> = { alias: 0, move: 0, clone: 0 };
  const neededIds = new Set<number>();
  for (const relation of snapshot.relations) {
    relationCounts[relation.kind]++;
    neededIds.add(relation.from);
    neededIds.add(relation.to);
  }
  for (const leak of snapshot.leaks) neededIds.add(leak.record_id);
  const rowOfId = rowsOfIds(index, neededIds);
  const siteOfId = (id: number): number => {
    const row = rowOfId.get(id);
    return row === undefined ? -1 : (index.siteSlot[row] as number);
  };
  const groups = new Map<number, [RelationKind, 0 | 1, number, number]>();
  const groupsOf: Array<Array<[RelationKind, 0 | 1, number, number]>> = sites.map(() => []);
  const instanceAt = new Map<number, number>();
  sample.ids.forEach((id, at) => instanceAt.set(id, at));
  const instanceRelations: InstanceColumns["relations"] = sample.ids.map(() => 0);
  const addInstanceRelation = (id: number, entry: [RelationKind, 0 | 1, number, number]): void => {
    const at = instanceAt.get(id);
    if (at === undefined) return;
    let list = instanceRelations[at];
    if (list === 0 || list === undefined) instanceRelations[at] = list = [];
    if (list.length < 8) list.push(entry);
  };
  for (const relation of snapshot.relations) {
    const fromSite = siteOfId(relation.from);
    const toSite = siteOfId(relation.to);
    for (const [site, direction, other] of [
      [fromSite, 1, toSite],
      [toSite, 0, fromSite],
    ] as const) {
      if (site < 0) continue;
      // A number, not a string: tens of thousands of relations build no key text.
      const key = ((site * 3 + RELATION_KIND_CODE[relation.kind]) * 2 + direction) * (sites.length + 1) + (other + 1);
      let group = groups.get(key);
      if (!group) {
        group = [relation.kind, direction, other, 0];
        groups.set(key, group);
        (groupsOf[site] as Array<[RelationKind, 0 | 1, number, number]>).push(group);
      }
      group[3]++;
    }
    addInstanceRelation(relation.from, [relation.kind, 1, relation.to, toSite]);
    addInstanceRelation(relation.to, [relation.kind, 0, relation.from, fromSite]);
  }
  let relationGroupsLeftOut = 0;
  groupsOf.forEach((list, site) => {
    list.sort((a, b) => b[3] - a[3] || a[2] - b[2]);
    relationGroupsLeftOut += Math.max(0, list.length - RELATION_GROUPS_PER_SITE);
    (sites[site] as SiteModel).relations = list.slice(0, RELATION_GROUPS_PER_SITE);
  });

  const leaks = snapshot.leaks.map((leak, at) => {
    const site = siteOfId(leak.record_id);
    if (site >= 0) (sites[site] as SiteModel).leaks.push(at);
    return { ...leak, site };
  });

  const bounds: string[] = [];
  if (sample.kept < index.count) {
    bounds.push(
      `Instances: ${sample.kept.toLocaleString("en-US")} of ${index.count.toLocaleString("en-US")} records are embedded one by one (per declaration up to ${sample.perSite}: its largest, then a spread over time); every figure counts all records.`,
    );
  }
  if (relationGroupsLeftOut > 0) bounds.push(`Relations: ${relationGroupsLeftOut.toLocaleString("en-US")} smaller relation groups left out (at most ${RELATION_GROUPS_PER_SITE} per declaration).`);
  if (analysis.sampleCount > analysis.samples.length) bounds.push(`Heap chart: ${analysis.samples.length.toLocaleString("en-US")} of ${analysis.sampleCount.toLocaleString("en-US")} samples (per-slice maxima).`);
  if (analysis.gcCount > analysis.gcMarks.length) bounds.push(`GC marks: ${analysis.gcMarks.length.toLocaleString("en-US")} of ${analysis.gcCount.toLocaleString("en-US")} collections (the longest per stride).`);

  const siteOfSiteId = new Map(sites.map((site, at) => [site.siteId, at]));
  const totalBytes = sites.reduce((sum, site) => sum + site.bytes, 0);
  const hierarchy = hierarchyFromIndex(index, { variablesPerType: Infinity, typesPerSubcategory: Infinity });
  return {
    version: HTML_MODEL_VERSION,
    strings: table.strings,
    facts: analysis.facts,
    toolVersion: snapshot.metadata.tool_version,
    cards: metricCards(analysis),
    totals: {
      records: index.count,
      bytes: totalBytes,
      liveBytes: sites.reduce((sum, site) => sum + site.liveBytes, 0),
      sites: sites.length,
      scopes: scopes.length,
      relations: relationCounts,
      dropped: snapshot.dropped_records,
      sampled: analysis.sampledRecords,
    },
    notes: [
      ...(snapshot.summary.no_records_reason === undefined ? [] : [snapshot.summary.no_records_reason]),
      ...(analysis.runtimeCounters ? runtimeCounterNotes(analysis.runtimeCounters) : []),
    ],
    samples: analysis.samples,
    sampleCount: analysis.sampleCount,
    gcAvailable: analysis.gcAvailable,
    gcCount: analysis.gcCount,
    gcMarks: analysis.gcMarks,
    leaks,
    sites,
    seriesBuckets: SERIES_BUCKETS,
    instances: { ...sample.columns, relations: instanceRelations },
    scopes,
    tree: treeOf(hierarchy, siteOfSiteId, table),
    ...(hierarchy.measure === undefined ? {} : { treeMeasure: hierarchy.measure }),
    bounds,
    diff: null,
  };
}

const RELATION_KIND_CODE: Record<RelationKind, number> = { alias: 0, move: 1, clone: 2 };

interface SiteTotals {
  records: Int32Array;
  shared: Int32Array;
  sharedAlive: Int32Array;
  sharedAliveBytes: Float64Array;
  liveBytes: Float64Array;
  /** Infinity for a declaration with shared holders only. */
  minBytes: Float64Array;
}

/** One pass over the rows (a function of its own, so V8 optimises the loop by itself). */
function siteTotals(index: RecordIndex): SiteTotals {
  const sites = index.siteCount;
  const records = new Int32Array(sites);
  const shared = new Int32Array(sites);
  const sharedAlive = new Int32Array(sites);
  const sharedAliveBytes = new Float64Array(sites);
  const liveBytes = new Float64Array(sites);
  const minBytes = new Float64Array(sites).fill(Infinity);
  const { siteSlot, alive, bytes, objectBytes, weight } = index;
  const isShared = index.shared;
  for (let row = 0; row < index.count; row++) {
    const slot = siteSlot[row] as number;
    records[slot]!++;
    if (isShared[row] === 1) {
      shared[slot]!++;
      if (alive[row] === 1) {
        sharedAlive[slot]!++;
        sharedAliveBytes[slot]! += bytes[row] as number;
      }
      continue;
    }
    const held = objectBytes[row] as number;
    // A sampled record stands for `weight` values of its declaration.
    if (alive[row] === 1) liveBytes[slot]! += held * (weight[row] as number);
    if (held < (minBytes[slot] as number)) minBytes[slot] = held;
  }
  return { records, shared, sharedAlive, sharedAliveBytes, liveBytes, minBytes };
}

function roundedSlice(values: Float64Array, from: number, length: number): number[] {
  const out = new Array<number>(length);
  for (let i = 0; i < length; i++) out[i] = Math.round(values[from + i] as number);
  return out;
}

function treeOf(node: HierarchyNode, siteOfSiteId: Map<number, number>, table: StringTable): TreeNode {
  if (node.level === "variable") return [siteOfSiteId.get(node.site_id ?? -1) ?? -1, node.bytes, node.count];
  return [table.id(node.name), node.bytes, node.count, (node.children ?? []).map((child) => treeOf(child, siteOfSiteId, table))];
}
