/**
 * The bounded sample of instances per declaration the HTML report embeds: for a
 * declaration with more records than `perSite`, its largest objects (alive ones first:
 * they are what a leak hunter opens) for half the places and an even spread over its
 * records in time order for the rest; every record when it has fewer. Grouped by site
 * slot, each group in allocation order.
 */
import type { RecordIndex } from "../derive/record-index.js";
import type { RelationKind } from "../../format/snapshot.js";

export interface InstanceColumns {
  id: number[];
  created: number[];
  /** null: scope still open at export. */
  scopeExit: Array<number | null>;
  /** null: never collected (strings: see alive). */
  collected: Array<number | null>;
  bytes: number[];
  /** Bit 1: alive at export; bit 2: shared holder (bytes count at the first record). */
  flags: number[];
  scopeInstance: number[];
  /** Per instance: relations as [kind, direction, other record id, other site index (-1 unknown)]. */
  relations: Array<Array<[RelationKind, 0 | 1, number, number]> | 0>;
}

export interface InstanceSample {
  columns: Omit<InstanceColumns, "relations">;
  /** Record ids, in `columns` order. */
  ids: number[];
  start: Int32Array;
  count: Int32Array;
  kept: number;
  perSite: number;
}

export function sampleInstances(index: RecordIndex, perSite: number): InstanceSample {
  const sites = index.siteCount;
  // Rows grouped by site slot (counting sort, row order kept within a site).
  const offsets = new Int32Array(sites + 1);
  for (let row = 0; row < index.count; row++) offsets[(index.siteSlot[row] as number) + 1]!++;
  for (let slot = 0; slot < sites; slot++) offsets[slot + 1]! += offsets[slot] as number;
  const fill = offsets.slice(0, sites);
  const bySite = new Int32Array(index.count);
  for (let row = 0; row < index.count; row++) bySite[fill[index.siteSlot[row] as number]!++] = row;

  const n = index.columns.numbers;
  const columns: InstanceSample["columns"] = { id: [], created: [], scopeExit: [], collected: [], bytes: [], flags: [], scopeInstance: [] };
  const ids: number[] = [];
  const start = new Int32Array(sites);
  const count = new Int32Array(sites);
  // Alive objects first, then larger ones: a bounded insertion buffer per site.
  const better = (a: number, b: number): boolean =>
    (index.alive[a] as number) > (index.alive[b] as number) || (index.alive[a] === index.alive[b] && (index.bytes[a] as number) > (index.bytes[b] as number));
  const largest: number[] = [];
  for (let slot = 0; slot < sites; slot++) {
    const from = offsets[slot] as number;
    const to = offsets[slot + 1] as number;
    let chosen: number[];
    if (to - from <= perSite) {
      chosen = Array.from(bySite.subarray(from, to));
    } else {
      const keep = Math.ceil(perSite / 2);
      largest.length = 0;
      for (let i = from; i < to; i++) {
        const row = bySite[i] as number;
        if (largest.length === keep && !better(row, largest[keep - 1] as number)) continue;
        let at = largest.length;
        while (at > 0 && better(row, largest[at - 1] as number)) at--;
        largest.splice(at, 0, row);
        if (largest.length > keep) largest.pop();
      }
      const picked = new Set(largest);
      const spread = perSite - largest.length;
      const count = to - from;
      for (let k = 0; k < spread; k++) {
        let at = from + Math.floor(((k + 0.5) * count) / spread);
        while (picked.has(bySite[at] as number) && at < to - 1) at++;
        picked.add(bySite[at] as number);
      }
      chosen = [...picked];
    }
    chosen.sort((a, b) => (n.allocationTime[a] as number) - (n.allocationTime[b] as number) || a - b);
    start[slot] = ids.length;
    count[slot] = chosen.length;
    for (const row of chosen) {
      const id = n.id[row] as number;
      ids.push(id);
      columns.id.push(id);
      columns.created.push(n.allocationTime[row] as number);
      columns.scopeExit.push(nullable(n.scopeExitTime[row] as number));
      columns.collected.push(nullable(n.collectedTime[row] as number));
      columns.bytes.push(index.bytes[row] as number);
      columns.flags.push((index.alive[row] === 1 ? 1 : 0) | (index.shared[row] === 1 ? 2 : 0));
      columns.scopeInstance.push(n.scopeInstance[row] as number);
    }
  }
  return { columns, ids, start, count, kept: ids.length, perSite };
}

function nullable(value: number): number | null {
  return value === value ? value : null;
}
