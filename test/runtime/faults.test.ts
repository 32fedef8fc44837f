/**
 * Fault injection: each scenario runs the same program plain (the runtime replaced by
 * a pass-through) and instrumented, and compares how it ends — exit code, terminating
 * signal, when it died, stdout and stderr — then checks what the fault left on disk.
 * The export child is a stand-in (helpers.ts) unless a scenario replaces it with a
 * faulty one.
 */
import test from "ava";
import { spawn } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { pathToFileURL } from "node:url";
import { makeSandbox, outFiles, programsDir, receivedSnapshot, removeSandbox, type Sandbox } from "./helpers.js";

const PLAIN_STUB = `export const registerFile = () => 0; export const enter = () => 0; export const exit = () => {};
export const track = (v) => v; export const trackVar = (v) => v; export const collectRaw = () => null; export const getStats = () => null;`;

interface Ended {
  status: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  /** Milliseconds from the first signal sent to the process's end (or from start, without signals). */
  endedAfterMs: number;
  sandbox: Sandbox;
}

interface Scenario {
  mode: string;
  args?: string[];
  /** Signals to send, each once `ready` is printed plus `afterMs`. */
  signals?: Array<{ signal: NodeJS.Signals; afterMs: number }>;
  plain?: boolean;
  sandbox?: Sandbox;
  env?: Record<string, string>;
  /** Load the runtime as programs do, from its bundle (its frames differ from the module graph's). */
  bundle?: boolean;
}

function run(scenario: Scenario): Promise<Ended> {
  const sandbox = scenario.sandbox ?? makeSandbox();
  let runtimeUrl = scenario.bundle ? sandbox.runtimeUrl.replace(/index\.js$/, "index.bundle.js") : sandbox.runtimeUrl;
  if (scenario.plain) {
    const stub = path.join(sandbox.dir, "plain-stub.js");
    fs.writeFileSync(stub, PLAIN_STUB);
    runtimeUrl = pathToFileURL(stub).href;
  }
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(programsDir, "faults.js"), scenario.mode, ...(scenario.args ?? [])], {
      cwd: sandbox.dir,
      env: { ...process.env, MEMSCOPE_OUT: sandbox.outDir, MEMSCOPE_NAME: "run", MS_RUNTIME_URL: runtimeUrl, ...(scenario.env ?? {}) },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    let firstSignalAt = Date.now();
    let sent = false;
    const timers: NodeJS.Timeout[] = [];
    const killer = setTimeout(() => child.kill("SIGKILL"), 20_000);
    child.stdout.setEncoding("utf8").on("data", (chunk: string) => {
      stdout += chunk;
      if (!sent && stdout.includes("ready\n")) {
        sent = true;
        const readyAt = Date.now();
        for (const [i, { signal, afterMs }] of (scenario.signals ?? []).entries()) {
          timers.push(
            setTimeout(() => {
              if (i === 0) firstSignalAt = Date.now();
              child.kill(signal);
            }, Math.max(0, readyAt + afterMs - Date.now())),
          );
        }
      }
    });
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => {
      stderr += chunk;
    });
    child.on("error", reject);
    child.on("close", (status, signal) => {
      clearTimeout(killer);
      for (const timer of timers) clearTimeout(timer);
      resolve({ status, signal, stdout, stderr, endedAfterMs: Date.now() - firstSignalAt, sandbox });
    });
  });
}

/** Runs plain then instrumented and checks they end the same way; returns the instrumented run. */
async function compare(t: import("ava").ExecutionContext, scenario: Scenario, slackMs = 1500, sameStdout = true): Promise<{ traced: Ended; plain: Ended }> {
  const plain = await run({ ...scenario, plain: true });
  const traced = await run(scenario);
  t.is(traced.status, plain.status, "exit code");
  t.is(traced.signal, plain.signal, "terminating signal");
  if (sameStdout) t.is(traced.stdout, plain.stdout, "stdout");
  t.true(traced.endedAfterMs <= plain.endedAfterMs + slackMs, `ended ${traced.endedAfterMs} ms after the signal (plain: ${plain.endedAfterMs} ms)`);
  removeSandbox(plain.sandbox);
  return { traced, plain };
}

/** Files in the output folder that are not a finished report (temp files, raw snapshots). */
function hiddenFiles(sandbox: Sandbox): string[] {
  return outFiles(sandbox).filter((file) => file.startsWith("."));
}

for (const signal of ["SIGTERM", "SIGINT"] as const) {
  test.serial(`${signal}, idle, no listener: dies by ${signal}, exported first`, async (t) => {
    const { traced } = await compare(t, { mode: "idle", signals: [{ signal, afterMs: 800 }] });
    t.is(traced.signal, signal);
    t.is(traced.stderr, "");
    t.is(receivedSnapshot(traced.sandbox)?.metadata.exit_reason, signal);
    t.deepEqual(hiddenFiles(traced.sandbox), []);
    removeSandbox(traced.sandbox);
  });

  test.serial(`${signal} within milliseconds of the runtime loading (a test pool ending its worker): exported first, dies by ${signal}`, async (t) => {
    const { traced } = await compare(t, { mode: "idle", signals: [{ signal, afterMs: 0 }] });
    t.is(traced.signal, signal);
    t.is(traced.stderr, "");
    t.is(receivedSnapshot(traced.sandbox)?.metadata.exit_reason, signal);
    t.deepEqual(hiddenFiles(traced.sandbox), []);
    removeSandbox(traced.sandbox);
  });

  test.serial(`${signal} with signal-exit: its cleanup runs, then it dies by ${signal}, exported`, async (t) => {
    const { traced } = await compare(t, { mode: "signal-exit", signals: [{ signal, afterMs: 800 }] });
    t.is(traced.signal, signal);
    t.is(traced.stdout, "ready\ncleanup\n");
    t.is(receivedSnapshot(traced.sandbox)?.metadata.exit_reason, signal);
    t.deepEqual(hiddenFiles(traced.sandbox), []);
    removeSandbox(traced.sandbox);
  });

  test.serial(`${signal} with process.once: survives the first as plain does (and sees its own listener count), dies by the second`, async (t) => {
    const { traced } = await compare(t, {
      mode: "once",
      args: [signal],
      signals: [
        { signal, afterMs: 800 },
        { signal, afterMs: 2500 },
      ],
    });
    t.is(traced.signal, signal);
    t.is(traced.stdout, `ready\nonce ${signal} 0\n`);
    t.is(receivedSnapshot(traced.sandbox)?.metadata.exit_reason, signal);
    removeSandbox(traced.sandbox);
  });

  test.serial(`${signal} during a 3 s synchronous stretch: dies at once, as plain`, async (t) => {
    const { traced, plain } = await compare(t, { mode: "busy", signals: [{ signal, afterMs: 500 }] }, 400);
    t.is(plain.signal, signal);
    t.true(plain.endedAfterMs < 1000);
    t.is(traced.stdout, "ready\n");
    t.is(traced.stderr, "");
    t.deepEqual(hiddenFiles(traced.sandbox), []);
    removeSandbox(traced.sandbox);
  });
}

test.serial("SIGTERM during a synchronous stretch that started with the first registration: dies at once", async (t) => {
  const { traced } = await compare(t, { mode: "busy-at-start", signals: [{ signal: "SIGTERM", afterMs: 500 }] }, 400);
  t.is(traced.signal, "SIGTERM");
  t.is(traced.stderr, "");
  removeSandbox(traced.sandbox);
});

test.serial("ten exit and SIGINT listeners of the program's own: no MaxListenersExceededWarning, exit-side counts unchanged, one documented listener per signal", async (t) => {
  const { traced, plain } = await compare(t, { mode: "exit-listeners" }, 5000, false);
  // (Node's own listener for top-level await makes the plain program warn about 11 exit listeners.)
  const withoutPid = (text: string): string => text.replace(/\(node:\d+\)/g, "(node)");
  t.is(withoutPid(traced.stderr), withoutPid(plain.stderr));
  t.notRegex(traced.stderr, /SIGINT listeners/);
  const [exitSide, signals] = traced.stdout.split("\n");
  const [plainExitSide, plainSignals] = plain.stdout.split("\n");
  t.is(exitSide, plainExitSide, "exit, beforeExit, uncaughtExceptionMonitor listeners and the max are the program's own");
  t.is(plainSignals, "signals SIGINT 10 SIGTERM 0");
  // The runtime's one SIGINT and one SIGTERM listener (README) come once the event loop
  // has turned with the watchdog running: printed synchronously, they may not be there yet.
  t.true(["signals SIGINT 10 SIGTERM 0", "signals SIGINT 11 SIGTERM 1"].includes(signals!), signals);
  t.is(receivedSnapshot(traced.sandbox)?.metadata.exit_reason, "exit");
  removeSandbox(traced.sandbox);
});

test.serial("an exit handler registered before the runtime that calls process.exit(5): exit code 5, still exported", async (t) => {
  const { traced } = await compare(t, { mode: "exit-handler-exits" }, 5000);
  t.is(traced.status, 5);
  t.regex(traced.stdout, /^total \d+\nearlier handler\n$/);
  t.is(traced.stderr, "");
  t.truthy(receivedSnapshot(traced.sandbox));
  removeSandbox(traced.sandbox);
});

test.serial("Number.isNaN, Number.isInteger, Array.isArray, Math.random, Date.now, JSON.stringify, String.prototype.split replaced after load: nothing thrown into the program, export complete", async (t) => {
  const { traced, plain } = await compare(t, { mode: "replaced-intrinsics" }, 5000);
  t.is(traced.status, 0);
  t.is(traced.stderr, plain.stderr);
  const snapshot = receivedSnapshot(traced.sandbox);
  t.truthy(snapshot, "exported");
  t.is(snapshot?.allocations.length, 81);
  removeSandbox(traced.sandbox);
});

test.serial("every method of Array/String/Map/Set/WeakMap/typed-array prototypes, Object.*, JSON, Math, Reflect, Number, Date and Function.prototype.call/apply/bind replaced after load: the program runs as plain, the export is complete", async (t) => {
  const { traced, plain } = await compare(t, { mode: "replaced-all", bundle: true }, 5000);
  t.is(traced.status, 0);
  t.regex(traced.stdout, /^total \d+ more \d+ replaced many\n$/);
  t.is(traced.stderr, plain.stderr);
  const snapshot = receivedSnapshot(traced.sandbox);
  t.truthy(snapshot, "exported");
  t.is(snapshot?.allocations.length, 81);
  t.is(snapshot?.metadata.exit_reason, "process.exit");
  t.deepEqual(hiddenFiles(traced.sandbox), []);
  removeSandbox(traced.sandbox);
});

test.serial("Array.prototype.push, Math.min, Object.keys and more replaced too: nothing thrown into the program; the export either completes or says why in one line", async (t) => {
  const { traced } = await compare(t, { mode: "replaced-everything" }, 5000);
  t.is(traced.status, 0);
  if (receivedSnapshot(traced.sandbox) === null) t.regex(traced.stderr, /^memscope: export failed while [^\n]+\n$/);
  else t.is(traced.stderr, "");
  t.deepEqual(hiddenFiles(traced.sandbox), []);
  removeSandbox(traced.sandbox);
});

test.serial("recursion to the stack's limit, again and again: every record the export gets is whole", async (t) => {
  const { traced } = await compare(t, { mode: "deep", bundle: true }, 20_000);
  t.is(traced.stdout, "deep ok\nRangeErrors thrown inside the runtime: 0\n");
  const snapshot = receivedSnapshot(traced.sandbox);
  t.truthy(snapshot);
  const categories = new Set(["collection", "string", "box", "dynamic"]);
  const bad = snapshot!.allocations.filter((a) => !categories.has(a.category) || a.variable_name === "");
  t.deepEqual(bad.slice(0, 3), [], `${bad.length} half-written records`);
  removeSandbox(traced.sandbox);
});

/** A sandbox whose export child does `source` instead of writing reports. */
function faultySandbox(source: string): Sandbox {
  const sandbox = makeSandbox();
  fs.writeFileSync(path.join(sandbox.dir, "render", "export-child.js"), source);
  return sandbox;
}

test.serial("an export child killed mid-write (SIGKILL, as the OOM killer does): one line naming the cause, no hidden files, exit code unchanged", async (t) => {
  const sandbox = faultySandbox(`
import * as fs from "node:fs";
import * as path from "node:path";
const [raw, outDir, name] = process.argv.slice(2);
fs.writeFileSync(path.join(outDir, "." + name + "_snapshot.json." + process.pid + ".1abcdef01.tmp"), "x".repeat(1 << 20));
fs.writeFileSync(path.join(outDir, "." + name + "_memory_analysis.svg." + process.pid + ".staged"), "<svg/>");
process.kill(process.pid, "SIGKILL");
`);
  const { traced } = await compare(t, { mode: "default", sandbox }, 5000);
  t.is(traced.status, 0);
  t.regex(traced.stderr, /^memscope: export failed while rendering the reports: the export child was killed by SIGKILL[^\n]*\n$/);
  t.deepEqual(outFiles(traced.sandbox), [], "no raw snapshot, no temp file");
  removeSandbox(traced.sandbox);
});

test.serial("an export child that fails: its one line, nothing added, no hidden files", async (t) => {
  const sandbox = faultySandbox(`
import * as fs from "node:fs";
const [raw] = process.argv.slice(2);
process.stderr.write("memscope: cannot write out/run_snapshot.json (disk full)\\n");
process.exitCode = 2;
`);
  const { traced } = await compare(t, { mode: "default", sandbox }, 5000);
  t.is(traced.stderr, "memscope: cannot write out/run_snapshot.json (disk full)\n");
  t.deepEqual(outFiles(traced.sandbox), []);
  removeSandbox(traced.sandbox);
});

test.serial("an export child that cannot start: one line, no raw file left, exit code unchanged", async (t) => {
  const sandbox = makeSandbox();
  fs.rmSync(path.join(sandbox.dir, "render", "export-child.js"));
  fs.mkdirSync(path.join(sandbox.dir, "render", "export-child.js"));
  const { traced } = await compare(t, { mode: "default", sandbox }, 5000);
  t.is(traced.status, 0);
  t.regex(traced.stderr, /^memscope: export failed[^\n]*\n$/);
  removeSandbox(traced.sandbox);
});
