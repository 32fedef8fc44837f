/**
 * Hot-loop overhead: a function that declares one tracked binding, called N times,
 * instrumented (enter/track/exit as the transformer emits them) versus plain.
 * Runs alternate (plain, traced, plain, traced, ...) in fresh processes; the
 * reported ratio is the median traced time over the median plain time.
 *
 *   node dist/scripts/bench/hot-loop.js [N=1000000] [ROUNDS=5]
 *
 * The traced runs inherit the environment: MEMSCOPE_HOT_SITES=off measures every
 * registration kept as a record (the default samples a site past 10,000 records).
 */
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";

/** The runtime as instrumented programs load it: the package export, the bundle `npm run build` writes. */
const RUNTIME: string = "memscope-ts/runtime";

/**
 * string/array/object: the step does nothing but create the value (worst case: the
 * plain loop is a few ns per call once V8 elides the allocation). rows: the step
 * builds and sums 32 row objects, a small but real amount of work per binding.
 */
const VALUE_KINDS = ["string", "array", "object", "rows"] as const;
type ValueKind = (typeof VALUE_KINDS)[number];

async function runOne(mode: "plain" | "traced", kind: ValueKind, n: number): Promise<void> {
  const rt = (await import(RUNTIME)) as typeof import("../../runtime/index.js");
  const base = rt.registerFile("bench/hot-loop.ts", [
    [0, "<module>", 1, 1, -1],
    [0, "step", 2, 1, 0],
    [1, "value", kind, kind === "string" ? "string" : kind === "object" ? "box" : "collection", kind === "string" ? "string" : kind === "object" ? "object" : "Array", 3, 9, 1, -1],
  ]);
  let sink = 0;
  const makeRows = (i: number) => Array.from({ length: 32 }, (_, k) => ({ id: k, value: (i * 31 + k) % 97 }));
  const make: (i: number) => unknown =
    kind === "string" ? (i) => `v${i & 1023}` : kind === "array" ? (i) => [i] : kind === "object" ? (i) => ({ i }) : makeRows;
  const use = (value: unknown): number =>
    typeof value === "string" ? value.length : kind === "rows" ? (value as Array<{ value: number }>).reduce((sum, row) => sum + row.value, 0) : 1;
  function plainStep(i: number): number {
    const value = make(i);
    return use(value);
  }
  function tracedStep(i: number): number {
    const s = rt.enter(base + 1);
    try {
      const value = rt.track(make(i), base + 2, s);
      return use(value);
    } finally {
      rt.exit(s);
    }
  }
  const step = mode === "plain" ? plainStep : tracedStep;
  const start = process.hrtime.bigint();
  for (let i = 0; i < n; i++) sink += step(i);
  const elapsed = Number(process.hrtime.bigint() - start) / 1e6;
  process.stdout.write(JSON.stringify({ mode, kind, n, ms: elapsed, sink }));
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

function main(): void {
  const n = Number(process.argv[2] ?? 1_000_000);
  const rounds = Number(process.argv[3] ?? 5);
  const rows = ["| value | calls | plain ms (median) | traced ms (median) | ratio |", "| --- | ---: | ---: | ---: | ---: |"];
  for (const kind of VALUE_KINDS) {
    const times: Record<string, number[]> = { plain: [], traced: [] };
    for (let round = 0; round < rounds; round++) {
      for (const mode of ["plain", "traced"] as const) {
        const run = spawnSync(process.execPath, [fileURLToPath(import.meta.url), "one", mode, kind, String(n)], {
          encoding: "utf8",
          env: { ...process.env, MEMSCOPE_OUT: "/tmp/memscope-bench-out", MEMSCOPE: mode === "plain" ? "off" : "" },
        });
        if (run.status !== 0) throw new Error(run.stderr);
        times[mode]!.push((JSON.parse(run.stdout) as { ms: number }).ms);
      }
    }
    const plain = median(times.plain!);
    const traced = median(times.traced!);
    rows.push(`| ${kind} | ${n.toLocaleString("en")} | ${plain.toFixed(1)} | ${traced.toFixed(1)} | ${(traced / plain).toFixed(2)}× |`);
  }
  process.stdout.write(`${rows.join("\n")}\n`);
}

if (process.argv[2] === "one") await runOne(process.argv[3] as "plain" | "traced", process.argv[4] as ValueKind, Number(process.argv[5]));
else main();
