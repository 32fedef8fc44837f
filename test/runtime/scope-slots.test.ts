/**
 * Scope slots: three million generators abandoned after their first next() never run
 * their finally, so their scope instances never exit. The runtime closes the oldest
 * when every slot is taken; scopes opened afterwards are tracked as before, and the
 * counters name the real cause.
 */
import test from "ava";
import { loadSandboxedRuntime } from "./in-process.js";
import type { SiteTuple } from "../../format/protocol.js";
import { runtimeCounterNotes } from "../../render/derive/runtime-notes.js";

const { rt } = await loadSandboxedRuntime();

const SITES: SiteTuple[] = [
  [0, "<module>", 1, 1, -1],
  [0, "batches", 2, 1, 0],
  [1, "batch", "number[]", "collection", "Array", 3, 9, 1, -1],
  [0, "after", 4, 1, 0],
  [1, "late", "number[]", "collection", "Array", 5, 9, 3, -1],
];
const base = rt.registerFile("src/slots.ts", SITES);

function* batches(): Generator<number> {
  const s = rt.enter(base + 1);
  try {
    const batch = rt.track([1, 2, 3], base + 2, s);
    yield batch.length;
  } finally {
    rt.exit(s);
  }
}

test("3M abandoned generators: later scopes are still tracked; the counters say what happened", (t) => {
  let sum = 0;
  const kept: Array<Generator<number>> = [];
  for (let i = 0; i < 3_000_000; i++) {
    const generator = batches();
    sum += generator.next().value as number;
    // A few are finished later, after the runtime closed them.
    if (i < 5) kept.push(generator);
  }
  t.is(sum, 9_000_000);
  for (const generator of kept) generator.return(undefined);
  const s = rt.enter(base + 3);
  const late = rt.track([4, 5], base + 4, s);
  rt.exit(s);
  t.deepEqual(late, [4, 5]);
  const raw = rt.collectRaw();
  const counters = raw.metadata.runtime_counters!;
  t.is(counters.invalid_scope_calls, 0, "nothing blamed on another memscope-ts version");
  t.true(counters.abandoned_scopes! > 0);
  t.true(counters.abandoned_scopes! <= 3_000_000);
  t.is(counters.late_scope_exits, 5);
  const record = raw.allocations.find((a) => a.variable_name === "late")!;
  t.is(record.scope_id, base + 3);
  t.not(record.scope_exit_time, null);
  const notes = runtimeCounterNotes(counters);
  t.true(notes.some((note) => /never exited \(generators abandoned/.test(note)), notes.join("\n"));
  t.false(notes.some((note) => /another memscope-ts version/.test(note)));
});
