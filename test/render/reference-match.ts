/** Checks a derived export against the frozen record-by-record derivation (test/render/reference). */
import type { ExecutionContext } from "ava";
import type { RawSnapshot } from "../../format/snapshot.js";
import type { deriveExport } from "../../render/derive/export.js";
import { analysisModelFromIndex } from "../../render/draw/analysis/model.js";
import { timelineModelFromIndex } from "../../render/draw/timeline/model.js";
import { buildSnapshot as referenceSnapshot } from "./reference/build.js";
import { buildAnalysisModel as referenceAnalysis, buildTimelineModel as referenceTimeline } from "./reference/models.js";

type DerivedExport = Awaited<ReturnType<typeof deriveExport>>;

/** Every section but the records, and both SVG models, equal the reference's (as JSON text); the index holds every record. */
export function assertMatchesReference(t: ExecutionContext, derived: DerivedExport, raw: RawSnapshot, leakThresholdMs = 1000): void {
  const expected = referenceSnapshot(raw, { leakThresholdMs });
  t.not(derived.allocationsFrom, null);
  t.is(derived.recordIndex.count, raw.allocations.length);
  const { allocations: _a, ...actualSections } = derived.snapshot;
  const { allocations: _b, ...expectedSections } = expected;
  t.is(JSON.stringify(actualSections), JSON.stringify(expectedSections));
  t.is(JSON.stringify(analysisModelFromIndex(derived.snapshot, derived.recordIndex)), JSON.stringify(referenceAnalysis(expected)));
  t.is(JSON.stringify(timelineModelFromIndex(derived.snapshot, derived.recordIndex)), JSON.stringify(referenceTimeline(expected)));
}
