import test from "ava";
import { measured, notMeasured } from "../../scripts/bench/figures.js";
import type { Machine } from "../../scripts/bench/machine.js";
import { benchmarksMarkdown, targetSummary } from "../../scripts/bench/report.js";

const machine: Machine = {
  node: "v20.20.2",
  v8: "11.3",
  cores: 2,
  cpu: "Test CPU",
  memoryGb: 8,
  platform: "Linux x64",
  date: "2026-11-24T23:00:00.000Z",
  loadAverage: 0.5,
  commit: "abc1234",
};

const figures = [
  measured("hot_loop_memscope_work_ratio", 4.2, "x", { target: { max: 3 } }),
  measured("compile_ratio", 1.02, "x", { target: { max: 1.25 } }),
  notMeasured("record_memory_1m", "bytes/record", "record-memory.ts failed", { target: { max: 64 } }),
  measured("json_plain_wall", 0.5, "s", { digits: 3 }),
];

test("the target summary counts met, missed and not measured", (t) => {
  t.is(targetSummary(figures), "1 targets met, 1 missed, 1 not measured");
});

test("BENCHMARKS.md holds the command, the machine, every line of the run, the verdicts and the analysis", (t) => {
  const markdown = benchmarksMarkdown(figures, {
    machine,
    quick: false,
    durationS: 300,
    rounds: "hot_loop 3, json 5",
    allocTrackingRounds: 2,
    longRounds: 2,
    workloads: [{ name: "json", description: "fixtures/bench/json-processing: 20000 orders" }],
    exportSizes: [10_000, 1_000_000],
    analysis: "## Where the time goes\n\nprofiled text",
  });
  t.true(markdown.includes("`npm run bench`"));
  t.true(markdown.includes("node v20.20.2"));
  t.true(markdown.includes("2 cores (Test CPU)"));
  t.true(markdown.includes("date 2026-11-24T23:00:00.000Z, code at abc1234"));
  for (const line of [
    "hot_loop_memscope_work_ratio: 4.20 x [target <= 3 x: missed]",
    "compile_ratio: 1.02 x [target <= 1.25 x: met]",
    "record_memory_1m: n/a (record-memory.ts failed) [target <= 64 bytes/record: not measured]",
    "json_plain_wall: 0.500 s",
  ]) {
    t.true(markdown.includes(`${line}\n`), line);
  }
  t.true(markdown.includes("| record_memory_1m | n/a (record-memory.ts failed) | ≤ 64 bytes/record | not measured |"));
  t.true(markdown.trimEnd().endsWith("profiled text"));
});
