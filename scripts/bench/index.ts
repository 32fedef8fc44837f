/**
 * `npm run bench`: what users pay for memscope-ts, beside the peers they would use
 * instead, against the project's targets. Prints one table (one `name: value unit` line per
 * figure) on stdout, progress on stderr, and writes BENCHMARKS.md (full mode only).
 *
 *   --quick (or BENCH_QUICK=1)  small sizes, one round, under a minute
 *   --no-write                  do not write BENCHMARKS.md
 *   --only=a,b                  sections: workloads, export, modules (for development)
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { repoRoot } from "../lib/toolchain.js";
import { buildWorkloads } from "./build-fixtures.js";
import { exportFigures } from "./export-bench.js";
import { htmlFigures } from "./html-bench.js";
import { formatFigure, sizeLabel, type Figure } from "./figures.js";
import { describeMachine, machineLines } from "./machine.js";
import { measureRecordMemory, measureRuntimeHotLoop, recordMemorySizes, RECORD_KINDS, HOT_LOOP_KINDS } from "./runtime-benches.js";
import { benchmarksMarkdown, targetSummary } from "./report.js";
import { parseJsonFields, runSubBench, type SubBench } from "./sub-benches.js";
import { SUITE_FIGURES } from "./test-suite.js";
import { benchWorkload, LONG_ROUNDS } from "./workload-bench.js";
import { WORKLOADS } from "./workloads.js";

const SECTIONS = ["workloads", "export", "modules"] as const;
type Section = (typeof SECTIONS)[number];

interface Options {
  quick: boolean;
  write: boolean;
  sections: Set<Section>;
}

function parseOptions(argv: readonly string[]): Options {
  const options: Options = { quick: process.env.BENCH_QUICK === "1", write: true, sections: new Set(SECTIONS) };
  for (const arg of argv) {
    if (arg === "--quick") options.quick = true;
    else if (arg === "--no-write") options.write = false;
    else if (arg.startsWith("--only=")) {
      const wanted = arg.slice("--only=".length).split(",");
      const unknown = wanted.filter((section) => !(SECTIONS as readonly string[]).includes(section));
      if (unknown.length > 0) fail(`unknown section ${unknown.join(", ")} (sections: ${SECTIONS.join(", ")})`);
      options.sections = new Set(wanted as Section[]);
    } else fail(`unknown option ${arg} (options: --quick, --no-write, --only=${SECTIONS.join(",")})`);
  }
  return options;
}

function fail(message: string): never {
  process.stderr.write(`bench: ${message}\n`);
  process.exit(2);
}

/**
 * The other parts' measuring modules: how to run each, and which of its lines the
 * table takes (under which name). Adjusted to each module as it lands.
 */
const SUB_BENCHES: readonly SubBench[] = [
  {
    module: "hot-loop",
    title: "runtime hot path, in process",
    args: () => [],
    drive: measureRuntimeHotLoop,
    figures: () => HOT_LOOP_KINDS.map((kind) => ({ name: `runtime_hot_loop_${kind}_ratio`, unit: "x" })),
  },
  {
    module: "record-memory",
    title: "runtime memory per tracked record",
    args: () => [],
    drive: (context) => measureRecordMemory(context, sizeLabel),
    figures: (quick) => [
      ...recordMemorySizes(quick).flatMap((count) => [
        { name: `record_memory_${sizeLabel(count)}`, unit: "bytes/record", target: { max: 110 } },
        ...RECORD_KINDS.map((kind) => ({ name: `record_memory_${kind}_${sizeLabel(count)}`, unit: "bytes/record" })),
      ]),
      ...recordMemorySizes(quick).flatMap((count) => [
        { name: `record_memory_sampled_${sizeLabel(count)}`, unit: "bytes/registration" },
        ...RECORD_KINDS.map((kind) => ({ name: `record_memory_sampled_${kind}_${sizeLabel(count)}`, unit: "bytes/registration" })),
      ]),
    ],
  },
  {
    module: "test-suite",
    title: "a generated test-suite-shaped program: 200 files x 25 short cases, 4 tracked bindings each, 4 rounds",
    args: (quick) => (quick ? ["--skip=quick runs leave it out: it builds a 200-file project of its own"] : ["5"]),
    figures: () =>
      SUITE_FIGURES.map((figure) => ({
        ...figure,
        ...(figure.name === "test_suite_memscope_wall_ratio" ? { target: { max: 1.25 } } : figure.name === "test_suite_off_wall_ratio" ? { target: { max: 1.05 } } : {}),
      })),
  },
  {
    module: "stack-depth",
    title: "maximum recursion depth, plain vs instrumented",
    args: () => [],
    figures: () =>
      (["", "_node24"] as const).flatMap((node) =>
        (["cold", "warm"] as const).flatMap((phase) => [
          { name: `stack_depth_plain${node}_${phase}`, unit: "frames" },
          { name: `stack_depth_instrumented${node}_${phase}`, unit: "frames" },
          { name: `stack_depth${node}_${phase}_loss`, unit: "%", target: { max: 5 } },
          { name: `stack_depth${node}_${phase}_try_finally_only_loss`, unit: "%" },
        ]),
      ),
  },
  {
    module: "compile",
    title: "tspc with vs without the plugin on rxjs's sources",
    // Prints one JSON object: { files, repeats, plainMs, instrumentedMs, ratio } (medians).
    args: (quick) => [quick ? "1" : "3"],
    parse: parseJsonFields,
    figures: () => [
      { name: "compile_files", from: "files", unit: "files" },
      { name: "compile_plain_time", from: "plainMs", unit: "ms" },
      { name: "compile_instrumented_time", from: "instrumentedMs", unit: "ms" },
      { name: "compile_ratio", from: "ratio", unit: "x", target: { max: 1.25 } },
    ],
  },
  {
    module: "metrics-mode",
    title: "metrics mode (MEMSCOPE_METRICS=otel, scraped every 250 ms) on the web server, vs production mode without",
    args: (quick) => (quick ? ["--quick"] : ["--requests=20000", "--rounds=3"]),
    figures: () => [
      { name: "metrics_mode_work_ratio", unit: "x" },
      { name: "metrics_mode_cpu_ratio", unit: "x" },
      { name: "metrics_mode_sdk_only_cpu_ratio", unit: "x" },
      { name: "metrics_mode_collection_mean", unit: "ms" },
      { name: "metrics_mode_collection_max", unit: "ms" },
      { name: "metrics_mode_scrapes", unit: "scrapes" },
    ],
  },
  {
    module: "collection-cost",
    title: "one sampler tick and one metrics collection, in process, with 100,000 live records",
    args: (quick) => [quick ? "--live=10000" : "--live=100000"],
    figures: () => [
      { name: "sampler_tick_time", unit: "ms" },
      { name: "metrics_collect_first_time", unit: "ms" },
      { name: "metrics_collect_time", unit: "ms" },
      { name: "metrics_collect_records", unit: "records" },
    ],
  },
  {
    module: "precise",
    title: "precise mode: exact sizes from a heap snapshot, vs writing one and vs memlab",
    args: (quick) => (quick ? ["--mb=10", "--targets=500"] : ["--mb=100", "--targets=10000"]),
    figures: () => [
      { name: "precise_heap_size", from: "heap_target", unit: "MiB" },
      { name: "precise_tracked_objects", from: "tracked_objects", unit: "objects" },
      { name: "precise_measure_time", from: "precise_ms", unit: "ms" },
      { name: "precise_heap_snapshot_write_time", from: "write_ms", unit: "ms" },
      { name: "precise_vs_heap_snapshot_ratio", from: "precise_vs_write", unit: "x" },
      { name: "precise_memlab_time", from: "write_plus_memlab_ms", unit: "ms" },
      { name: "precise_peak_rss", from: "precise_peak_rss", unit: "MiB" },
    ],
  },
];

const analysisFile = path.join(repoRoot, "scripts/bench/ANALYSIS.md");

async function main(): Promise<void> {
  const options = parseOptions(process.argv.slice(2));
  const machine = describeMachine(repoRoot);
  const started = process.hrtime.bigint();
  // Inside the repository (.tmp/ is ignored): built workloads resolve rxjs and
  // memscope-ts/runtime from its node_modules, as a user's project would.
  mkdirSync(path.join(repoRoot, ".tmp"), { recursive: true });
  const scratchRoot = mkdtempSync(path.join(repoRoot, ".tmp", "bench-"));
  const settings = {
    quick: options.quick,
    allocTrackingRounds: 1,
    timeoutMs: options.quick ? 60_000 : 240_000,
    scratchRoot,
  };
  const exportSizes = options.quick ? [1_000, 5_000, 20_000] : [10_000, 100_000, 1_000_000];
  process.stderr.write(`bench: ${options.quick ? "quick mode" : "full run"}; scratch ${scratchRoot}\n`);

  const figures: Figure[] = [];
  try {
    if (options.sections.has("workloads")) {
      process.stderr.write("bench: building fixtures/bench with tsc and with tspc…\n");
      const built = await buildWorkloads(
        WORKLOADS.map((workload) => workload.dir),
        path.join(scratchRoot, "build"),
      );
      for (const workload of WORKLOADS) figures.push(...(await benchWorkload(workload, built.get(workload.dir)!, settings)));
    }
    if (options.sections.has("export")) {
      figures.push(...(await exportFigures(exportSizes, scratchRoot, settings.timeoutMs)));
      // Quick runs: the smallest size only (each size starts a browser).
      figures.push(...(await htmlFigures(options.quick ? exportSizes.slice(0, 1) : exportSizes, scratchRoot)));
    }
    if (options.sections.has("modules")) {
      for (const bench of SUB_BENCHES) {
        const scratch = path.join(scratchRoot, "modules", bench.module);
        figures.push(...(await runSubBench(bench, options.quick, options.quick ? 120_000 : 400_000, scratch)));
      }
    }
  } finally {
    rmSync(scratchRoot, { recursive: true, force: true });
  }
  const durationS = Number(process.hrtime.bigint() - started) / 1e9;

  const header = [
    `memscope-ts bench (${options.quick ? "quick: small sizes" : "full"}), ${durationS.toFixed(0)} s`,
    ...machineLines(machine),
  ];
  process.stdout.write(`${header.map((line) => `# ${line}`).join("\n")}\n${figures.map(formatFigure).join("\n")}\n# ${targetSummary(figures)}\n`);

  if (options.write && !options.quick && options.sections.size === SECTIONS.length) {
    const markdown = benchmarksMarkdown(figures, {
      machine,
      quick: options.quick,
      durationS,
      rounds: WORKLOADS.map((workload) => `${workload.name} ${options.quick ? 1 : workload.rounds}`).join(", "),
      allocTrackingRounds: settings.allocTrackingRounds,
      longRounds: LONG_ROUNDS,
      workloads: WORKLOADS.map((workload) => ({
        name: workload.name,
        description: `fixtures/bench/${workload.dir}: ${workload.describe(workload.scale.full)}${workload.scale.long === undefined ? "" : `; long run: ${workload.describe(workload.scale.long)}`}`,
      })),
      exportSizes,
      analysis: existsSync(analysisFile) ? readFileSync(analysisFile, "utf8") : null,
    });
    writeFileSync(path.join(repoRoot, "BENCHMARKS.md"), markdown);
    process.stderr.write("bench: wrote BENCHMARKS.md\n");
  }
}

main().catch((error: unknown) => fail(error instanceof Error ? error.message : String(error)));
