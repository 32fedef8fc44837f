/**
 * Precise mode's exact sizes for the rows the analysis SVG shows: each top
 * variable's largest object, by record id. Kept apart from models.ts so the
 * dashboard model gains one field only. Plain data (it crosses to a worker).
 */
import type { VariableRow } from "./rows.js";
import { objectSizesAt } from "../../derive/summary.js";
import type { RecordIndex } from "../../derive/record-index.js";

export interface PreciseCell {
  /** Exact shallow size; null when precise mode did not measure this object. */
  self: number | null;
  /** Exact retained size; null when not measured. */
  retained: number | null;
}

/** Record id → exact sizes for the rows' largest objects; null when the run was not precise. */
export function preciseCells(index: RecordIndex, rows: readonly VariableRow[], precise: boolean): Record<number, PreciseCell> | null {
  if (!precise) return null;
  const wanted = new Set(rows.map((row) => row.largestId));
  const cells: Record<number, PreciseCell> = {};
  for (const id of wanted) cells[id] = { self: null, retained: null };
  const ids = index.columns.numbers.id;
  for (let row = 0; row < index.count; row++) {
    if (!wanted.has(ids[row] as number)) continue;
    const sizes = objectSizesAt(index, row);
    if (sizes !== null) cells[ids[row] as number] = { self: sizes.self, retained: sizes.retained };
  }
  return cells;
}
