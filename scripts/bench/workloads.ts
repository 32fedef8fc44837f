/**
 * The measured programs (fixtures/bench/<dir>) and the four ways each is run:
 * plain build, instrumented build (memscope-ts), and the plain build under the two
 * peer tools (`node --heap-prof`, V8 allocation tracking through the inspector).
 */
import { existsSync, mkdirSync, readdirSync, rmSync, statSync } from "node:fs";
import path from "node:path";
import type { BuiltWorkload } from "./build-fixtures.js";
import type { Target } from "./figures.js";
import { failureReason, startTimed, type TimedRun } from "./processes.js";
import { requestShutdown, runLoad } from "./web-client.js";

export type VariantName = "plain" | "memscope" | "heap_prof" | "alloc_tracking";
export const VARIANTS: readonly VariantName[] = ["plain", "memscope", "heap_prof", "alloc_tracking"];

export interface Workload {
  /** Prefix of its figure names. */
  name: string;
  /** Folder under fixtures/bench/. */
  dir: string;
  kind: "batch" | "server";
  /**
   * Scale argument (batch) or number of requests (server), per mode; `long`, for the
   * realistic workloads, a run 3–5× longer (full mode only; ~3–6 s plain here), measured
   * plain vs memscope.
   */
  scale: { full: number; quick: number; long?: number };
  /** Rounds in a full run (quick runs one). */
  rounds: number;
  /** Which ratio the target judges, and against what. */
  target: { ratio: "work" | "wall"; max: Target["max"] };
  describe: (scale: number) => string;
}

export const WORKLOADS: readonly Workload[] = [
  {
    name: "hot_loop",
    dir: "hot-loop",
    kind: "batch",
    // "Called millions of times" (the issue): with the default hot-site sampling the export
    // at exit stays small (~21k records for 8M registrations), so five rounds fit.
    scale: { full: 2_000_000, quick: 100_000 },
    rounds: 5,
    target: { ratio: "work", max: 3 },
    describe: (n) => `${n} calls, 4 tracked bindings each`,
  },
  {
    name: "rxjs",
    dir: "rxjs-pipeline",
    kind: "batch",
    // Full sizes run ~1.5–2.5 s plain on the bench machine: a short program's wall ratio
    // is mostly the fixed cost at exit (reported as <name>_memscope_outside_work).
    scale: { full: 2_000_000, quick: 10_000, long: 10_000_000 },
    rounds: 5,
    target: { ratio: "wall", max: 1.1 },
    describe: (n) => `${n} events through an rxjs pipeline`,
  },
  {
    name: "json",
    dir: "json-processing",
    kind: "batch",
    scale: { full: 60_000, quick: 1_000, long: 180_000 },
    rounds: 5,
    target: { ratio: "wall", max: 1.1 },
    describe: (n) => `${n}-order JSON document, 6 parse/aggregate/serialise rounds`,
  },
  {
    name: "web_server",
    dir: "web-server",
    kind: "server",
    scale: { full: 8_000, quick: 200, long: 40_000 },
    rounds: 5,
    target: { ratio: "wall", max: 1.1 },
    describe: (n) => `${n} requests, 8 in flight, keep-alive, 127.0.0.1`,
  },
];

export interface VariantRun {
  /** Spawn to exit, milliseconds: startup, work, and (memscope) the export at exit. */
  wallMs: number;
  /** The work phase only, milliseconds (timed by the program, or by the load client). */
  workMs: number;
  /** stdout without the timing line and the listening port: must equal the plain build's. */
  output: string;
}

export interface RunContext {
  workload: Workload;
  built: BuiltWorkload;
  scale: number;
  /** Scratch directory for this run's reports and profiles; removed afterwards. */
  scratch: string;
  timeoutMs: number;
}

const preloadUrl = new URL("./alloc-tracking-preload.js", import.meta.url).href;

interface Invocation {
  script: string;
  nodeArgs: string[];
  env: NodeJS.ProcessEnv;
  /** Checks the tool wrote what it promises; returns a reason when it did not. */
  check: () => string | null;
}

function nonEmptyFiles(dir: string, suffix: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).filter((file) => file.endsWith(suffix) && statSync(path.join(dir, file)).size > 0);
}

function invocation(variant: VariantName, context: RunContext): Invocation {
  const { built, scratch, workload } = context;
  switch (variant) {
    case "plain":
      return { script: built.plainMain!, nodeArgs: [], env: {}, check: () => null };
    case "memscope": {
      const outDir = path.join(scratch, "memscope-out");
      const expected = ["_snapshot.json", "_memory_analysis.svg", "_lifecycle_timeline.svg", "_report.html"].map((s) => workload.name + s);
      return {
        script: built.instrumentedMain!,
        nodeArgs: [],
        env: { MEMSCOPE_OUT: outDir, MEMSCOPE_NAME: workload.name },
        check: () => {
          const missing = expected.filter((file) => nonEmptyFiles(outDir, file).length === 0);
          return missing.length === 0 ? null : `the instrumented run did not write ${missing.join(", ")}`;
        },
      };
    }
    case "heap_prof": {
      const dir = path.join(scratch, "heap-prof");
      return {
        script: built.plainMain!,
        nodeArgs: ["--heap-prof", `--heap-prof-dir=${dir}`],
        env: {},
        check: () => (nonEmptyFiles(dir, ".heapprofile").length > 0 ? null : "node --heap-prof wrote no profile"),
      };
    }
    case "alloc_tracking": {
      const file = path.join(scratch, "allocations.heapsnapshot");
      return {
        script: built.plainMain!,
        nodeArgs: ["--import", preloadUrl],
        env: { BENCH_ALLOC_OUT: file },
        check: () => (nonEmptyFiles(scratch, ".heapsnapshot").length > 0 ? null : "allocation tracking wrote no snapshot"),
      };
    }
  }
}

function normalizeOutput(stdout: string): { output: string; workMs: number | null } {
  const timing = /^#bench work_ms=([\d.]+)$/m.exec(stdout);
  const output = stdout.replace(/^#bench work_ms=.*\n?/m, "").replace(/^listening \d+$/m, "listening <port>");
  return { output, workMs: timing ? Number(timing[1]) : null };
}

function ensureSucceeded(run: TimedRun, limitMs: number): void {
  if (run.timedOut || run.status !== 0) throw new Error(failureReason(run, limitMs));
}

async function runBatch(context: RunContext, call: Invocation): Promise<VariantRun> {
  const run = await startTimed(process.execPath, [...call.nodeArgs, call.script, String(context.scale)], {
    env: call.env,
    timeoutMs: context.timeoutMs,
  }).done;
  ensureSucceeded(run, context.timeoutMs);
  const { output, workMs } = normalizeOutput(run.stdout);
  if (workMs === null) throw new Error("the workload printed no #bench work_ms line");
  return { wallMs: run.wallMs, workMs, output };
}

async function runServer(context: RunContext, call: Invocation): Promise<VariantRun> {
  let announcePort: (port: number) => void = () => {};
  const listening = new Promise<number>((resolve) => (announcePort = resolve));
  let seen = "";
  const server = startTimed(process.execPath, [...call.nodeArgs, call.script], {
    env: call.env,
    timeoutMs: context.timeoutMs,
    onStdout: (chunk) => {
      seen += chunk;
      const match = /^listening (\d+)$/m.exec(seen);
      if (match) announcePort(Number(match[1]));
    },
  });
  const exitedEarly = server.done.then((run) => {
    throw new Error(`the server stopped before serving the load: ${failureReason(run, context.timeoutMs)}`);
  });
  // Marked handled now: it rejects on every normal exit too, and only matters in the races.
  exitedEarly.catch(() => undefined);
  try {
    const port = await Promise.race([listening, exitedEarly]);
    const workMs = await Promise.race([
      runLoad({ port, requests: context.scale, concurrency: 8, timeoutMs: context.timeoutMs }),
      exitedEarly,
    ]);
    await requestShutdown(port);
    const run = await server.done;
    ensureSucceeded(run, context.timeoutMs);
    return { wallMs: run.wallMs, workMs, output: normalizeOutput(run.stdout).output };
  } catch (error) {
    server.child.kill("SIGKILL");
    await server.done.catch(() => undefined);
    throw error;
  }
}

/** Runs one variant once; throws an Error whose message is the n/a reason. */
export async function runVariant(variant: VariantName, context: RunContext): Promise<VariantRun> {
  rmSync(context.scratch, { recursive: true, force: true });
  mkdirSync(context.scratch, { recursive: true });
  try {
    const call = invocation(variant, context);
    const result = context.workload.kind === "server" ? await runServer(context, call) : await runBatch(context, call);
    const missing = call.check();
    if (missing) throw new Error(missing);
    return result;
  } finally {
    rmSync(context.scratch, { recursive: true, force: true });
  }
}
