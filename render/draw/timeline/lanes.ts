/**
 * The lifecycle timeline's grouping: inside each shown scope card, one lane per
 * declaration (its records as a strip of lifetimes, their count and size range, bytes
 * with each object once), and the card's relations as a list (kind, from, to, count),
 * so nothing is drawn across cards. Per-record work is one pass over the shown scopes'
 * rows; a lane keeps a bounded sample of lifetimes (its largest and a spread in time).
 */
import type { Category } from "../../../format/protocol.js";
import type { Relation, RelationKind } from "../../../format/snapshot.js";
import type { ModelLimits } from "../model.js";
import type { RecordIndex } from "../../derive/record-index.js";
import { topBy } from "../../derive/top-by.js";

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
  /** Its records in this scope (shared holders included), each `weight` times. */
  records: number;
  /** Records, bytes and alive count include records with a weight above 1 (≈). */
  extrapolated: boolean;
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

/** Lifetimes drawn per lane at most. */
export const LANE_SPANS = 48;
/** Relation lines listed per card at most. */
export const CARD_RELATIONS = 6;

/** The first row of each wanted record id (a table by id when ids are small non-negative integers). */
export function rowsOfIds(index: RecordIndex, wanted: ReadonlySet<number>): Map<number, number> {
  const found = new Map<number, number>();
  if (wanted.size === 0) return found;
  const ids = index.columns.numbers.id;
  let max = -1;
  let dense = true;
  for (const id of wanted) {
    if (!(id >= 0) || id !== Math.floor(id)) dense = false;
    else if (id > max) max = id;
  }
  if (dense && max < 4 * index.count + 1024) {
    const table = new Uint8Array(max + 1);
    for (const id of wanted) table[id] = 1;
    for (let row = 0; row < index.count; row++) {
      const id = ids[row] as number;
      if (id >= 0 && id <= max && table[id] === 1) {
        table[id] = 0;
        found.set(id, row);
      }
    }
    return found;
  }
  for (let row = 0; row < index.count; row++) {
    const id = ids[row] as number;
    if (wanted.has(id) && !found.has(id)) found.set(id, row);
  }
  return found;
}

export function declarationLanesFromIndex(
  index: RecordIndex,
  shownSlots: readonly number[],
  relations: readonly Relation[],
  scopeLabels: readonly string[],
  limits: Pick<ModelLimits, "rowsPerScope">,
): ScopeLanes[] {
  const strings = index.columns.strings;
  const n = index.columns.numbers;
  const t = index.columns.texts;
  const shownAt = new Int32Array(index.scopeCount).fill(-1);
  shownSlots.forEach((slot, at) => (shownAt[slot] = at));
  const rowsBySite: Array<Map<number, number[]>> = shownSlots.map(() => new Map());
  for (let row = 0; row < index.count; row++) {
    const at = shownAt[index.scopeSlot[row] as number] as number;
    if (at < 0) continue;
    const bySite = rowsBySite[at] as Map<number, number[]>;
    const site = index.siteSlot[row] as number;
    const list = bySite.get(site);
    if (list) list.push(row);
    else bySite.set(site, [row]);
  }

  const bytesOf = (row: number): number => index.bytes[row] as number;
  const lanesOf = (bySite: Map<number, number[]>): DeclarationLane[] =>
    [...bySite.values()].map((rows) => {
      const first = rows[0] as number;
      let bytes = 0;
      let min = Infinity;
      let max = 0;
      let alive = 0;
      let shared = 0;
      let extrapolated = false;
      let values = 0;
      for (const row of rows) {
        const weight = index.weight[row] as number;
        values += weight;
        bytes += (index.objectBytes[row] as number) * weight;
        if (weight > 1) extrapolated = true;
        if (index.alive[row] === 1) alive += weight;
        if (index.shared[row] === 1) {
          shared++;
          continue;
        }
        // Object sizes as every other table counts them: the largest measurement among its holders.
        const size = index.objectBytes[row] as number;
        if (size < min) min = size;
        if (size > max) max = size;
      }
      // Only later holders of others' objects: their own measurements.
      if (shared === rows.length) {
        for (const row of rows) {
          min = Math.min(min, index.bytes[row] as number);
          max = Math.max(max, index.bytes[row] as number);
        }
      }
      let drawn = rows;
      if (rows.length > LANE_SPANS) {
        const picked = new Set(topBy(rows, LANE_SPANS / 2, bytesOf));
        const spread = LANE_SPANS - picked.size;
        for (let k = 0; k < spread; k++) picked.add(rows[Math.floor(((k + 0.5) * rows.length) / spread)] as number);
        drawn = [...picked].sort((a, b) => a - b);
      }
      const spans: LifetimeSpan[] = drawn.map((row) => {
        const exit = n.scopeExitTime[row] as number;
        const collected = n.collectedTime[row] as number;
        const isAlive = index.alive[row] === 1;
        return {
          created: n.allocationTime[row] as number,
          scopeExit: exit === exit ? exit : null,
          end: isAlive ? null : collected === collected ? collected : exit,
        };
      });
      return {
        siteId: n.siteId[first] as number,
        name: strings[t.variableName[first] as number] as string,
        type: strings[t.typeName[first] as number] as string,
        category: strings[t.category[first] as number] as Category,
        subcategory: strings[t.subcategory[first] as number] as string,
        file: strings[t.file[first] as number] as string,
        line: n.line[first] as number,
        records: values,
        bytes,
        extrapolated,
        minBytes: Number.isFinite(min) ? min : 0,
        maxBytes: max,
        alive,
        shared,
        spans,
      };
    });

  // Relations with an end in a shown scope, grouped per (kind, from declaration, to declaration).
  const ids = new Set<number>();
  for (const relation of relations) {
    ids.add(relation.from);
    ids.add(relation.to);
  }
  const rowOf = rowsOfIds(index, ids);
  const grouped: Array<Map<string, CardRelation>> = shownSlots.map(() => new Map());
  const describe = (row: number | undefined): { name: string; line: number; scope: number } | null =>
    row === undefined ? null : { name: strings[t.variableName[row] as number] as string, line: n.line[row] as number, scope: shownAt[index.scopeSlot[row] as number] as number };
  for (const relation of relations) {
    const fromRow = rowOf.get(relation.from);
    const toRow = rowOf.get(relation.to);
    const from = describe(fromRow);
    const to = describe(toRow);
    const cards = new Set([from?.scope ?? -1, to?.scope ?? -1].filter((at) => at >= 0));
    for (const at of cards) {
      const key = `${relation.kind} ${fromRow === undefined ? -1 : index.siteSlot[fromRow]} ${toRow === undefined ? -1 : index.siteSlot[toRow]}`;
      const map = grouped[at] as Map<string, CardRelation>;
      let entry = map.get(key);
      if (!entry) {
        const elsewhere = (end: typeof from): string | null => (end === null ? "a record not kept" : end.scope !== at ? (end.scope >= 0 ? (scopeLabels[end.scope] ?? null) : "another scope") : null);
        entry = {
          kind: relation.kind as RelationKind,
          fromName: from?.name ?? "?",
          fromLine: from?.line ?? 0,
          fromElsewhere: elsewhere(from),
          toName: to?.name ?? "?",
          toLine: to?.line ?? 0,
          toElsewhere: elsewhere(to),
          count: 0,
        };
        map.set(key, entry);
      }
      entry.count++;
    }
  }

  return rowsBySite.map((bySite, at) => {
    const all = lanesOf(bySite).sort((a, b) => b.bytes - a.bytes || b.records - a.records || a.siteId - b.siteId);
    const lanes = all.slice(0, limits.rowsPerScope);
    const rest = all.slice(limits.rowsPerScope);
    const cardRelations = [...(grouped[at] as Map<string, CardRelation>).values()].sort((a, b) => b.count - a.count);
    return {
      lanes,
      moreLanes: rest.length,
      moreLanesRecords: rest.reduce((sum, lane) => sum + lane.records, 0),
      moreLanesBytes: rest.reduce((sum, lane) => sum + lane.bytes, 0),
      relations: cardRelations.slice(0, CARD_RELATIONS),
      moreRelations: Math.max(0, cardRelations.length - CARD_RELATIONS),
    };
  });
}
