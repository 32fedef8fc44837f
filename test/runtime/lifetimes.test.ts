/** Lifetimes: scope exit times, collected times after GC, strings ending at scope exit. */
import test from "ava";
import { receivedSnapshot, removeSandbox, runProgram } from "./helpers.js";

for (const flags of [["--expose-gc"], []]) {
  test(`dropped objects get collected_time, retained ones do not (${flags.join(" ") || "no --expose-gc"})`, (t) => {
    const run = runProgram("lifecycle", { args: ["exit"], nodeArgs: flags });
    t.is(run.status, 0, run.stderr);
    const snapshot = receivedSnapshot(run.sandbox)!;
    const byName = (name: string) => snapshot.allocations.filter((a) => a.variable_name === name);
    t.is(byName("dropped").length, 10);
    for (const a of byName("dropped")) {
      t.not(a.collected_time, null, "dropped array collected");
      t.not(a.scope_exit_time, null);
      t.true(a.collected_time! >= a.scope_exit_time!);
    }
    for (const a of byName("droppedMap")) t.not(a.collected_time, null, "dropped map collected");
    for (const a of byName("retained")) {
      t.is(a.collected_time, null, "object kept in a module-level array stays alive");
      t.not(a.scope_exit_time, null);
    }
    for (const a of byName("label")) t.is(a.collected_time, a.scope_exit_time, "strings end at scope exit");
    const kept = byName("kept")[0]!;
    t.is(kept.scope_exit_time, null, "module scope never exited");
    t.is(kept.collected_time, null);
    t.true(kept.size_bytes > 32, "module array re-measured after it grew");
    t.true((kept.size_history ?? []).length >= 1);
    const work = snapshot.scopes.find((s) => s.name === "work")!;
    t.is(work.invocations, 10);
    t.is(work.completed, 10);
    t.true(work.max_duration_ms! >= work.min_duration_ms!);
    for (const a of snapshot.allocations) t.true(a.allocation_time >= 0 && a.allocation_time <= snapshot.metadata.duration_ms);
    removeSandbox(run.sandbox);
  });
}
