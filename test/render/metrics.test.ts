import test from "ava";
import { buildSnapshot } from "../../render/index.js";
import { heapFragmentationPercent, percentileSorted } from "../../render/derive/metrics.js";
import { peakLiveBytesFromIndex } from "../../render/derive/summary.js";
import { emptyRaw } from "./generate-raw.js";
import { indexOf, rawWith, record, sample } from "./fixtures.js";

test("percentiles interpolate linearly between closest ranks", (t) => {
  const sorted = [10, 20, 30, 40];
  t.is(percentileSorted(sorted, 50), 25); // position 1.5
  t.is(percentileSorted(sorted, 95), 38.5); // position 2.85 → 30 + 0.85 × 10
  t.is(percentileSorted(sorted, 0), 10);
  t.is(percentileSorted(sorted, 100), 40);
  t.is(percentileSorted([7], 95), 7);
  t.is(percentileSorted([], 50), 0);
});

test("the eight metrics on a hand-computed fixture", (t) => {
  const raw = rawWith(
    [
      // alive object: 100 + 0
      record({ size_bytes: 100, site_id: 1, allocation_time: 0 }),
      // collected object: 300
      record({ size_bytes: 300, site_id: 1, allocation_time: 1, scope_exit_time: 2, collected_time: 5 }),
      // Buffer, alive: 64 on heap + 1000 off heap = 1064
      record({ size_bytes: 64, external_bytes: 1000, subcategory: "Buffer", site_id: 2, allocation_time: 2 }),
      // string whose scope exited: ended (strings end at scope exit): 50
      record({ size_bytes: 50, category: "string", subcategory: "string", site_id: 3, allocation_time: 3, scope_exit_time: 4 }),
      // string in an open scope: alive: 20
      record({ size_bytes: 20, category: "string", subcategory: "string", site_id: 3, allocation_time: 6 }),
    ],
    {
      timeline: [sample(1, 400, 5000), sample(2, 1500, 9000), sample(6, 1200, 7000)],
      tracked_sites: 4,
      dropped_records: 3,
    },
  );
  raw.heap.total_heap_size = 8000;
  raw.heap.used_heap_size = 6000;
  raw.heap.spaces = []; // no spaces listed: over the whole heap
  raw.heap.peak_heap_used = 8500;
  const s = buildSnapshot(raw).summary;
  t.is(s.active_memory_bytes, 100 + 1064 + 20);
  t.is(s.active_allocations, 3);
  t.is(s.peak_memory_bytes, 1500); // max of tracked_live_bytes over samples
  t.is(s.peak_memory_source, "timeline");
  t.is(s.v8_peak_heap_used_bytes, 9000); // max of the runtime's peak and the samples
  t.is(s.memory_efficiency_percent, (1184 / 1500) * 100);
  // sizes sorted: 20, 50, 100, 300, 1064 → median 100; p95 at position 3.8 → 300 + 0.8 × 764
  t.is(s.median_allocation_bytes, 100);
  t.true(Math.abs(s.p95_allocation_bytes - (300 + 0.8 * 764)) < 1e-9, String(s.p95_allocation_bytes));
  t.is(s.heap_fragmentation_percent, 25);
  t.is(s.allocation_density, (5 + 3) / 4);
  t.is(s.total_allocations, 5);
  t.is(s.total_bytes, 100 + 300 + 1064 + 50 + 20);
  t.is(s.tracked_sites, 4);
});

test("peak never falls below active memory at export (the export is the last point in time)", (t) => {
  const raw = rawWith([record({ size_bytes: 5000, allocation_time: 9 })], { timeline: [sample(1, 10)] });
  const s = buildSnapshot(raw).summary;
  t.is(s.peak_memory_bytes, 5000);
  t.is(s.memory_efficiency_percent, 100);
});

test("without samples the peak is rebuilt from allocation, collected and scope-exit events", (t) => {
  const records = [
    record({ size_bytes: 100, allocation_time: 0, collected_time: 10 }),
    record({ size_bytes: 200, allocation_time: 5, collected_time: 20 }),
    // freed at 10 exactly when the next one starts: not both live
    record({ size_bytes: 400, allocation_time: 10, collected_time: 12 }),
    record({ size_bytes: 30, category: "string", subcategory: "string", allocation_time: 11, scope_exit_time: 13 }),
  ];
  // live: t5 300, t10 −100 +400 → 600, t11 630, t12 230, t13 200, t20 0
  t.is(peakLiveBytesFromIndex(indexOf(records)), 630);
  const s = buildSnapshot(rawWith(records)).summary;
  t.is(s.peak_memory_bytes, 630);
  t.is(s.peak_memory_source, "records");
  t.is(s.active_memory_bytes, 0);
  t.is(s.memory_efficiency_percent, 0);
});

test("empty input: zeros and nulls, never NaN or a division by zero", (t) => {
  const snapshot = buildSnapshot(emptyRaw());
  const s = snapshot.summary;
  t.deepEqual(
    { ...s },
    {
      active_memory_bytes: 0,
      peak_memory_bytes: 0,
      peak_memory_source: "none",
      v8_peak_heap_used_bytes: null,
      active_allocations: 0,
      memory_efficiency_percent: 0,
      median_allocation_bytes: 0,
      p95_allocation_bytes: 0,
      heap_fragmentation_percent: s.heap_fragmentation_percent,
      allocation_density: 0,
      total_allocations: 0,
      total_bytes: 0,
      tracked_sites: 0,
      no_records_reason: "No tracked binding ran: the program's files declare no binding memscope-ts tracks, so the reports hold no records.",
    },
  );
  for (const value of Object.values(s)) t.false(Number.isNaN(value));
  t.true(s.heap_fragmentation_percent === null || (s.heap_fragmentation_percent >= 0 && s.heap_fragmentation_percent <= 100));
  t.is(snapshot.memory_hierarchy.bytes, 0);
  t.deepEqual(snapshot.memory_hierarchy.children, []);
  t.deepEqual(snapshot.leaks, []);
});

test("heap fragmentation is null when V8 reported no committed heap", (t) => {
  const raw = emptyRaw();
  raw.heap.total_heap_size = 0;
  raw.heap.spaces = raw.heap.spaces.map((space) => ({ ...space, size: 0, used: 0 }));
  t.is(heapFragmentationPercent(raw.heap), null);
  t.is(buildSnapshot(raw).summary.heap_fragmentation_percent, null);
});

test("allocation density falls back to distinct sites when the runtime reported none", (t) => {
  const raw = rawWith([record({ site_id: 1 }), record({ site_id: 1 }), record({ site_id: 2 })], { tracked_sites: 0 });
  t.is(buildSnapshot(raw).summary.allocation_density, 1.5);
});

test("an object held by several variables counts once, under its first record", (t) => {
  const raw = rawWith([
    record({ id: 1, size_bytes: 1000, site_id: 1 }),
    record({ id: 2, size_bytes: 1200, site_id: 2 }), // alias of #1, measured later (bigger): the same Map
    record({ id: 3, size_bytes: 500, site_id: 3, scope_exit_time: 5 }), // first holder, its scope exited…
    record({ id: 4, size_bytes: 500, site_id: 4 }), // …moved to a module-level holder (scope never exits)
    record({ id: 5, size_bytes: 300, site_id: 5 }), // a clone of #1: a distinct object
    record({ id: 6, size_bytes: 700, site_id: 6, scope_exit_time: 10 }), // re-registered twice, every holder's scope exited
    record({ id: 7, size_bytes: 700, site_id: 7, scope_exit_time: 20, allocation_time: 15 }),
    record({ id: 8, size_bytes: 700, site_id: 7, scope_exit_time: 30, allocation_time: 25 }),
  ]);
  raw.relations = [
    { kind: "alias", from: 1, to: 2, time: 1 },
    { kind: "move", from: 3, to: 4, time: 6 },
    { kind: "clone", from: 1, to: 5, time: 7 },
    { kind: "move", from: 6, to: 7, time: 15 },
    { kind: "move", from: 6, to: 8, time: 25 },
  ];
  const snapshot = buildSnapshot(raw);
  t.is(snapshot.summary.active_memory_bytes, 1200 + 500 + 300 + 700);
  t.is(snapshot.summary.active_allocations, 4);
  t.is(snapshot.summary.total_bytes, 2700);
  t.is(snapshot.summary.total_allocations, 8); // records, as kept
  t.is(snapshot.memory_hierarchy.bytes, 2700);
  t.is(snapshot.memory_hierarchy.count, 4);
  // #3's object is held by #4 (module level): not a leak. #6's object outlived all three
  // holders' scopes: one candidate, reported under its latest holder #8, counted once.
  t.is(snapshot.leaks.length, 1);
  t.like(snapshot.leaks[0], { kind: "outlived_scope", record_id: 8, bytes: 700 });
  t.regex(snapshot.leaks[0]!.reason, /^Still alive at export 9\.97 s after/);
});

test("heap fragmentation is over the old generation: the new space's empty committed pages do not count", (t) => {
  const heap = {
    total_heap_size: 10_000,
    total_physical_size: 10_000,
    used_heap_size: 4_000,
    heap_size_limit: 1e9,
    malloced_memory: 0,
    external_memory: 0,
    peak_heap_used: null,
    spaces: [
      { name: "read_only_space", size: 1_000, used: 1_000, available: 0, physical: 1_000 },
      { name: "new_space", size: 5_000, used: 200, available: 4_800, physical: 5_000 },
      { name: "old_space", size: 3_000, used: 2_400, available: 600, physical: 3_000 },
      { name: "code_space", size: 500, used: 250, available: 250, physical: 500 },
      { name: "large_object_space", size: 400, used: 400, available: 0, physical: 400 },
      { name: "trusted_space", size: 100, used: 50, available: 50, physical: 100 },
    ],
  };
  // (4000 − 3100) ÷ 4000 over old, code, large-object and trusted spaces.
  t.is(heapFragmentationPercent(heap), 22.5);
  t.is(heapFragmentationPercent({ ...heap, spaces: [] }), 60, "no spaces listed: the whole heap");
});
