/**
 * The bounded sample of instances per declaration the HTML report embeds: for a
 * declaration with more records than `perSite`, its largest objects (alive ones first:
 * they are what a leak hunter opens) for half the places and an even spread over its
 * records in time order for the rest; every record when it has fewer. Grouped by site
 * slot, each group in allocation order.
 */
import type { RecordIndex } from "../record-index.js";
import { topBy } from "../top-by.js";
import type { InstanceColumns } from "./model.js";

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
  const priority = (row: number): number => (index.alive[row] === 1 ? 1e300 : 0) + (index.bytes[row] as number);
  for (let slot = 0; slot < sites; slot++) {
    const from = offsets[slot] as number;
    const to = offsets[slot + 1] as number;
    const rows = bySite.subarray(from, to);
    let chosen: number[];
    if (rows.length <= perSite) {
      chosen = Array.from(rows);
    } else {
      const largest = topBy(rows, Math.ceil(perSite / 2), priority);
      const picked = new Set(largest);
      const spread = perSite - largest.length;
      for (let k = 0; k < spread; k++) {
        let at = Math.floor(((k + 0.5) * rows.length) / spread);
        while (picked.has(rows[at] as number) && at < rows.length - 1) at++;
        picked.add(rows[at] as number);
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
