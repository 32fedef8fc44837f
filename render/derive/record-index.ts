/**
 * What every derivation needs per record, computed once over the record columns: bytes,
 * per-object bytes (records.ts's objectBytes), aliveness (isAliveAtExport), and dense
 * slots for the record's variable site and scope so the models index arrays instead of
 * looking up a Map per record. Same definitions as records.ts, on columns.
 */
import type { AllocationRecord, RawSnapshot, Relation } from "../../format/snapshot.js";
import { columnsFromRecords, type RecordColumns } from "../read/record-columns.js";
import { scopeKey } from "./record-objects.js";

export interface RecordIndex {
  columns: RecordColumns;
  count: number;
  /** size_bytes + external_bytes (recordBytes). */
  bytes: Float64Array;
  /** objectBytes: the largest measurement among an object's holders on its first record, 0 on shared holders. */
  objectBytes: Float64Array;
  /**
   * 1 for a record that adds nothing: a later registration of an object first registered
   * as another record, or a name of an existing value (a `reads` / `literal_string` site).
   */
  shared: Uint8Array;
  /** 1 for a record of a site whose initializer names an existing value (never a holder a leak is reported under). */
  name: Uint8Array;
  /** First record id → rows of the later records holding the same object (row order). */
  laterHolders: Map<number, number[]>;
  /**
   * Values each record stands for (`weight`; hot-site sampling keeps 1 in N past a
   * site's budget): every count adds it, every byte figure adds objectBytes × weight.
   */
  weight: Float64Array;
  /** Some record counted in a figure has a weight above 1: those figures are extrapolated (≈). */
  weighted: boolean;
  /** 1 when alive at export (recordEndTime null). */
  alive: Uint8Array;
  /** Dense variable-site slot per row, numbered in order of first appearance. */
  siteSlot: Int32Array;
  /** First row of each site slot. */
  siteFirstRow: Int32Array;
  siteCount: number;
  /** Dense scope slot (thread, scope site) per row, in order of first appearance. */
  scopeSlot: Int32Array;
  scopeFirstRow: Int32Array;
  scopeCount: number;
  /** String-table id of "string" and "collection" (-1 when absent). */
  stringCategory: number;
  collectionCategory: number;
  /** Row → size_history. */
  history: Map<number, Array<[number, number]>>;
}

/** Dense lookup tables by id are used when the ids are non-negative integers below this many per record. */
const DENSE_SPREAD = 4;

/** Max + 1 of non-negative integer values, or -1 when one is not (then a Map is used instead). */
function denseLimit(values: Float64Array, n: number): number {
  let max = -1;
  for (let row = 0; row < n; row++) {
    const value = values[row] as number;
    if (!(value >= 0) || value !== Math.floor(value)) return -1;
    if (value > max) max = value;
  }
  return max + 1 <= DENSE_SPREAD * n + 1024 ? max + 1 : -1;
}

/** Sites whose records name values that existed before (initializer `reads` or `literal_string`). */
export type NameSites = ReadonlySet<number>;
export const NO_NAME_SITES: NameSites = new Set();

export function nameSitesOf(raw: Pick<RawSnapshot, "variable_sites">): NameSites {
  const sites = raw.variable_sites;
  if (!sites || sites.length === 0) return NO_NAME_SITES;
  const names = new Set<number>();
  for (const site of sites) if (site.initializer === "reads" || site.initializer === "literal_string") names.add(site.site_id);
  return names;
}

/**
 * "Each object counts once", for every derivation: a record adds bytes only if it is
 * neither a later holder of an object (alias `to` / move `to` of a relation) nor a name
 * of an existing value (`nameSites`); the object's bytes are the largest measurement
 * among its holders, on its first record, and count as many times as that record's
 * weight (the values it stands for under hot-site sampling).
 */
export function indexRecords(columns: RecordColumns, relations: readonly Relation[], nameSites: NameSites = NO_NAME_SITES): RecordIndex {
  const n = columns.count;
  const { id, sizeBytes, externalBytes, collectedTime, scopeExitTime, siteId, threadId, scopeId, weight: recordWeights } = columns.numbers;
  const category = columns.texts.category;
  const stringCategory = columns.strings.indexOf("string");
  const collectionCategory = columns.strings.indexOf("collection");

  // Alias and move relations: `to` is a later holder of the object first held by `from`.
  const firstOf = new Map<number, number>();
  for (const relation of relations) {
    if (relation.kind === "alias" || relation.kind === "move") firstOf.set(relation.to, relation.from);
  }
  const idLimit = firstOf.size > 0 ? denseLimit(id, n) : -1;
  let firstById: Float64Array | null = null;
  if (idLimit >= 0) {
    firstById = new Float64Array(idLimit).fill(NaN);
    for (const [to, from] of firstOf) if (to >= 0 && to < idLimit && to === Math.floor(to)) firstById[to] = from;
  }
  const siteLimit = denseLimit(siteId, n);
  const siteSlotById = siteLimit >= 0 ? new Int32Array(siteLimit).fill(-1) : null;

  const bytes = new Float64Array(n);
  const weight = new Float64Array(n);
  let weighted = false;
  const shared = new Uint8Array(n);
  const name = new Uint8Array(n);
  const alive = new Uint8Array(n);
  const laterHolders = new Map<number, number[]>();
  const siteSlot = new Int32Array(n);
  const scopeSlot = new Int32Array(n);
  const siteSlots = new Map<number, number>();
  const scopeSlots = new Map<number, number>();
  const siteFirst: number[] = [];
  const scopeFirst: number[] = [];
  let lastScope = NaN;
  let lastScopeSlot = -1;
  for (let row = 0; row < n; row++) {
    bytes[row] = (sizeBytes[row] as number) + (externalBytes[row] as number);
    const w = recordWeights[row] as number;
    weight[row] = w >= 1 ? w : 1;
    const collected = collectedTime[row] as number;
    alive[row] = collected === collected ? 0 : category[row] === stringCategory && scopeExitTime[row] === scopeExitTime[row] ? 0 : 1;
    if (firstOf.size > 0) {
      const first = firstById !== null ? (firstById[id[row] as number] as number) : (firstOf.get(id[row] as number) ?? NaN);
      if (first === first) {
        shared[row] = 1;
        const list = laterHolders.get(first);
        if (list) list.push(row);
        else laterHolders.set(first, [row]);
      }
    }
    const site = siteId[row] as number;
    if (nameSites.size > 0 && nameSites.has(site)) {
      shared[row] = 1;
      name[row] = 1;
    }
    let slot = siteSlotById !== null ? (siteSlotById[site] as number) : (siteSlots.get(site) ?? -1);
    if (slot < 0) {
      slot = siteFirst.length;
      if (siteSlotById !== null) siteSlotById[site] = slot;
      else siteSlots.set(site, slot);
      siteFirst.push(row);
    }
    siteSlot[row] = slot;
    // Runs of records from one scope are common: skip the Map for them.
    const scope = scopeKey(threadId[row] as number, scopeId[row] as number);
    if (scope !== lastScope) {
      let found = scopeSlots.get(scope);
      if (found === undefined) {
        found = scopeFirst.length;
        scopeSlots.set(scope, found);
        scopeFirst.push(row);
      }
      lastScope = scope;
      lastScopeSlot = found;
    }
    scopeSlot[row] = lastScopeSlot;
  }

  const objectBytes = new Float64Array(n);
  // Which ids have later holders, as a table when ids are dense (most rows have none).
  let hasLater: Uint8Array | null = null;
  if (idLimit >= 0) {
    hasLater = new Uint8Array(idLimit);
    for (const first of laterHolders.keys()) if (first >= 0 && first < idLimit && first === Math.floor(first)) hasLater[first] = 1;
  }
  for (let row = 0; row < n; row++) {
    if (shared[row] === 1) continue;
    if ((weight[row] as number) > 1) weighted = true;
    let value = bytes[row] as number;
    if (laterHolders.size > 0 && (hasLater === null || hasLater[id[row] as number] === 1)) {
      const later = laterHolders.get(id[row] as number);
      if (later) for (const holder of later) value = Math.max(value, bytes[holder] as number);
    }
    objectBytes[row] = value;
  }

  const history = new Map<number, Array<[number, number]>>();
  columns.historyRows.forEach((row, h) => history.set(row, columns.histories[h] as Array<[number, number]>));

  return {
    columns,
    count: n,
    bytes,
    objectBytes,
    weight,
    weighted,
    shared,
    name,
    laterHolders,
    alive,
    siteSlot,
    siteFirstRow: Int32Array.from(siteFirst),
    siteCount: siteFirst.length,
    scopeSlot,
    scopeFirstRow: Int32Array.from(scopeFirst),
    scopeCount: scopeFirst.length,
    stringCategory,
    collectionCategory,
    history,
  };
}

/** The index of records held as objects (a snapshot read back, or a raw one built in memory). */
export function indexRecordObjects(records: readonly AllocationRecord[], relations: readonly Relation[], nameSites: NameSites = NO_NAME_SITES): RecordIndex {
  return indexRecords(columnsFromRecords(records), relations, nameSites);
}
