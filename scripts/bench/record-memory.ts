/**
 * Runtime memory per tracked record, all-in: registers N records of one kind in a
 * fresh process (--expose-gc) and divides the growth of V8 heap used + external
 * memory by N. The tracked values are created and retained before the baseline, so
 * only the runtime's own memory is counted (typed arrays, weak handles, maps).
 *
 *   node dist/scripts/bench/record-memory.js            # table for 100k and 1M
 *   node --expose-gc dist/scripts/bench/record-memory.js one KIND N   # one measurement
 */
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";

const KINDS = ["string", "object", "array"] as const;
type Kind = (typeof KINDS)[number];

function makeValue(kind: Kind, i: number): unknown {
  if (kind === "string") return `s${i}`;
  if (kind === "object") return { i };
  return [i];
}

async function measureOne(kind: Kind, count: number): Promise<void> {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (gc === undefined) throw new Error("run with --expose-gc");
  const values: unknown[] = new Array(count);
  for (let i = 0; i < count; i++) values[i] = makeValue(kind, i);
  const rt = await import("../../runtime/index.js");
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
  if (stats.tracked !== count || stats.dropped !== 0) throw new Error(`expected ${count} records, got ${JSON.stringify(stats)}`);
  process.stdout.write(JSON.stringify({ kind, count, bytesPerRecord: (after - before) / count, retained: values.length }));
}

function main(): void {
  const rows = ["| kind | records | bytes per record |", "| --- | ---: | ---: |"];
  for (const kind of KINDS) {
    for (const count of [100_000, 1_000_000]) {
      const run = spawnSync(process.execPath, ["--expose-gc", fileURLToPath(import.meta.url), "one", kind, String(count)], {
        encoding: "utf8",
        // Every registration kept as a record: this measures the cost of one record.
        env: { ...process.env, MEMSCOPE_OUT: "/tmp/memscope-bench-out", MEMSCOPE_MAX_RECORDS: String(count), MEMSCOPE_HOT_SITES: "off" },
        maxBuffer: 1 << 20,
      });
      if (run.status !== 0) throw new Error(run.stderr);
      const result = JSON.parse(run.stdout) as { bytesPerRecord: number };
      rows.push(`| ${kind} | ${count.toLocaleString("en")} | ${result.bytesPerRecord.toFixed(1)} |`);
    }
  }
  process.stdout.write(`${rows.join("\n")}\n`);
}

if (process.argv[2] === "one") await measureOne(process.argv[3] as Kind, Number(process.argv[4]));
else main();
