/**
 * Precise-mode benchmark: on a heap of about 100 MB (built in a fresh child process
 * per measurement), times
 *   (a) v8.writeHeapSnapshot alone,
 *   (b) measurePrecise over N tracked objects (snapshot through the inspector,
 *       streaming parse, dominator tree), with its phases and peak RSS,
 *   (c) memlab (@memlab/core) loading the file written in (a) and computing
 *       retained sizes,
 * and prints `name: value unit` lines. Target: (b) ≤ 2 × (a).
 *
 * Usage: node dist/scripts/bench/precise.js [--mb=100] [--targets=10000] [--runs=1]
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { writeHeapSnapshot } from "node:v8";
import { measurePreciseDetailed, type PrecisePhase } from "../../runtime/precise/index.js";

interface Options {
  mb: number;
  targets: number;
  runs: number;
}

function parseOptions(argv: readonly string[]): Options {
  const options: Options = { mb: 100, targets: 10_000, runs: 1 };
  for (const arg of argv) {
    const match = /^--(mb|targets|runs)=(\d+)$/.exec(arg);
    if (!match) throw new Error(`unknown argument ${arg}`);
    options[match[1] as keyof Options] = Number(match[2]);
  }
  return options;
}

// ---------------------------------------------------------------- child side

class BenchRecord {
  constructor(
    readonly id: number,
    readonly label: string,
    readonly values: number[],
    readonly meta: { group: string; extra: Map<number, string> | null },
  ) {}
}

/** Builds about `mb` MB of live, varied objects; returns them and the tracked subset. */
function buildHeap(mb: number, targetCount: number): { all: BenchRecord[]; targets: object[] } {
  const all: BenchRecord[] = [];
  const budget = mb * 1024 * 1024;
  const groups = Array.from({ length: 64 }, (_, i) => `group-${i}`);
  for (let i = 0; process.memoryUsage().heapUsed < budget || i < targetCount; i++) {
    // check the budget every 10k records only: memoryUsage() is not free
    for (let j = 0; j < 10_000; j++, i++) {
      const extra = i % 16 === 0 ? new Map([[i, `extra-${i}`]]) : null;
      all.push(new BenchRecord(i, `record-${i}`, [i, i + 1, i + 2, i * 0.5], { group: groups[i % 64]!, extra }));
    }
  }
  const step = Math.max(1, Math.floor(all.length / targetCount));
  const targets: object[] = [];
  for (let i = 0; i < all.length && targets.length < targetCount; i += step) targets.push(all[i]!);
  return { all, targets };
}

const keep: unknown[] = [];
const mib = (bytes: number): string => (bytes / 1048576).toFixed(1);

function child(role: string, options: Options, path: string): void {
  const lines: string[] = [];
  if (role === "memlab") {
    void runMemlab(path);
    return;
  }
  const heap = buildHeap(options.mb, options.targets);
  keep.push(heap.all);
  const rssBefore = process.memoryUsage().rss;
  lines.push(`heap_used: ${mib(process.memoryUsage().heapUsed)} MiB`);
  const started = performance.now();
  if (role === "write") {
    writeHeapSnapshot(path);
    lines.push(`write_ms: ${(performance.now() - started).toFixed(0)} ms`);
    lines.push(`snapshot_file: ${mib(statSync(path).size)} MiB`);
  } else {
    const firstSeen = new Map<PrecisePhase, number>();
    const result = measurePreciseDetailed(heap.targets, {
      onProgress: (phase) => {
        if (!firstSeen.has(phase)) firstSeen.set(phase, performance.now() - started);
      },
    });
    const total = performance.now() - started;
    const streamStart = firstSeen.get("parse") ?? Number.NaN;
    const domStart = firstSeen.get("dominators") ?? Number.NaN;
    lines.push(`precise_ms: ${total.toFixed(0)} ms`);
    lines.push(`precise_v8_build_ms: ${streamStart.toFixed(0)} ms`);
    lines.push(`precise_stream_parse_ms: ${(domStart - streamStart).toFixed(0)} ms`);
    lines.push(`precise_dominators_ms: ${(total - domStart).toFixed(0)} ms`);
    lines.push(`precise_located: ${result.retained.filter((v) => !Number.isNaN(v)).length} of ${heap.targets.length}`);
    lines.push(`precise_snapshot_nodes: ${result.nodeCount} nodes`);
    lines.push(`precise_snapshot_edges: ${result.edgeCount} edges`);
  }
  lines.push(`rss_before: ${mib(rssBefore)} MiB`);
  lines.push(`peak_rss: ${(process.resourceUsage().maxRSS / 1024).toFixed(1)} MiB`);
  process.stdout.write(lines.join("\n") + "\n");
}

async function runMemlab(path: string): Promise<void> {
  const memlab = (await import("@memlab/core")).default;
  memlab.config.muteConsole = true;
  const started = performance.now();
  const snapshot = await memlab.utils.getSnapshotFromFile(path, { buildNodeIdIndex: true });
  const loaded = performance.now();
  new memlab.TraceFinder().calculateAllNodesRetainedSizes(snapshot);
  const done = performance.now();
  process.stdout.write(
    [
      `memlab_ms: ${(done - started).toFixed(0)} ms`,
      `memlab_load_ms: ${(loaded - started).toFixed(0)} ms`,
      `memlab_retained_ms: ${(done - loaded).toFixed(0)} ms`,
      `peak_rss: ${(process.resourceUsage().maxRSS / 1024).toFixed(1)} MiB`,
    ].join("\n") + "\n",
  );
}

// ---------------------------------------------------------------- parent side

function run(role: string, options: Options, path: string): Map<string, string> {
  const script = fileURLToPath(import.meta.url);
  const args = [`--max-old-space-size=8192`, script, `--role=${role}`, `--path=${path}`, `--mb=${options.mb}`, `--targets=${options.targets}`];
  const result = spawnSync(process.execPath, args, { encoding: "utf8", maxBuffer: 1 << 24 });
  if (result.status !== 0) throw new Error(`${role} child failed (${result.status ?? result.signal}): ${result.stderr.trim()}`);
  const values = new Map<string, string>();
  for (const line of result.stdout.trim().split("\n")) {
    const colon = line.indexOf(": ");
    values.set(line.slice(0, colon), line.slice(colon + 2));
  }
  return values;
}

function main(): void {
  const argv = process.argv.slice(2);
  const role = argv.find((a) => a.startsWith("--role="))?.slice(7);
  const path = argv.find((a) => a.startsWith("--path="))?.slice(7);
  const rest = argv.filter((a) => !a.startsWith("--role=") && !a.startsWith("--path="));
  const options = parseOptions(rest);
  if (role && path) {
    child(role, options, path);
    return;
  }
  const dir = mkdtempSync(join(tmpdir(), "memscope-bench-precise-"));
  try {
    console.log(`heap_target: ${options.mb} MiB`);
    console.log(`tracked_objects: ${options.targets} objects`);
    for (let r = 0; r < options.runs; r++) {
      const file = join(dir, `run-${r}.heapsnapshot`);
      const write = run("write", options, file);
      const precise = run("precise", options, file);
      const memlab = run("memlab", options, file);
      rmSync(file, { force: true });
      const suffix = options.runs > 1 ? `_run${r + 1}` : "";
      for (const [k, v] of write) console.log(`write_${k.replace(/^write_/, "")}${suffix}: ${v}`);
      for (const [k, v] of precise) console.log(`${k.startsWith("precise") ? k : `precise_${k}`}${suffix}: ${v}`);
      for (const [k, v] of memlab) console.log(`${k.startsWith("memlab") ? k : `memlab_${k}`}${suffix}: ${v}`);
      const ratio = parseFloat(precise.get("precise_ms")!) / parseFloat(write.get("write_ms")!);
      console.log(`precise_vs_write${suffix}: ${ratio.toFixed(2)} x (target <= 2)`);
      // memlab needs the written file: its whole path is (a) + (c).
      const memlabPath = parseFloat(write.get("write_ms")!) + parseFloat(memlab.get("memlab_ms")!);
      console.log(`write_plus_memlab_ms${suffix}: ${memlabPath.toFixed(0)} ms`);
      console.log(`write_plus_memlab_vs_precise${suffix}: ${(memlabPath / parseFloat(precise.get("precise_ms")!)).toFixed(2)} x`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

main();
