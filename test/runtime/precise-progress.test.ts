/**
 * Precise mode's progress line: drawn only when asked for (MEMSCOPE_PROGRESS=1) and
 * stderr is a terminal; a plain program's output never changes.
 */
import test from "ava";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { pathToFileURL } from "node:url";
import { createPreciseProgress, progressLine } from "../../runtime/precise-progress.js";
import { makeSandbox, programsDir, removeSandbox, receivedSnapshot, runProgram, type Sandbox } from "./helpers.js";

function fakeStream(isTTY: boolean) {
  const written: string[] = [];
  return { isTTY, written, write: (text: string) => written.push(text) };
}

test("progress is silent unless asked for and stderr is a terminal", (t) => {
  t.is(createPreciseProgress(false, fakeStream(true)), null, "not asked for");
  t.is(createPreciseProgress(true, fakeStream(false)), null, "asked for, but not a terminal");
  t.is(createPreciseProgress(true, { write: () => true }), null, "a stream without isTTY is not a terminal");
});

test("on a terminal when asked for: one redrawn line per phase, cleared at the end", (t) => {
  const stream = fakeStream(true);
  let clock = 0;
  const progress = createPreciseProgress(true, stream, 100, () => clock)!;
  progress.onProgress("snapshot", 0, 1);
  progress.onProgress("parse", 10, 100);
  clock = 50;
  progress.onProgress("parse", 20, 100); // same phase within the interval: skipped
  clock = 200;
  progress.onProgress("parse", 45, 100);
  progress.onProgress("dominators", 100, 100);
  progress.finish();
  t.deepEqual(stream.written, [
    "\r\x1b[2Kmemscope: precise sizes: taking a V8 heap snapshot…",
    "\r\x1b[2Kmemscope: precise sizes: reading the heap snapshot 10%",
    "\r\x1b[2Kmemscope: precise sizes: reading the heap snapshot 45%",
    "\r\x1b[2Kmemscope: precise sizes: computing retained sizes 100%",
    "\r\x1b[2K",
  ]);
});

test("a stream that throws never breaks the export; finish without drawing writes nothing", (t) => {
  const quiet = fakeStream(true);
  createPreciseProgress(true, quiet)!.finish();
  t.deepEqual(quiet.written, []);
  const broken = createPreciseProgress(true, { isTTY: true, write: () => { throw new Error("EPIPE"); } })!;
  t.notThrows(() => {
    broken.onProgress("parse", 1, 2);
    broken.finish();
  });
  t.is(progressLine("parse", 5, 0), "memscope: precise sizes: reading the heap snapshot…", "no total: no invented percentage");
});

const REPORTING_PRECISE = `
export function measurePrecise(targets, options = {}) {
  if (options.onProgress) {
    options.onProgress("snapshot", 0, 1);
    options.onProgress("parse", 1, 2);
    options.onProgress("dominators", 2, 2);
  }
  return { self: new Float64Array(targets.length).fill(8), retained: new Float64Array(targets.length).fill(16) };
}`;

test("a precise run prints nothing on a non-terminal stderr, with or without MEMSCOPE_PROGRESS", (t) => {
  const envs: Array<Record<string, string>> = [{ MEMSCOPE_PRECISE: "1" }, { MEMSCOPE_PRECISE: "1", MEMSCOPE_PROGRESS: "1" }];
  for (const env of envs) {
    const sandbox = makeSandbox(REPORTING_PRECISE);
    const plain = runProgram("lifecycle", { args: ["exit"], plain: true });
    const run = runProgram("lifecycle", { args: ["exit"], sandbox, env });
    t.is(run.status, 0, run.stderr);
    t.is(run.stderr, plain.stderr, `stderr unchanged with ${JSON.stringify(env)}`);
    t.is(run.stdout, plain.stdout);
    t.true(receivedSnapshot(sandbox)!.metadata.precise, "the precise module did run");
    removeSandbox(sandbox);
    removeSandbox(plain.sandbox);
  }
});

/** Runs a test program with stdout and stderr on a pseudo-terminal (util-linux `script`). */
function runOnTerminal(sandbox: Sandbox, env: Record<string, string>, runtimeUrl = sandbox.runtimeUrl): string {
  const command = [process.execPath, path.join(programsDir, "lifecycle.js"), "exit"].map((a) => `'${a}'`).join(" ");
  const result = spawnSync("script", ["-qec", command, "/dev/null"], {
    cwd: sandbox.dir,
    encoding: "utf8",
    env: { ...process.env, MEMSCOPE_OUT: sandbox.outDir, MEMSCOPE_NAME: "run", MS_RUNTIME_URL: runtimeUrl, ...env },
    input: "",
    timeout: 60_000,
  });
  return result.stdout;
}

const hasScript = spawnSync("script", ["--version"], { encoding: "utf8" }).status === 0;

(hasScript ? test : test.skip)("on a real terminal: nothing extra without MEMSCOPE_PROGRESS, the progress line with it", (t) => {
  const sandbox = makeSandbox(REPORTING_PRECISE);
  const stub = path.join(sandbox.dir, "plain-stub.js");
  fs.writeFileSync(stub, `export const registerFile = () => 0; export const enter = () => 0; export const exit = () => {};
export const track = (v) => v; export const trackVar = (v) => v; export const collectRaw = () => null; export const getStats = () => null;`);
  const plain = runOnTerminal(sandbox, {}, pathToFileURL(stub).href);
  t.true(plain.length > 0, "the program printed something on the terminal");
  t.is(runOnTerminal(sandbox, { MEMSCOPE_PRECISE: "1" }), plain, "precise without MEMSCOPE_PROGRESS: same output");
  const withProgress = runOnTerminal(sandbox, { MEMSCOPE_PRECISE: "1", MEMSCOPE_PROGRESS: "1" });
  t.regex(withProgress, /memscope: precise sizes: computing retained sizes 100%/);
  t.is(withProgress.replace(/\r\x1b\[2K(memscope: precise sizes: [^\r\n]*)?/g, ""), plain, "only the progress line was added, then cleared");
  removeSandbox(sandbox);
});
