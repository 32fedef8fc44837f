import test from "ava";
import {
  formatFigure,
  measured,
  median,
  notMeasured,
  parseFigureLine,
  sizeLabel,
  verdict,
} from "../../scripts/bench/figures.js";
import { collectFigures, parseJsonFields } from "../../scripts/bench/sub-benches.js";

test("a measured figure prints as `name: value unit` with its target and verdict", (t) => {
  t.is(formatFigure(measured("hot_loop_ratio", 2.414, "x", { target: { max: 3 } })), "hot_loop_ratio: 2.41 x [target <= 3 x: met]");
  t.is(formatFigure(measured("export_1m_time", 5.3, "s", { target: { max: 5 } })), "export_1m_time: 5.30 s [target <= 5 s: missed]");
  t.is(formatFigure(measured("json_plain_wall", 0.5, "s", { digits: 3 })), "json_plain_wall: 0.500 s");
});

test("a figure that was not measured prints n/a with a one-line reason, never a number", (t) => {
  const line = formatFigure(notMeasured("compile_ratio", "x", "scripts/bench/compile.ts\nhas not (yet) landed", { target: { max: 1.25 } }));
  t.is(line, "compile_ratio: n/a (scripts/bench/compile.ts has not yet landed) [target <= 1.25 x: not measured]");
  t.is(verdict(measured("x", Number.NaN, "x", { target: { max: 1 } })), "not measured");
  t.regex(formatFigure(measured("x", Number.NaN, "x")), /^x: n\/a \(/);
});

test("every formatted line parses back to its figure", (t) => {
  const figures = [
    measured("record_memory_1m", 58.2, "bytes/record", { target: { max: 64 }, digits: 1 }),
    measured("export_1m_peak_rss", 812, "MB", { digits: 0 }),
    notMeasured("precise_export_ratio", "x", "precise.ts failed: boom"),
  ];
  const parsed = figures.map((figure) => parseFigureLine(formatFigure(figure)));
  t.like(parsed[0], { name: "record_memory_1m", value: 58.2, unit: "bytes/record", targetMax: 64, verdict: "met" });
  t.like(parsed[1], { name: "export_1m_peak_rss", value: 812, unit: "MB", targetMax: null, verdict: null });
  t.like(parsed[2], { name: "precise_export_ratio", value: null, reason: "precise.ts failed: boom" });
  t.is(parseFigureLine("# a comment"), null);
  t.is(parseFigureLine("name: fast"), null);
});

test("median handles odd and even counts and does not reorder its input", (t) => {
  const values = [5, 1, 3];
  t.is(median(values), 3);
  t.deepEqual(values, [5, 1, 3]);
  t.is(median([4, 1, 3, 2]), 2.5);
  t.throws(() => median([]));
});

test("size labels name record counts compactly", (t) => {
  t.is(sizeLabel(1_000_000), "1m");
  t.is(sizeLabel(100_000), "100k");
  t.is(sizeLabel(1_500), "1500");
});

test("a sub-bench's printed lines are picked by name and renamed; what it left out is n/a", (t) => {
  const stdout = [
    "progress text",
    "record_memory_100k: 48.5 bytes/record",
    "precise_vs_write: 1.23 x (target <= 2)",
    "precise_located: 10 of 10",
    "broken: n/a (it crashed)",
    "record_memory_100k: 99 bytes/record",
  ].join("\n");
  const figures = collectFigures(
    stdout,
    [
      { name: "record_memory_100k", unit: "bytes/record", target: { max: 64 } },
      { name: "record_memory_1m", unit: "bytes/record", target: { max: 64 } },
      { name: "precise_vs_heap_snapshot_ratio", from: "precise_vs_write", unit: "x" },
      { name: "broken_figure", from: "broken", unit: "ms" },
    ],
    "record-memory.ts did not report it",
  );
  t.deepEqual(figures.map(formatFigure), [
    "record_memory_100k: 48.5 bytes/record [target <= 64 bytes/record: met]",
    "record_memory_1m: n/a (record-memory.ts did not report it) [target <= 64 bytes/record: not measured]",
    "precise_vs_heap_snapshot_ratio: 1.23 x",
    "broken_figure: n/a (it crashed)",
  ]);
});

test("a sub-bench that prints one JSON object is read field by field, keeping its precision", (t) => {
  const stdout = 'building…\n{"files":251,"repeats":3,"plainMs":5123,"instrumentedMs":6010,"ratio":1.173,"note":"x"}\n';
  const figures = collectFigures(
    stdout,
    [
      { name: "compile_files", from: "files", unit: "files" },
      { name: "compile_ratio", from: "ratio", unit: "x", target: { max: 1.25 } },
      { name: "compile_note", from: "note", unit: "x" },
    ],
    "compile.ts did not report it",
    parseJsonFields,
  );
  t.deepEqual(figures.map(formatFigure), [
    "compile_files: 251 files",
    "compile_ratio: 1.173 x [target <= 1.25 x: met]",
    "compile_note: n/a (compile.ts did not report it)",
  ]);
  t.is(parseJsonFields("not json").size, 0);
});
