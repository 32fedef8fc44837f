import test from "ava";
import path from "node:path";
import { repoRoot, runScript } from "../../scripts/lib/toolchain.js";
import { parseFigureLine } from "../../scripts/bench/figures.js";

// The lines a quick run must print (values are not asserted: timings belong to the bench).
const WORKLOADS = ["hot_loop", "rxjs", "json", "web_server"];
const PER_WORKLOAD = [
  "plain_wall",
  "plain_work",
  "memscope_outside_work",
  ...["memscope", "heap_prof", "alloc_tracking"].flatMap((tool) => [`${tool}_work_ratio`, `${tool}_wall_ratio`]),
];
const EXPECTED = [
  ...WORKLOADS.flatMap((workload) => PER_WORKLOAD.map((figure) => `${workload}_${figure}`)),
  ...["1k", "5k", "20k"].flatMap((size) => [`export_${size}_time`, `export_${size}_peak_rss`, `export_${size}_raw_input`]),
  ...["build_time", "build_cpu", "file_size", "first_render", "filter_time"].map((figure) => `html_1k_${figure}`),
  ...["string", "array", "object", "rows"].map((kind) => `runtime_hot_loop_${kind}_ratio`),
  ...["string", "object", "array"].map((kind) => `record_memory_${kind}_10k`),
  ...["string", "object", "array"].map((kind) => `record_memory_sampled_${kind}_10k`),
  "record_memory_sampled_10k",
  "record_memory_10k",
  "compile_files",
  "compile_plain_time",
  "compile_instrumented_time",
  "compile_ratio",
  "sampler_tick_time",
  ...["first_time", "time", "records"].map((figure) => `metrics_collect_${figure}`),
  ...["work_ratio", "cpu_ratio", "sdk_only_cpu_ratio", "collection_mean", "collection_max", "scrapes"].map((figure) => `metrics_mode_${figure}`),
  ...["heap_size", "tracked_objects", "measure_time", "heap_snapshot_write_time", "vs_heap_snapshot_ratio", "memlab_time", "peak_rss"].map(
    (figure) => `precise_${figure}`,
  ),
];
const TARGETED = ["hot_loop_memscope_work_ratio", "rxjs_memscope_wall_ratio", "json_memscope_wall_ratio", "web_server_memscope_wall_ratio", "record_memory_10k", "compile_ratio"];

test("npm run bench -- --quick prints every figure line, each numeric or n/a with a reason", (t) => {
  const run = runScript(path.join(repoRoot, "dist/scripts/bench/index.js"), { args: ["--quick", "--no-write"], timeoutMs: 240_000 });
  t.is(run.status, 0, run.stderr);
  const lines = run.stdout.trim().split("\n");
  const figureLines = lines.filter((line) => !line.startsWith("#"));
  const parsed = figureLines.map((line) => ({ line, figure: parseFigureLine(line) }));
  for (const { line, figure } of parsed) t.truthy(figure, `not in the figure format: ${line}`);

  const byName = new Map(parsed.flatMap(({ figure }) => (figure ? [[figure.name, figure] as const] : [])));
  t.is(byName.size, parsed.length, "each figure appears once");
  for (const name of EXPECTED) {
    const figure = byName.get(name);
    if (!t.truthy(figure, `missing line ${name}`) || !figure) continue;
    if (figure.value === null) t.truthy(figure.reason && figure.reason.length > 3, `${name} is n/a without a reason`);
    else t.true(Number.isFinite(figure.value) && figure.value >= 0, `${name} is not a number`);
  }
  for (const name of TARGETED) {
    const figure = byName.get(name);
    t.truthy(figure?.verdict, `${name} carries its target and verdict`);
    if (figure?.value === null) t.is(figure.verdict, "not measured");
  }
  t.regex(lines[0]!, /^# memscope-ts bench \(quick/);
  t.true(lines.some((line) => /^# node v\d+/.test(line)), "names the node version");
  t.true(lines.some((line) => /^# \d+ cores/.test(line)), "names the cores");
  t.regex(lines.at(-1)!, /^# \d+ targets met, \d+ missed, \d+ not measured$/);
});
