import test from "ava";
import { buildSnapshot } from "../../render/index.js";
import { schemaProblem as validateSnapshot } from "../../render/read/schema.js";
import { precisionOf, rawWith, record } from "./fixtures.js";

/*
 * Hand-computed fixture (estimate size_bytes vs exact precise_self_bytes):
 *   a  collection/Array   est 100  self  80  retained 500   |20|/80  = 0.25
 *   b  collection/Array   est  60  self  40  retained  40   |20|/40  = 0.5
 *   c  collection/Map     est 296  self  32  retained 296   |264|/32 = 8.25
 *   d  box/class          est  40  self  40  retained null  0
 *   e  collection/Array   not measured (precise_self_bytes null): left out
 *   f  string/string      not measured (no precise fields): left out
 *   g  collection/Buffer  est  64 (+1000 external) self 64 retained 64: external left out, 0
 * measured 5; estimated 100+60+296+40+64 = 560; self 80+40+32+40+64 = 256;
 * retained 500+40+296+64 = 900; total error (560−256)/256 = 118.75%;
 * MAPE (0.25+0.5+8.25+0+0)/5 = 1.8 → 180%.
 */
function fixtureRecords() {
  return [
    record({ id: 1, size_bytes: 100, precise_self_bytes: 80, precise_retained_bytes: 500, subcategory: "Array" }),
    record({ id: 2, size_bytes: 60, precise_self_bytes: 40, precise_retained_bytes: 40, subcategory: "Array" }),
    record({ id: 3, size_bytes: 296, precise_self_bytes: 32, precise_retained_bytes: 296, subcategory: "Map" }),
    record({ id: 4, size_bytes: 40, precise_self_bytes: 40, precise_retained_bytes: null, category: "box", subcategory: "class" }),
    record({ id: 5, size_bytes: 1000, precise_self_bytes: null, precise_retained_bytes: null, subcategory: "Array" }),
    record({ id: 6, size_bytes: 48, category: "string", subcategory: "string" }),
    record({ id: 7, size_bytes: 64, external_bytes: 1000, precise_self_bytes: 64, precise_retained_bytes: 64, subcategory: "Buffer" }),
  ];
}

test("precision: totals, total error and MAPE over the measured records only", (t) => {
  const p = precisionOf(fixtureRecords());
  t.truthy(p);
  t.is(p!.measured, 5);
  t.is(p!.estimated_bytes, 560);
  t.is(p!.precise_self_bytes, 256);
  t.is(p!.precise_retained_bytes, 900);
  t.is(p!.total_error_percent, 118.75);
  t.true(Math.abs(p!.mean_absolute_percentage_error! - 180) < 1e-9);
});

test("precision: per category/subcategory, largest exact self first", (t) => {
  const groups = precisionOf(fixtureRecords())!.by_subcategory;
  t.deepEqual(
    groups.map((g) => [g.category, g.subcategory, g.measured, g.estimated_bytes, g.precise_self_bytes, g.precise_retained_bytes]),
    [
      ["collection", "Array", 2, 160, 120, 540],
      ["collection", "Buffer", 1, 64, 64, 64],
      ["box", "class", 1, 40, 40, 0],
      ["collection", "Map", 1, 296, 32, 296],
    ],
  );
  const array = groups[0]!;
  t.true(Math.abs(array.mean_absolute_percentage_error! - 37.5) < 1e-9); // (25% + 50%) / 2
  t.true(Math.abs(array.total_error_percent! - (40 / 120) * 100) < 1e-9);
  t.is(groups[3]!.mean_absolute_percentage_error, 825);
  t.is(groups[2]!.total_error_percent, 0);
});

test("precision: null when nothing was measured; zero self sizes give null percentages, not NaN", (t) => {
  t.is(precisionOf([]), null);
  t.is(precisionOf([record({ size_bytes: 10 }), record({ size_bytes: 5, precise_self_bytes: null })]), null);
  const zero = precisionOf([record({ size_bytes: 10, precise_self_bytes: 0, precise_retained_bytes: 0 })])!;
  t.is(zero.measured, 1);
  t.is(zero.total_error_percent, null);
  t.is(zero.mean_absolute_percentage_error, null);
});

test("buildSnapshot adds summary.precision only for precise runs, and it matches the schema", (t) => {
  const plain = buildSnapshot(rawWith(fixtureRecords()));
  t.false("precision" in plain.summary, "absent when the run was not precise");

  const raw = rawWith(fixtureRecords());
  raw.metadata.precise = true;
  const precise = buildSnapshot(raw);
  t.is(precise.summary.precision!.measured, 5);
  t.is(validateSnapshot(precise), null);

  const nothing = rawWith([record({ size_bytes: 10 })]);
  nothing.metadata.precise = true;
  const unmeasured = buildSnapshot(nothing);
  t.is(unmeasured.summary.precision, null, "null when precise mode measured nothing");
  t.is(validateSnapshot(unmeasured), null);

  const broken = { ...precise, summary: { ...precise.summary, precision: { ...precise.summary.precision!, measured: -1 } } };
  t.not(validateSnapshot(broken), null, "the schema checks the precision block");
});

test("precision: an object held by several variables counts once, with its latest (largest) estimate", (t) => {
  const first = record({ id: 1, size_bytes: 100, precise_self_bytes: 80, precise_retained_bytes: 90 });
  const alias = record({ id: 2, size_bytes: 120, precise_self_bytes: 80, precise_retained_bytes: 90 });
  const other = record({ id: 3, size_bytes: 40, precise_self_bytes: 40, precise_retained_bytes: 40 });
  const p = precisionOf([first, alias, other], [{ kind: "alias", from: 1, to: 2, time: 1 }])!;
  t.is(p.measured, 2);
  t.is(p.estimated_bytes, 160); // 120 (the alias's later measurement) + 40
  t.is(p.precise_self_bytes, 120);
  t.is(p.precise_retained_bytes, 130);
  t.is(p.mean_absolute_percentage_error, 25); // (|120 − 80| / 80 + 0) / 2
});
