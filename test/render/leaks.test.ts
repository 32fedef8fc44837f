import test from "ava";
import { buildSnapshot } from "../../render/index.js";
import { rawWith, record } from "./fixtures.js";

// Export happens at 10,000 ms in rawWith().
test("outlived_scope: alive at export and its scope exited more than the threshold ago", (t) => {
  const raw = rawWith([
    record({ id: 1, variable_name: "cacheEntry", site_id: 1, size_bytes: 700, allocation_time: 100, scope_exit_time: 200 }),
    // exited 500 ms before export: under the 1000 ms threshold
    record({ id: 2, variable_name: "recent", site_id: 2, allocation_time: 9400, scope_exit_time: 9500 }),
    // collected: not a leak
    record({ id: 3, variable_name: "freed", site_id: 3, allocation_time: 0, scope_exit_time: 10, collected_time: 50 }),
    // module scope never exited: not a leak
    record({ id: 4, variable_name: "global", site_id: 4, allocation_time: 0 }),
    // a string's lifetime ends at scope exit by definition: not a leak
    record({ id: 5, variable_name: "text", site_id: 5, category: "string", subcategory: "string", allocation_time: 0, scope_exit_time: 10 }),
  ]);
  raw.scopes = [{ id: 0, name: "Cache.get", file: "src/a.ts", line: 3, column: 1, parent_id: null, thread_id: 0, invocations: 3, completed: 3, total_duration_ms: 9, min_duration_ms: 1, max_duration_ms: 5 }];
  const leaks = buildSnapshot(raw).leaks;
  t.is(leaks.length, 1);
  t.like(leaks[0], { kind: "outlived_scope", record_id: 1, variable_name: "cacheEntry", bytes: 700 });
  t.regex(leaks[0]!.reason, /9\.8 s after Cache\.get exited/);
  t.regex(leaks[0]!.reason, /700 B/);

  const strict = buildSnapshot(raw, { leakThresholdMs: 100 }).leaks;
  t.deepEqual(strict.map((l) => l.record_id).sort(), [1, 2]);
});

test("outlived records of one declaration become one candidate with a count", (t) => {
  const raw = rawWith([
    record({ id: 1, site_id: 7, size_bytes: 100, scope_exit_time: 10 }),
    record({ id: 2, site_id: 7, size_bytes: 400, scope_exit_time: 20 }),
    record({ id: 3, site_id: 7, size_bytes: 200, scope_exit_time: 30 }),
  ]);
  const leaks = buildSnapshot(raw).leaks;
  t.is(leaks.length, 1);
  t.like(leaks[0], { record_id: 2, bytes: 700 });
  t.regex(leaks[0]!.reason, /^3 objects from this declaration/);
  t.regex(leaks[0]!.reason, /anonymous|its scope/);
});

test("unbounded_growth: a live collection rising at every measurement", (t) => {
  const raw = rawWith([
    record({ id: 1, variable_name: "queue", site_id: 1, size_history: [[100, 1024], [200, 2048], [300, 4096]] }),
    // shrank once
    record({ id: 2, site_id: 2, size_history: [[100, 1024], [200, 512], [300, 4096]] }),
    // too few measurements
    record({ id: 3, site_id: 3, size_history: [[100, 1024], [200, 2048]] }),
    // collected
    record({ id: 4, site_id: 4, collected_time: 400, size_history: [[100, 1], [200, 2], [300, 3]] }),
  ]);
  const leaks = buildSnapshot(raw).leaks;
  t.is(leaks.length, 1);
  t.like(leaks[0], { kind: "unbounded_growth", record_id: 1, variable_name: "queue" });
  t.is(leaks[0]!.reason, "Grew from 1.0 KB to 4.0 KB across 3 measurements over 200 ms without ever shrinking, and is still alive at export.");
});

test("a candidate from a sampled hot site says that more of its values may be alive", (t) => {
  const raw = rawWith([
    record({ id: 1, site_id: 7, size_bytes: 100, scope_exit_time: 10 }),
    record({ id: 2, site_id: 7, size_bytes: 400, scope_exit_time: 20 }),
    record({ id: 3, site_id: 8, size_bytes: 50, scope_exit_time: 20 }),
  ]);
  raw.folded_sites = [
    { site_id: 7, variable_name: "entry", file: "src/app.ts", line: 7, count: 1200, bytes: 120_000, sampled: 1200, bytes_extrapolated: 120_000 },
    // Past the record cap only, not sampled: nothing to add.
    { site_id: 8, variable_name: "other", file: "src/app.ts", line: 8, count: 5, bytes: 250, sampled: 0 },
  ];
  raw.dropped_records = 1205;
  const leaks = buildSnapshot(raw).leaks;
  const sampled = leaks.find((l) => l.record_id === 2)!;
  const capped = leaks.find((l) => l.record_id === 3)!;
  t.regex(sampled.reason, /^2 objects from this declaration .*recorded only some of this declaration's values \(1,200 more were only counted\), so more of them may be alive\.$/);
  t.false(capped.reason.includes("sampling"), capped.reason);
});
