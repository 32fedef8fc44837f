import test from "ava";
import { buildSnapshot } from "../../render/index.js";
import { buildAnalysisModel, decimateSamples } from "../../render/draw/analysis/model.js";
import { buildTimelineModel } from "../../render/draw/timeline/model.js";
import { topBy } from "../../render/derive/top-by.js";
import { histogramFromIndex } from "../../render/draw/analysis/rows.js";
import { gradientKey, TYPE_GRADIENTS } from "../../render/draw/timeline/svg.js";
import { renderTimelineSvg } from "../../render/draw/timeline/svg.js";
import { generateRaw } from "./generate-raw.js";
import { indexOf, rawWith, record, sample } from "./fixtures.js";

test("type gradients follow DESIGN.md §5", (t) => {
  t.is(gradientKey("string", "string"), "string");
  t.is(gradientKey("collection", "Array"), "array");
  t.is(gradientKey("collection", "Tuple"), "array");
  t.is(gradientKey("box", "class"), "box");
  t.is(gradientKey("collection", "Map"), "map");
  t.is(gradientKey("collection", "WeakSet"), "set");
  t.is(gradientKey("collection", "Uint8Array"), "typed");
  t.is(gradientKey("collection", "Buffer"), "typed");
  t.is(gradientKey("dynamic", "unknown"), "other");
  t.deepEqual(
    Object.values(TYPE_GRADIENTS).map((g) => [g.from, g.to]),
    [
      ["#00BCD4", "#00ACC1"],
      ["#2196F3", "#1976D2"],
      ["#F44336", "#D32F2F"],
      ["#4CAF50", "#388E3C"],
      ["#FF9800", "#F57C00"],
      ["#9C27B0", "#7B1FA2"],
      ["#607D8B", "#455A64"],
    ],
  );
  const svg = renderTimelineSvg(buildTimelineModel(buildSnapshot(generateRaw({ records: 50 }))));
  for (const key of Object.keys(TYPE_GRADIENTS)) t.true(svg.includes(`<linearGradient id="grad-${key}"`));
});

test("timeline model: largest scopes first, rows capped per scope, the rest summed", (t) => {
  const records = [];
  for (let scope = 0; scope < 14; scope++) {
    for (let i = 0; i < 20; i++) records.push(record({ scope_id: scope, site_id: scope, size_bytes: (scope + 1) * 100 + i }));
  }
  const model = buildTimelineModel(buildSnapshot(rawWith(records)), {
    samples: 10, gcMarks: 10, topRows: 5, leaks: 5, scopes: 10, rowsPerScope: 4, treemapChildren: 8,
  });
  t.deepEqual(model.scopes.map((s) => s.id), [13, 12, 11, 10, 9, 8, 7, 6, 5, 4]);
  const first = model.scopes[0]!;
  t.deepEqual(first.rows.map((r) => r.bytes), [1419, 1418, 1417, 1416]);
  t.is(first.largestBytes, 1419);
  t.is(first.moreRows, 16);
  t.is(first.moreBytes, first.bytes - (1419 + 1418 + 1417 + 1416));
  t.is(first.label, "scope #13"); // no ScopeRecord for it: say so rather than invent a name
  t.deepEqual(model.otherScopes, {
    scopes: 4,
    records: 80,
    bytes: [0, 1, 2, 3].reduce((s, scope) => s + 20 * (scope + 1) * 100 + 190, 0),
  });
});

test("scopes of different threads with the same id stay apart; anonymous scopes show file:line", (t) => {
  const raw = rawWith([record({ scope_id: 1, thread_id: 0 }), record({ scope_id: 1, thread_id: 2, size_bytes: 500 })]);
  raw.scopes = [
    { id: 1, name: "main", file: "src/m.ts", line: 3, column: 1, parent_id: null, thread_id: 0, invocations: 2, completed: 2, total_duration_ms: 10, min_duration_ms: 4, max_duration_ms: 6 },
    { id: 1, name: "<anonymous>", file: "src/w.ts", line: 8, column: 1, parent_id: null, thread_id: 2, invocations: 1, completed: 0, total_duration_ms: 0, min_duration_ms: null, max_duration_ms: null },
  ];
  const model = buildTimelineModel(buildSnapshot(raw));
  t.deepEqual(model.scopes.map((s) => [s.label, s.invocations, s.avgDurationMs]), [
    ["<anonymous> src/w.ts:8", 1, null],
    ["main", 2, 5],
  ]);
});

test("relations are drawn only when both ends are on the page, and all are counted", (t) => {
  const a = record({ id: 1, size_bytes: 900 });
  const b = record({ id: 2, size_bytes: 800 });
  const hidden = record({ id: 3, size_bytes: 1 });
  const raw = rawWith([a, b, hidden]);
  raw.relations = [
    { kind: "alias", from: 1, to: 2, time: 5 },
    { kind: "clone", from: 1, to: 3, time: 6 },
  ];
  const model = buildTimelineModel(buildSnapshot(raw), {
    samples: 10, gcMarks: 10, topRows: 5, leaks: 5, scopes: 10, rowsPerScope: 2, treemapChildren: 8,
  });
  t.deepEqual(model.links, [{ kind: "alias", from: 1, to: 2, time: 5 }]);
  t.deepEqual(model.relationCounts, { alias: 1, move: 0, clone: 1 });
  const svg = renderTimelineSvg(model);
  t.true(svg.includes("alias: record #1 → #2"));
  t.false(svg.includes("clone: record #1 → #3"));
});

test("samples are decimated to per-bucket maxima, so peaks survive", (t) => {
  const samples = Array.from({ length: 1000 }, (_, i) => sample(i, i === 537 ? 99_999 : 10));
  const out = decimateSamples(samples, 100);
  t.is(out.length, 100);
  t.is(Math.max(...out.map((s) => s.tracked_live_bytes)), 99_999);
  t.is(out[out.length - 1]!.time, 999);
});

test("histogram bins are powers of two from the smallest to the largest record", (t) => {
  const bins = histogramFromIndex(indexOf([record({ size_bytes: 0 }), record({ size_bytes: 3 }), record({ size_bytes: 16 }), record({ size_bytes: 17 })]));
  t.deepEqual(bins.map((b) => [b.lo, b.hi, b.count, b.bytes]), [
    [0, 1, 1, 0],
    [1, 2, 0, 0],
    [2, 4, 1, 3],
    [4, 8, 0, 0],
    [8, 16, 0, 0],
    [16, 32, 2, 33],
  ]);
  t.deepEqual(histogramFromIndex(indexOf([])), []);
});

test("topBy keeps the k largest in order", (t) => {
  t.deepEqual(topBy([5, 1, 9, 3, 9, 7], 3, (x) => x), [9, 9, 7]);
  t.deepEqual(topBy([1, 2], 5, (x) => x), [2, 1]);
  t.deepEqual(topBy([1, 2], 0, (x) => x), []);
});

test("the analysis model is bounded whatever the record count", (t) => {
  const raw = generateRaw({ records: 20_000, seed: 2 });
  raw.allocations.forEach((r, i) => {
    r.site_id = i;
    r.variable_name = `v${i}`;
  });
  const model = buildAnalysisModel(buildSnapshot(raw));
  t.true(model.topVariables.length <= 10);
  t.true(model.topSites.length <= 10);
  t.true(model.samples.length <= 700);
  t.true(model.histogram.length <= 64);
  t.true(JSON.stringify(model).length < 200_000, `${JSON.stringify(model).length} characters`);
});

test("every variable of a scope gets a row before a variable gets a second one", (t) => {
  const records = [
    ...Array.from({ length: 30 }, (_, i) => record({ site_id: 1, variable_name: "big", size_bytes: 10_000 + i })),
    record({ site_id: 2, variable_name: "small", size_bytes: 10 }),
    record({ site_id: 3, variable_name: "tiny", size_bytes: 1 }),
  ];
  const model = buildTimelineModel(buildSnapshot(rawWith(records)), {
    samples: 10, gcMarks: 10, topRows: 5, leaks: 5, scopes: 10, rowsPerScope: 4, treemapChildren: 8,
  });
  t.deepEqual(model.scopes[0]!.rows.map((r) => [r.name, r.bytes]), [
    ["big", 10_029],
    ["big", 10_028],
    ["small", 10],
    ["tiny", 1],
  ]);
  t.is(model.scopes[0]!.moreRows, 28);
});
