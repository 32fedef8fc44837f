/** worker_threads: four workers record their own parts; the main thread's export merges them. */
import test from "ava";
import { receivedSnapshot, removeSandbox, runProgram } from "./helpers.js";

test("four workers' parts are merged into the main thread's export with their thread ids", (t) => {
  // Without the signal watchdog (a worker of its own, README), the program's workers are threads 1-4.
  const run = runProgram("workers", { env: { MEMSCOPE_WATCHDOG: "off" } });
  t.is(run.status, 0, run.stderr);
  t.is(run.stdout, "main done 1\n");
  const snapshot = receivedSnapshot(run.sandbox)!;
  t.truthy(snapshot);
  t.is(snapshot.metadata.thread_count, 5);
  const threadIds = [...new Set(snapshot.allocations.map((a) => a.thread_id))].sort();
  t.deepEqual(threadIds, [0, 1, 2, 3, 4]);
  for (const id of threadIds) {
    // Each thread tracked one module array plus (5 + threadId) more.
    t.is(snapshot.allocations.filter((a) => a.thread_id === id).length, 6 + id, `thread ${id}`);
    t.is(snapshot.threads.find((th) => th.thread_id === id)?.records, 6 + id);
  }
  const ids = snapshot.allocations.map((a) => a.id);
  t.is(new Set(ids).size, ids.length, "record ids unique after the merge");
  const scopeIds = snapshot.scopes.map((s) => s.id);
  t.is(new Set(scopeIds).size, scopeIds.length, "scope ids unique after the merge");
  for (const a of snapshot.allocations) t.truthy(snapshot.scopes.find((s) => s.id === a.scope_id && s.thread_id === a.thread_id), "scope of each record found in its thread");
  t.is(snapshot.tracked_sites, 5);
  removeSandbox(run.sandbox);
});
