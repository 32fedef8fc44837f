/** MEMSCOPE_MAX_RECORDS folding, the sampler's timeline and size history, GC and heap sections. */
import test from "ava";
import { receivedSnapshot, removeSandbox, runProgram } from "./helpers.js";

test("past MEMSCOPE_MAX_RECORDS records are folded per site and counted, never silently dropped", (t) => {
  const run = runProgram("many-records", { args: ["100"], env: { MEMSCOPE_MAX_RECORDS: "50", MEMSCOPE_SAMPLE_MS: "5", MEMSCOPE_NAME: "run" } });
  t.is(run.status, 0, run.stderr);
  const snapshot = receivedSnapshot(run.sandbox)!;
  t.is(snapshot.allocations.length, 50);
  // 200 item/text records + 1 Map: 151 past the cap.
  t.is(snapshot.dropped_records, 151);
  const folded = snapshot.folded_sites.reduce((sum, f) => sum + f.count, 0);
  t.is(folded, snapshot.dropped_records);
  const item = snapshot.folded_sites.find((f) => f.variable_name === "item")!;
  t.is(item.count, 75);
  t.is(item.bytes, 75 * 32, "folded bytes from the same estimate ({ i } is 32 bytes)");
  removeSandbox(run.sandbox);
});

test("sampler: timeline samples, re-measured collection sizes, GC events and heap spaces", (t) => {
  const run = runProgram("many-records", { args: ["1000"], env: { MEMSCOPE_SAMPLE_MS: "5" }, nodeArgs: ["--max-semi-space-size=1"] });
  t.is(run.status, 0, run.stderr);
  const snapshot = receivedSnapshot(run.sandbox)!;
  t.true(snapshot.timeline.length >= 6);
  for (const sample of snapshot.timeline) {
    t.true(sample.heap_used > 0 && sample.heap_total >= sample.heap_used && sample.rss > 0);
    t.true(sample.tracked_live_count >= 0 && sample.tracked_live_bytes >= 0);
  }
  const times = snapshot.timeline.map((s) => s.time);
  t.deepEqual(times, [...times].sort((a, b) => a - b), "samples in time order");
  const growing = snapshot.allocations.find((a) => a.variable_name === "growing")!;
  t.true((growing.size_history?.length ?? 0) >= 2, "the growing Map was re-measured");
  const sizes = growing.size_history!.map(([, size]) => size);
  t.deepEqual(sizes, [...sizes].sort((a, b) => a - b), "sizes only grew");
  t.is(growing.size_bytes, sizes.at(-1)!);
  t.true(snapshot.gc.available);
  t.true(snapshot.gc.events.length > 0);
  for (const event of snapshot.gc.events) t.true(event.duration_ms >= 0 && event.heap_before > 0 && typeof event.type === "string");
  t.true(snapshot.gc.freed_bytes! > 0);
  t.true(snapshot.heap.spaces.some((s) => s.name === "old_space" && s.size >= s.used));
  t.true(snapshot.heap.total_heap_size > 0);
  t.not(snapshot.heap.peak_heap_used, null);
  removeSandbox(run.sandbox);
});

test("a long synchronous stretch: function-level collections are not watched (a WeakRef would keep them alive to its end), module-level ones are", (t) => {
  const run = runProgram("long-stretch", { args: ["400"], env: { MEMSCOPE_SAMPLE_MS: "20" } });
  t.is(run.status, 0, run.stderr);
  t.is(run.stdout, "alive 2 1000\n");
  const snapshot = receivedSnapshot(run.sandbox)!;
  const temps = snapshot.allocations.filter((a) => a.variable_name === "temp").sort((a, b) => a.allocation_time - b.allocation_time);
  const kept = snapshot.allocations.find((a) => a.variable_name === "kept")!;
  t.is(temps.length, 2);
  const [inStretch, afterTicks] = temps as [(typeof temps)[number], (typeof temps)[number]];
  // Registered empty inside the stretch, not watched: its size is the one measured then.
  t.is(inStretch.size_history, undefined);
  t.true(inStretch.size_bytes < kept.size_bytes, `${inStretch.size_bytes} vs ${kept.size_bytes}`);
  // The module-level Map and the function-level one after the stretch were re-measured.
  t.true((kept.size_history?.length ?? 0) >= 1, "module-level Map re-measured");
  t.true((afterTicks.size_history?.length ?? 0) >= 1, "function-level Map after the stretch re-measured");
  t.is(afterTicks.size_bytes, kept.size_bytes, "both hold 1000 entries");
  t.is(snapshot.metadata.runtime_counters!.unwatched_collections, 1, "the one left unwatched is counted");
  removeSandbox(run.sandbox);
});
