/**
 * Maximum recursion depth, plain versus instrumented: a recursive function with one
 * tracked binding, written as the transformer emits it (enter / track / try-finally
 * exit), against the same function plain, each in a fresh process, found by bisection
 * over the depth at which it throws RangeError. Measured twice per process: "cold"
 * (the first search: interpreter frames) and "warm" (after the function was optimised).
 *
 *   node dist/scripts/bench/stack-depth.js
 *
 * Prints `stack_depth_{plain,instrumented}_{cold,warm}: N frames` and
 * `stack_depth_{cold,warm}_loss: P %` (how much shallower the instrumented one is).
 */
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";

const RUNTIME: string = "memscope-ts/runtime";

async function runOne(mode: "plain" | "traced"): Promise<void> {
  const rt = (await import(RUNTIME)) as typeof import("../../runtime/index.js");
  const base = rt.registerFile("bench/stack-depth.ts", [
    [0, "<module>", 1, 1, -1],
    [0, "walk", 2, 1, 0],
    [1, "path", "number[]", "collection", "Array", 3, 9, 1, -1],
  ]);
  function plainWalk(n: number): number {
    const path = [n];
    return n === 0 ? 0 : plainWalk(n - 1) + path.length;
  }
  function tracedWalk(n: number): number {
    const s = rt.enter(base + 1);
    try {
      const path = rt.track([n], base + 2, s);
      return n === 0 ? 0 : tracedWalk(n - 1) + path.length;
    } finally {
      rt.exit(s);
    }
  }
  const walk = mode === "plain" ? plainWalk : tracedWalk;
  const survives = (depth: number): boolean => {
    try {
      walk(depth);
      return true;
    } catch (error) {
      if (!(error instanceof RangeError)) throw error;
      return false;
    }
  };
  const maxDepth = (): number => {
    let low = 10;
    let high = 1_000_000;
    while (low < high) {
      const middle = Math.floor((low + high + 1) / 2);
      if (survives(middle)) low = middle;
      else high = middle - 1;
    }
    return low;
  };
  const cold = maxDepth();
  for (let i = 0; i < 20_000; i++) walk(3);
  const warm = maxDepth();
  process.stdout.write(JSON.stringify({ cold, warm }));
}

function measure(mode: "plain" | "traced"): { cold: number; warm: number } | null {
  const run = spawnSync(process.execPath, [fileURLToPath(import.meta.url), "--one", mode], {
    encoding: "utf8",
    env: { ...process.env, MEMSCOPE_OUT: process.env.MEMSCOPE_OUT ?? "memscope-out/bench-stack", MEMSCOPE_NAME: "stack-depth" },
  });
  if (run.status !== 0) return null;
  try {
    return JSON.parse(run.stdout) as { cold: number; warm: number };
  } catch {
    return null;
  }
}

if (process.argv[2] === "--one") {
  await runOne(process.argv[3] === "traced" ? "traced" : "plain");
} else {
  const plain = measure("plain");
  const traced = measure("traced");
  for (const phase of ["cold", "warm"] as const) {
    process.stdout.write(`stack_depth_plain_${phase}: ${plain ? plain[phase] : "n/a (run failed)"}${plain ? " frames" : ""}\n`);
    process.stdout.write(`stack_depth_instrumented_${phase}: ${traced ? traced[phase] : "n/a (run failed)"}${traced ? " frames" : ""}\n`);
    const loss = plain && traced ? ((1 - traced[phase] / plain[phase]) * 100).toFixed(1) : "n/a (run failed)";
    process.stdout.write(`stack_depth_${phase}_loss: ${loss}${plain && traced ? " %" : ""}\n`);
  }
}
