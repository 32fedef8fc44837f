/**
 * Export on every kind of exit, and the program's own exit behaviour unchanged:
 * same exit code, same stdout, same stderr as a plain run.
 */
import test from "ava";
import * as fs from "node:fs";
import * as path from "node:path";
import { receivedSnapshot, removeSandbox, runProgram, outFiles } from "./helpers.js";

function compareWithPlain(t: import("ava").ExecutionContext, mode: string, args: string[] = []) {
  const traced = runProgram("lifecycle", { args: [mode, ...args] });
  const plain = runProgram("lifecycle", { args: [mode, ...args], plain: true });
  t.is(traced.status, plain.status, "exit code");
  t.is(traced.signal, plain.signal, "terminating signal");
  t.is(traced.stdout, plain.stdout, "stdout");
  // Stack traces name the program's file and line; both runs run the same file.
  t.is(traced.stderr, plain.stderr, "stderr");
  const snapshot = receivedSnapshot(traced.sandbox);
  removeSandbox(plain.sandbox);
  return { traced, snapshot };
}

test("normal exit exports once with reason exit", (t) => {
  const { traced, snapshot } = compareWithPlain(t, "exit");
  t.is(traced.stdout, "done 10\n");
  t.truthy(snapshot);
  t.is(snapshot!.metadata.exit_reason, "exit");
  t.is(snapshot!.allocations.length, 41);
  t.deepEqual(outFiles(traced.sandbox).filter((f) => f.endsWith(".tmp") || f.endsWith(".raw")), [], "no temp or raw file left");
  removeSandbox(traced.sandbox);
});

test("process.exit(3) exports and keeps the exit code", (t) => {
  const { traced, snapshot } = compareWithPlain(t, "process-exit");
  t.is(traced.status, 3);
  t.is(snapshot?.metadata.exit_reason, "process.exit");
  removeSandbox(traced.sandbox);
});

test("an uncaught exception exports and exits as it would have", (t) => {
  const { traced, snapshot } = compareWithPlain(t, "throw");
  t.is(traced.status, 1);
  t.regex(traced.stderr, /Error: program failure 10/);
  t.is(snapshot?.metadata.exit_reason, "uncaught-exception");
  removeSandbox(traced.sandbox);
});

test("an uncaught exception the program handles itself does not end the run", (t) => {
  const { traced, snapshot } = compareWithPlain(t, "handled-throw");
  t.is(traced.status, 0);
  t.is(traced.stdout, "caught handled\n");
  t.is(snapshot?.metadata.exit_reason, "exit");
  removeSandbox(traced.sandbox);
});

test("an unhandled rejection exports and exits as it would have", (t) => {
  const { traced, snapshot } = compareWithPlain(t, "reject");
  t.is(traced.status, 1);
  t.is(snapshot?.metadata.exit_reason, "uncaught-exception");
  removeSandbox(traced.sandbox);
});

for (const signal of ["SIGTERM", "SIGINT"] as const) {
  test(`${signal} without a program handler exports, then the signal's default action follows`, (t) => {
    const { traced, snapshot } = compareWithPlain(t, "signal", [signal]);
    t.is(traced.signal, signal);
    t.is(snapshot?.metadata.exit_reason, signal);
    removeSandbox(traced.sandbox);
  });

  test(`${signal} with a program handler is left to the program, export happens at its exit`, (t) => {
    const { traced, snapshot } = compareWithPlain(t, "signal-handled", [signal]);
    t.is(traced.stdout, `handled ${signal}\n`);
    t.is(traced.status, 0);
    t.is(snapshot?.metadata.exit_reason, "process.exit");
    removeSandbox(traced.sandbox);
  });
}

test("MEMSCOPE=off: no export, no files, output unchanged", (t) => {
  const traced = runProgram("lifecycle", { args: ["exit"], env: { MEMSCOPE: "off" } });
  t.is(traced.status, 0);
  t.is(traced.stdout, "done 10\n");
  t.is(traced.stderr, "");
  t.deepEqual(outFiles(traced.sandbox), []);
  removeSandbox(traced.sandbox);
});

test("the export child is started with all report kinds and an uninstrumented environment", (t) => {
  const traced = runProgram("lifecycle", { args: ["exit"] });
  const args = JSON.parse(fs.readFileSync(path.join(traced.sandbox.outDir, "run.child-args.json"), "utf8")) as { kinds: string; memscope: string };
  t.is(args.kinds, "json,analysis,timeline,html");
  t.is(args.memscope, "off");
  removeSandbox(traced.sandbox);
});
