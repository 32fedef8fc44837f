/**
 * Runtime memory per tracked record, all-in: registers N records of one kind in a
 * fresh process (--expose-gc) and divides the growth of V8 heap used + external
 * memory by N. The tracked values are created and retained before the baseline, so
 * only the runtime's own memory is counted (typed arrays, weak handles, maps).
 *
 *   node dist/scripts/bench/record-memory.js            # table for 100k and 1M
 *   node --expose-gc dist/scripts/bench/record-memory.js one KIND N [sampled]   # one measurement
 *
 * "per record": every registration kept (MEMSCOPE_HOT_SITES=off). "per registration,
 * sampled": the default hot-site sampling, all N registrations from one site, growth
 * divided by N (kept records + counted ones).
 */
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";

/** The runtime as instrumented programs load it: the package export, the bundle `npm run build` writes. */
const RUNTIME: string = "memscope-ts/runtime";

const KINDS = ["string", "object", "array"] as const;
type Kind = (typeof KINDS)[number];

function makeValue(kind: Kind, i: number): unknown {
  if (kind === "string") return `s${i}`;
  if (kind === "object") return { i };
  return [i];
}

async function measureOne(kind: Kind, count: number, sampled: boolean): Promise<void> {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (gc === undefined) throw new Error("run with --expose-gc");
  const values: unknown[] = new Array(count);
  for (let i = 0; i < count; i++) values[i] = makeValue(kind, i);
  const rt = (await import(RUNTIME)) as typeof import("../../runtime/index.js");
  const base = rt.registerFile("bench/record-memory.ts", [
    [0, "<module>", 1, 1, -1],
    [1, "value", kind, kind === "array" ? "collection" : kind === "string" ? "string" : "box", kind === "array" ? "Array" : kind === "string" ? "string" : "object", 2, 1, 0, -1],
  ]);
  const scope = rt.enter(base);
  const usage = () => {
    gc();
    gc();
    const memory = process.memoryUsage();
    return memory.heapUsed + memory.external;
  };
  const before = usage();
  for (let i = 0; i < count; i++) rt.track(values[i], base + 1, scope);
  const after = usage();
  const stats = rt.getStats();
  if (stats.tracked !== count || (!sampled && stats.dropped !== 0)) throw new Error(`expected ${count} records, got ${JSON.stringify(stats)}`);
  process.stdout.write(JSON.stringify({ kind, count, bytesPerRecord: (after - before) / count, kept: count - stats.dropped, retained: values.length }));
}

function measure(kind: Kind, count: number, sampled: boolean): { bytesPerRecord: number; kept: number } {
  const run = spawnSync(process.execPath, ["--expose-gc", fileURLToPath(import.meta.url), "one", kind, String(count), ...(sampled ? ["sampled"] : [])], {
    encoding: "utf8",
    env: {
      ...process.env,
      MEMSCOPE_OUT: "/tmp/memscope-bench-out",
      MEMSCOPE_MAX_RECORDS: String(count),
      // "per record": every registration kept as a record, the cost of one record.
      MEMSCOPE_HOT_SITES: sampled ? "" : "off",
    },
    maxBuffer: 1 << 20,
  });
  if (run.status !== 0) throw new Error(run.stderr);
  return JSON.parse(run.stdout) as { bytesPerRecord: number; kept: number };
}

function main(): void {
  const rows = [
    "| kind | registrations | bytes per record | bytes per registration, sampled (records kept) |",
    "| --- | ---: | ---: | ---: |",
  ];
  for (const kind of KINDS) {
    for (const count of [100_000, 1_000_000]) {
      const full = measure(kind, count, false);
      const sampled = measure(kind, count, true);
      rows.push(`| ${kind} | ${count.toLocaleString("en")} | ${full.bytesPerRecord.toFixed(1)} | ${sampled.bytesPerRecord.toFixed(1)} (${sampled.kept.toLocaleString("en")}) |`);
    }
  }
  process.stdout.write(`${rows.join("\n")}\n`);
}

if (process.argv[2] === "one") await measureOne(process.argv[3] as Kind, Number(process.argv[4]), process.argv[5] === "sampled");
else main();
