/**
 * What every derivation needs per record, computed once over the record columns: bytes,
 * per-object bytes (records.ts's objectBytes), aliveness (isAliveAtExport), and dense
 * slots for the record's variable site and scope so the models index arrays instead of
 * looking up a Map per record. Same definitions as records.ts, on columns.
 */
import type { Relation } from "../runtime/snapshot.js";
import type { RecordColumns } from "./record-table.js";
import { scopeKey } from "./records.js";

export interface RecordIndex {
  columns: RecordColumns;
  count: number;
  /** size_bytes + external_bytes (recordBytes). */
  bytes: Float64Array;
  /** objectBytes: the largest measurement among an object's holders on its first record, 0 on shared holders. */
  objectBytes: Float64Array;
  /** 1 for a later registration of an object first registered as another record. */
  shared: Uint8Array;
  /** First record id → rows of the later records holding the same object (row order). */
  laterHolders: Map<number, number[]>;
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

export function indexRecords(columns: RecordColumns, relations: readonly Relation[]): RecordIndex {
  const n = columns.count;
  const { id, sizeBytes, externalBytes, collectedTime, scopeExitTime, siteId, threadId, scopeId } = columns.numbers;
  const category = columns.texts.category;
  const stringCategory = columns.strings.indexOf("string");
  const collectionCategory = columns.strings.indexOf("collection");

  const firstOf = new Map<number, number>();
  for (const relation of relations) {
    if (relation.kind === "alias" || relation.kind === "move") firstOf.set(relation.to, relation.from);
  }

  const bytes = new Float64Array(n);
  const shared = new Uint8Array(n);
  const alive = new Uint8Array(n);
  const laterHolders = new Map<number, number[]>();
  const siteSlot = new Int32Array(n);
  const scopeSlot = new Int32Array(n);
  const siteSlots = new Map<number, number>();
  const scopeSlots = new Map<number, number>();
  const siteFirst: number[] = [];
  const scopeFirst: number[] = [];
  let lastSite = NaN;
  let lastSiteSlot = -1;
  let lastScope = NaN;
  let lastScopeSlot = -1;
  for (let row = 0; row < n; row++) {
    bytes[row] = (sizeBytes[row] as number) + (externalBytes[row] as number);
    const collected = collectedTime[row] as number;
    alive[row] = collected === collected ? 0 : category[row] === stringCategory && scopeExitTime[row] === scopeExitTime[row] ? 0 : 1;
    if (firstOf.size > 0) {
      const first = firstOf.get(id[row] as number);
      if (first !== undefined) {
        shared[row] = 1;
        const list = laterHolders.get(first);
        if (list) list.push(row);
        else laterHolders.set(first, [row]);
      }
    }
    // Runs of records from one site or scope are common: skip the Map for them.
    const site = siteId[row] as number;
    if (site !== lastSite) {
      let slot = siteSlots.get(site);
      if (slot === undefined) {
        slot = siteFirst.length;
        siteSlots.set(site, slot);
        siteFirst.push(row);
      }
      lastSite = site;
      lastSiteSlot = slot;
    }
    siteSlot[row] = lastSiteSlot;
    const scope = scopeKey(threadId[row] as number, scopeId[row] as number);
    if (scope !== lastScope) {
      let slot = scopeSlots.get(scope);
      if (slot === undefined) {
        slot = scopeFirst.length;
        scopeSlots.set(scope, slot);
        scopeFirst.push(row);
      }
      lastScope = scope;
      lastScopeSlot = slot;
    }
    scopeSlot[row] = lastScopeSlot;
  }

  const objectBytes = new Float64Array(n);
  for (let row = 0; row < n; row++) {
    if (shared[row] === 1) continue;
    let value = bytes[row] as number;
    if (laterHolders.size > 0) {
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
    shared,
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
