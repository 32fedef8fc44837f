/**
 * The lifecycle timeline's scope matrix over the record columns: scopes ranked by the
 * bytes they hold, and for each shown scope the rows to draw (every declaration's
 * largest record first, then the largest records overall). Per-record work indexes the
 * dense scope and site slots; only the shown scopes get a second look.
 */
import type { RelationKind, Relation, ScopeRecord, Snapshot } from "../../../format/snapshot.js";
import type { Category } from "../../../format/protocol.js";
import { DEFAULT_MODEL_LIMITS, indexSnapshotRecords, runFacts, type ModelLimits, type RecordRow, type RunFacts, type SnapshotSections } from "../model.js";
import type { RecordIndex } from "../../derive/record-index.js";
import { scopeKey } from "../../derive/record-objects.js";
import { topBy } from "../../derive/top-by.js";
import { declarationLanesFromIndex, type ScopeLanes } from "./lanes.js";

export type { CardRelation, DeclarationLane, LifetimeSpan, ScopeLanes } from "./lanes.js";

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
  /** Its bytes and records count hot-site samples for the values they stand for (≈). */
  extrapolated: boolean;
}

export interface RelationLink {
  kind: RelationKind;
  from: number;
  to: number;
  time: number;
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

/** Function name, or "<anonymous> file:line" so an anonymous scope can still be found. */
export function scopeDisplayName(name: string, file: string, line: number): string {
  if (name === "<anonymous>" || name === "") return `<anonymous> ${file}:${line}`;
  return name;
}

/** What a scope slot (thread, scope site) holds: every object counted once, every declaration that held one. */
export interface ScopeTotals {
  slot: number;
  id: number;
  threadId: number;
  bytes: number;
  records: number;
  variables: number;
  largest: number;
  /** Its bytes and records include records with a weight above 1 (≈). */
  extrapolated: boolean;
}

export type TimelineScopes = Omit<TimelineModel, "facts">;

/** Per scope slot of the index: bytes (objects once), records (each `weight` times), distinct declarations, largest record. */
export function scopeTotalsFromIndex(index: RecordIndex): { totals: ScopeTotals[]; totalBytes: number } {
  const { scopeId, threadId } = index.columns.numbers;
  const totals: ScopeTotals[] = [];
  for (let slot = 0; slot < index.scopeCount; slot++) {
    const first = index.scopeFirstRow[slot] as number;
    totals.push({ slot, id: scopeId[first] as number, threadId: threadId[first] as number, bytes: 0, records: 0, variables: 0, largest: 0, extrapolated: false });
  }
  // Distinct (scope, declaration) pairs count each scope's variables.
  const pairs = new Set<number>();
  let lastPair = -1;
  let totalBytes = 0;
  for (let row = 0; row < index.count; row++) {
    const slot = index.scopeSlot[row] as number;
    const acc = totals[slot] as ScopeTotals;
    // Totals count each object once; the rows still show every variable that held it.
    const weight = index.weight[row] as number;
    const counted = (index.objectBytes[row] as number) * weight;
    acc.bytes += counted;
    acc.records += weight;
    if (weight > 1) acc.extrapolated = true;
    const pair = slot * index.siteCount + (index.siteSlot[row] as number);
    if (pair !== lastPair) {
      if (!pairs.has(pair)) {
        pairs.add(pair);
        acc.variables++;
      }
      lastPair = pair;
    }
    const bytes = index.bytes[row] as number;
    if (bytes > acc.largest) acc.largest = bytes;
    totalBytes += counted;
  }
  return { totals, totalBytes };
}

/** A scope card's header facts from its scope record (null fields when the runtime sent none). */
export function scopeFacts(scope: ScopeRecord | undefined, id: number): Pick<ScopeMatrix, "label" | "file" | "line" | "invocations" | "completed" | "avgDurationMs" | "minDurationMs" | "maxDurationMs"> {
  return {
    label: scope ? scopeDisplayName(scope.name, scope.file, scope.line) : id < 0 ? "outside any tracked scope" : `scope #${id}`,
    file: scope?.file ?? "",
    line: scope?.line ?? 0,
    invocations: scope ? scope.invocations : null,
    completed: scope ? scope.completed : null,
    avgDurationMs: scope && scope.completed > 0 ? scope.total_duration_ms / scope.completed : null,
    minDurationMs: scope ? scope.min_duration_ms : null,
    maxDurationMs: scope ? scope.max_duration_ms : null,
  };
}

export function timelineScopesFromIndex(
  index: RecordIndex,
  scopes: readonly ScopeRecord[],
  relations: readonly Relation[],
  limits: ModelLimits,
): TimelineScopes {
  const { id } = index.columns.numbers;
  const { totals, totalBytes } = scopeTotalsFromIndex(index);
  const ranked = [...totals].sort((a, b) => b.bytes - a.bytes || b.records - a.records || a.threadId - b.threadId || a.id - b.id);
  const shown = ranked.slice(0, limits.scopes);

  // Second look, at the shown scopes only: their rows, and each declaration's largest row.
  const shownAt = new Int32Array(index.scopeCount).fill(-1);
  shown.forEach((acc, at) => (shownAt[acc.slot] = at));
  const rowsOf: number[][] = shown.map(() => []);
  const bestOfSite: Int32Array[] = shown.map(() => new Int32Array(index.siteCount).fill(-1));
  const siteOrder: number[][] = shown.map(() => []);
  for (let row = 0; row < index.count; row++) {
    const at = shownAt[index.scopeSlot[row] as number] as number;
    if (at < 0) continue;
    (rowsOf[at] as number[]).push(row);
    const best = bestOfSite[at] as Int32Array;
    const site = index.siteSlot[row] as number;
    const current = best[site] as number;
    if (current < 0) {
      best[site] = row;
      (siteOrder[at] as number[]).push(site);
    } else if ((index.bytes[row] as number) > (index.bytes[current] as number)) {
      best[site] = row;
    }
  }

  const scopeRecords = new Map(scopes.map((s) => [scopeKey(s.thread_id, s.id), s]));
  const bytesOf = (row: number): number => index.bytes[row] as number;
  const matrices: ScopeMatrix[] = shown.map((acc, at) => {
    const best = bestOfSite[at] as Int32Array;
    const chosen = topBy(
      (siteOrder[at] as number[]).map((site) => best[site] as number),
      limits.rowsPerScope,
      bytesOf,
    );
    const ids = new Set(chosen.map((row) => id[row] as number));
    for (const row of topBy(rowsOf[at] as number[], limits.rowsPerScope, bytesOf)) {
      if (chosen.length >= limits.rowsPerScope) break;
      if (!ids.has(id[row] as number)) chosen.push(row);
    }
    chosen.sort((a, b) => bytesOf(b) - bytesOf(a) || (id[a] as number) - (id[b] as number));
    const rows = chosen.map((row) => lifetimeRow(index, row));
    let rowBytes = 0;
    for (const row of chosen) rowBytes += (index.objectBytes[row] as number) * (index.weight[row] as number);
    const scope = scopeRecords.get(scopeKey(acc.threadId, acc.id));
    const facts = scopeFacts(scope, acc.id);
    return {
      id: acc.id,
      label: facts.label,
      file: facts.file,
      line: facts.line,
      bytes: acc.bytes,
      records: acc.records,
      variables: acc.variables,
      invocations: facts.invocations,
      completed: facts.completed,
      avgDurationMs: facts.avgDurationMs,
      minDurationMs: facts.minDurationMs,
      maxDurationMs: facts.maxDurationMs,
      rows,
      moreRows: acc.records - rows.length,
      moreBytes: Math.max(0, acc.bytes - rowBytes),
      largestBytes: acc.largest,
      extrapolated: acc.extrapolated,
    };
  });
  const rest = ranked.slice(limits.scopes);
  const drawn = new Set<number>();
  for (const scope of matrices) for (const row of scope.rows) drawn.add(row.id);
  const relationCounts: Record<RelationKind, number> = { alias: 0, move: 0, clone: 0 };
  const links: RelationLink[] = [];
  for (const relation of relations) {
    relationCounts[relation.kind]++;
    if (drawn.has(relation.from) && drawn.has(relation.to) && links.length < 200) {
      links.push({ kind: relation.kind, from: relation.from, to: relation.to, time: relation.time });
    }
  }
  return {
    lanes: declarationLanesFromIndex(index, shown.map((acc) => acc.slot), relations, matrices.map((m) => m.label), limits),
    totalRecords: index.count,
    totalBytes,
    scopes: matrices,
    otherScopes: {
      scopes: rest.length,
      records: rest.reduce((sum, s) => sum + s.records, 0),
      bytes: rest.reduce((sum, s) => sum + s.bytes, 0),
    },
    links,
    relationCounts,
  };
}

function nullable(value: number): number | null {
  return value === value ? value : null;
}

/** One drawn record, in the field order of models.ts's recordRow + LifetimeRow. */
function lifetimeRow(index: RecordIndex, row: number): LifetimeRow {
  const strings = index.columns.strings;
  const n = index.columns.numbers;
  const t = index.columns.texts;
  return {
    id: n.id[row] as number,
    name: strings[t.variableName[row] as number] as string,
    type: strings[t.typeName[row] as number] as string,
    category: strings[t.category[row] as number] as Category,
    subcategory: strings[t.subcategory[row] as number] as string,
    file: strings[t.file[row] as number] as string,
    line: n.line[row] as number,
    bytes: index.bytes[row] as number,
    alive: index.alive[row] === 1,
    created: n.allocationTime[row] as number,
    scopeExit: nullable(n.scopeExitTime[row] as number),
    collected: nullable(n.collectedTime[row] as number),
    scopeInstance: n.scopeInstance[row] as number,
    threadId: n.threadId[row] as number,
    sharedObject: index.shared[row] === 1,
  };
}
