import test from "ava";
import { formatFigure } from "../../scripts/bench/figures.js";
import { longFigures, type Runs } from "../../scripts/bench/workload-bench.js";
import { VARIANTS, WORKLOADS, type VariantName } from "../../scripts/bench/workloads.js";

const rxjs = WORKLOADS.find((workload) => workload.name === "rxjs")!;

function runs(...pairs: Array<[number, number]>): Runs {
  return new Map(pairs.map(([wallMs, workMs], round) => [round, { wallMs, workMs, output: "" }]));
}

function results(plain: Runs, memscope: Runs): Map<VariantName, Runs> {
  const all = new Map<VariantName, Runs>(VARIANTS.map((variant) => [variant, new Map()]));
  all.set("plain", plain);
  all.set("memscope", memscope);
  return all;
}

test("every realistic workload has a long run 3–5× its full size; the hot loop has none", (t) => {
  for (const workload of WORKLOADS) {
    if (workload.target.ratio === "wall") {
      const factor = workload.scale.long! / workload.scale.full;
      t.true(factor >= 3 && factor <= 5, `${workload.name}: ${factor}×`);
    }
    else t.is(workload.scale.long, undefined, workload.name);
  }
});

test("long-run figures are medians of per-round ratios, the wall ratio judged against the target", (t) => {
  const plain = runs([4000, 3800], [4400, 4100]);
  const memscope = runs([4300, 4000], [4600, 4400]);
  const lines = longFigures(rxjs, { results: results(plain, memscope), failures: new Map() }).map(formatFigure);
  // Medians of two: the mean of the two per-round ratios.
  const wall = (4300 / 4000 + 4600 / 4400) / 2;
  const work = (4000 / 3800 + 4400 / 4100) / 2;
  t.deepEqual(lines, [
    "rxjs_long_plain_wall: 4.200 s",
    `rxjs_long_memscope_work_ratio: ${work.toFixed(2)} x`,
    `rxjs_long_memscope_wall_ratio: ${wall.toFixed(2)} x [target <= 1.1 x: met]`,
  ]);
});

test("a failed long run is n/a with its reason, never a number", (t) => {
  const lines = longFigures(rxjs, {
    results: results(runs([4000, 3800]), new Map()),
    failures: new Map([["memscope", "the instrumented run did not write rxjs_snapshot.json"]]),
  }).map(formatFigure);
  t.is(lines[0], "rxjs_long_plain_wall: 4.000 s");
  t.is(lines[2], "rxjs_long_memscope_wall_ratio: n/a (the instrumented run did not write rxjs_snapshot.json) [target <= 1.1 x: not measured]");
});
