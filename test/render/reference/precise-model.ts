/**
 * Frozen copy of main's record-by-record derivation (render/ at 3520c91), kept as the
 * oracle the column derivation is compared against (test/render/derivation-equivalence).
 */
/**
 * Precise mode's exact sizes for the rows the analysis SVG shows: each top
 * variable's largest object, by record id. Kept apart from models.ts so the
 * dashboard model gains one field only. Plain data (it crosses to a worker).
 */
import type { Snapshot } from "../../../format/snapshot.js";
import type { VariableRow } from "./models.js";
import { objectSizes } from "./record-derivation.js";
import { NO_SHARED_OBJECTS, type ObjectIndex } from "../../../render/derive/record-objects.js";

export interface PreciseCell {
  /** Exact shallow size; null when precise mode did not measure this object. */
  self: number | null;
  /** Exact retained size; null when not measured. */
  retained: number | null;
}

/** Record id → exact sizes for the rows' largest objects; null when the run was not precise. */
export function preciseCells(
  snapshot: Snapshot,
  rows: readonly VariableRow[],
  objects: ObjectIndex = NO_SHARED_OBJECTS,
): Record<number, PreciseCell> | null {
  if (!snapshot.metadata.precise) return null;
  const wanted = new Set(rows.map((row) => row.largestId));
  const cells: Record<number, PreciseCell> = {};
  for (const id of wanted) cells[id] = { self: null, retained: null };
  for (const record of snapshot.allocations) {
    if (!wanted.has(record.id)) continue;
    const sizes = objectSizes(record, objects);
    if (sizes !== null) cells[record.id] = { self: sizes.self, retained: sizes.retained };
  }
  return cells;
}
