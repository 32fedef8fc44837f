/** The runtime's counters of what it ignored reach the reader: in the JSON snapshot and as footer lines. */
import test from "ava";
import type { RuntimeCounters } from "../../format/snapshot.js";
import { buildSnapshot } from "../../render/index.js";
import { renderAnalysisSvg } from "../../render/draw/analysis/svg.js";
import { runtimeCounterNotes } from "../../render/derive/runtime-notes.js";
import { buildAnalysisModel } from "../../render/draw/analysis/model.js";
import { schemaProblem } from "../../render/read/schema.js";
import { record, rawWith } from "./fixtures.js";

const ZERO: RuntimeCounters = { internal_errors: 0, invalid_site_calls: 0, invalid_scope_calls: 0, untracked_values: 0, unwatched_collections: 0 };

test("no note when every counter is zero or the writer did not report them", (t) => {
  t.deepEqual(runtimeCounterNotes(null), []);
  t.deepEqual(runtimeCounterNotes(ZERO), []);
  t.deepEqual(runtimeCounterNotes({ ...ZERO, untracked_values: 7 }), [], "values with nothing to record change no figure");
});

test("internal errors, ignored calls and unwatched collections each get one line with their count", (t) => {
  const notes = runtimeCounterNotes({ internal_errors: 2, invalid_site_calls: 1200, invalid_scope_calls: 3, untracked_values: 0, unwatched_collections: 40 });
  t.is(notes.length, 3);
  t.regex(notes[0]!, /caught 2 errors of its own \(the program never saw them\)/);
  t.regex(notes[1]!, /^1,203 calls from instrumented code named an unknown site or scope and were ignored/);
  t.regex(notes[2]!, /^40 collections were not re-measured/);
});

test("the counters pass through to the snapshot, validate, and show in the analysis SVG", (t) => {
  const raw = rawWith([record()]);
  raw.metadata.runtime_counters = { ...ZERO, internal_errors: 1, unwatched_collections: 5 };
  const snapshot = buildSnapshot(raw);
  t.deepEqual(snapshot.metadata.runtime_counters, raw.metadata.runtime_counters);
  t.is(schemaProblem(snapshot), null);
  const svg = renderAnalysisSvg(buildAnalysisModel(snapshot));
  t.true(svg.includes("caught 1 error of its own (the program never saw it)"));
  t.true(svg.includes("5 collections were not re-measured"));
  t.deepEqual(runtimeCounterNotes({ ...ZERO, unwatched_collections: 1 }), [
    "1 collection was not re-measured after registration (watch budget full, or made in a long synchronous stretch): size as at registration.",
  ]);
  const bad = buildSnapshot(rawWith([record()], {}));
  (bad.metadata as { runtime_counters?: unknown }).runtime_counters = { ...ZERO, internal_errors: -1 };
  t.not(schemaProblem(bad), null, "a negative counter is rejected");
});
