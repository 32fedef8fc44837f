/**
 * Production mode and on-demand snapshots: exportNow() and the snapshot signal write
 * the files while the program keeps running; a program with its own SIGUSR2 listener
 * keeps the signal; production mode writes nothing at exit unless asked.
 */
import test from "ava";
import { outFiles, receivedSnapshot, removeSandbox, runProgram } from "./helpers.js";

test("exportNow() writes the files and the program runs on; concurrent calls each write a complete set", (t) => {
  const run = runProgram("on-demand", { args: ["api"], env: { MEMSCOPE_MODE: "production" } });
  t.is(run.status, 0, run.stderr);
  t.is(run.stdout, "exported first_snapshot.json second_snapshot.json; still running, 6 entries\n");
  t.is(run.stderr, "");
  for (const name of ["first", "second"]) {
    const snapshot = receivedSnapshot(run.sandbox, name);
    t.truthy(snapshot, name);
    t.is(snapshot!.metadata.exit_reason, "api");
    t.is(snapshot!.allocations.length, 1);
  }
  // Production mode: nothing more at exit.
  t.deepEqual(outFiles(run.sandbox).filter((f) => f.endsWith(".received.json")), ["first.received.json", "second.received.json"]);
  removeSandbox(run.sandbox);
});

test("SIGUSR2 in production mode writes a snapshot without stopping the program", (t) => {
  const run = runProgram("on-demand", { args: ["signal"], env: { MEMSCOPE_MODE: "production" } });
  t.is(run.signal, null);
  t.is(run.status, 0, run.stderr);
  t.is(run.stdout, "snapshot written; still running, 6 entries\n");
  const snapshot = receivedSnapshot(run.sandbox);
  t.truthy(snapshot);
  t.is(snapshot!.metadata.exit_reason, "api");
  removeSandbox(run.sandbox);
});

test("a program with its own SIGUSR2 listener keeps the signal: no snapshot", (t) => {
  const run = runProgram("on-demand", { args: ["own-listener"], env: { MEMSCOPE_MODE: "production" } });
  t.is(run.status, 0, run.stderr);
  t.is(run.stdout, "the program's own SIGUSR2 handler\nno snapshot; still running, 6 entries\n");
  t.deepEqual(outFiles(run.sandbox), []);
  removeSandbox(run.sandbox);
});

test("without production mode or MEMSCOPE_SIGNAL, SIGUSR2 keeps its default action (the plain program's)", (t) => {
  const traced = runProgram("on-demand", { args: ["signal"] });
  const plain = runProgram("on-demand", { args: ["signal"], plain: true });
  t.is(plain.signal, "SIGUSR2");
  t.is(traced.signal, plain.signal);
  t.is(traced.stdout, plain.stdout);
  removeSandbox(traced.sandbox);
  removeSandbox(plain.sandbox);
});

test("MEMSCOPE_SIGNAL=SIGUSR2 turns the signal on outside production mode (and the exit export stays)", (t) => {
  const run = runProgram("on-demand", { args: ["signal"], env: { MEMSCOPE_SIGNAL: "SIGUSR2", MEMSCOPE_NAME: "run" } });
  t.is(run.status, 0, run.stderr);
  t.is(run.stdout, "snapshot written; still running, 6 entries\n");
  const atExit = receivedSnapshot(run.sandbox);
  t.truthy(atExit);
  t.is(atExit!.metadata.exit_reason, "exit", "the exit export overwrote the on-demand one");
  removeSandbox(run.sandbox);
});

test("production mode writes nothing at exit unless MEMSCOPE_EXPORT_AT_EXIT=1", (t) => {
  const quiet = runProgram("on-demand", { args: ["exit"], env: { MEMSCOPE_MODE: "production" } });
  t.is(quiet.status, 0, quiet.stderr);
  t.deepEqual(outFiles(quiet.sandbox), []);
  removeSandbox(quiet.sandbox);
  const asked = runProgram("on-demand", { args: ["exit"], env: { MEMSCOPE_MODE: "production", MEMSCOPE_EXPORT_AT_EXIT: "1" } });
  t.is(asked.status, 0, asked.stderr);
  const snapshot = receivedSnapshot(asked.sandbox);
  t.truthy(snapshot);
  t.is(snapshot!.metadata.exit_reason, "exit");
  t.is(snapshot!.metadata.sample_interval_ms, 1000, "production mode samples once a second");
  removeSandbox(asked.sandbox);
});
