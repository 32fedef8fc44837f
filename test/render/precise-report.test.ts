/** The analysis SVG shows precise mode's exact sizes where measured, "n/a" where not, and the estimator's error. */
import test from "ava";
import { buildSnapshot } from "../../render/index.js";
import { buildAnalysisModel } from "../../render/draw/analysis/model.js";
import { renderAnalysisSvg } from "../../render/draw/analysis/svg.js";
import { rawWith, record } from "./fixtures.js";

function preciseSnapshot(precise: boolean) {
  const raw = rawWith([
    record({ id: 1, site_id: 1, variable_name: "measuredMap", subcategory: "Map", size_bytes: 296, precise_self_bytes: 32, precise_retained_bytes: 4200 }),
    record({ id: 2, site_id: 2, variable_name: "goneList", size_bytes: 900, precise_self_bytes: null, precise_retained_bytes: null, collected_time: 5 }),
    record({ id: 3, site_id: 3, variable_name: "small", size_bytes: 40, precise_self_bytes: 40, precise_retained_bytes: 40 }),
  ]);
  raw.metadata.precise = precise;
  return buildSnapshot(raw);
}

test("precise run: EXACT and RETAINED columns, n/a only where not measured, and the estimator's error line", (t) => {
  const model = buildAnalysisModel(preciseSnapshot(true));
  t.deepEqual(model.precise, {
    1: { self: 32, retained: 4200 },
    2: { self: null, retained: null },
    3: { self: 40, retained: 40 },
  });
  const svg = renderAnalysisSvg(model);
  t.regex(svg, />EXACT</);
  t.regex(svg, />RETAINED</);
  t.regex(svg, />4\.1 KB</, "retained size of measuredMap");
  t.regex(svg, />32 B</, "exact size of measuredMap");
  t.is((svg.match(/>n\/a</g) ?? []).length, 2, "goneList's two exact cells, nothing else");
  // estimated 296 + 40 = 336 B, exact 32 + 40 = 72 B: (336 − 72) / 72 = +366.7%; MAPE (825% + 0%) / 2 = 412.5%
  t.regex(svg, /over 2 live objects: estimated 336 B, exact 72 B \(\+366\.7%\), mean absolute error 412\.5%; retained 4\.1 KB\./);
  // groups come largest exact self first: Array (40 B) before Map (32 B)
  t.regex(svg, /By subcategory \(mean absolute error, objects\): Array 0\.0% \(1\), Map 825\.0% \(1\)\./);
});

test("plain run: no precise columns or line", (t) => {
  const model = buildAnalysisModel(preciseSnapshot(false));
  t.is(model.precise, null);
  const svg = renderAnalysisSvg(model);
  t.notRegex(svg, />EXACT</);
  t.notRegex(svg, /Estimator vs exact/);
});

test("precise run that measured nothing says so instead of showing numbers", (t) => {
  const raw = rawWith([record({ id: 1, size_bytes: 10, collected_time: 1, precise_self_bytes: null, precise_retained_bytes: null })]);
  raw.metadata.precise = true;
  const svg = renderAnalysisSvg(buildAnalysisModel(buildSnapshot(raw)));
  t.regex(svg, /Precise mode measured no object/);
});
