/**
 * The export child's reads of a raw file (parallel, one-pass, careful) must give what
 * deriving the same raw snapshot in memory gives (buildSnapshot over the record objects):
 * every section, and both SVG models from the read's record index.
 */
import type { ExecutionContext } from "ava";
import type { RawSnapshot } from "../../format/snapshot.js";
import type { deriveExport } from "../../render/derive/export.js";
import { buildSnapshot } from "../../render/derive/snapshot.js";
import { analysisModelFromIndex } from "../../render/draw/analysis/model.js";
import { indexSnapshotRecords } from "../../render/draw/model.js";
import { timelineModelFromIndex } from "../../render/draw/timeline/model.js";

type DerivedExport = Awaited<ReturnType<typeof deriveExport>>;

/** Every section but the records, and both SVG models, equal the in-memory derivation's (as JSON text); the index holds every record. */
export function assertMatchesDirectDerivation(t: ExecutionContext, derived: DerivedExport, raw: RawSnapshot, leakThresholdMs = 1000): void {
  const expected = buildSnapshot(raw, { leakThresholdMs });
  const expectedIndex = indexSnapshotRecords(expected);
  t.not(derived.allocationsFrom, null);
  t.is(derived.recordIndex.count, raw.allocations.length);
  const { allocations: _a, ...actualSections } = derived.snapshot;
  const { allocations: _b, ...expectedSections } = expected;
  t.is(JSON.stringify(actualSections), JSON.stringify(expectedSections));
  t.is(JSON.stringify(analysisModelFromIndex(derived.snapshot, derived.recordIndex)), JSON.stringify(analysisModelFromIndex(expected, expectedIndex)));
  t.is(JSON.stringify(timelineModelFromIndex(derived.snapshot, derived.recordIndex)), JSON.stringify(timelineModelFromIndex(expected, expectedIndex)));
}
