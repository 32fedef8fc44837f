/**
 * Hot-site sampling (MEMSCOPE_HOT_SITES=BUDGET:EVERY): past BUDGET records of one
 * variable site 1 in EVERY registrations is kept; the rest are counted per site in
 * folded_sites (count, bytes, sampled) and dropped_records, so the counts add up.
 */
import test from "ava";
import { loadSandboxedRuntime, tick } from "./in-process.js";
import type { SiteTuple } from "../../format/protocol.js";

const { rt } = await loadSandboxedRuntime({ MEMSCOPE_HOT_SITES: "100:10" });

const SITES: SiteTuple[] = [
  [0, "<module>", 1, 1, -1],
  [0, "step", 2, 1, 0],
  [1, "row", "number[]", "collection", "Array", 3, 9, 1, -1],
  [1, "cold", "number[]", "collection", "Array", 4, 9, 1, -1],
  [1, "copy", "number[]", "collection", "Array", 5, 9, 1, 2],
  [1, "label", "string", "string", "string", 6, 9, 1, -1],
];
const base = rt.registerFile("src/hot.ts", SITES);
const REGISTRATIONS = 1005;

test.serial("kept + sampled out = registrations; lifetimes are recorded for kept records", async (t) => {
  const before = rt.getStats();
  let sum = 0;
  for (let i = 0; i < REGISTRATIONS; i++) {
    const s = rt.enter(base + 1);
    const row = rt.track([i, i + 1], base + 2, s);
    sum += row[0]!;
    rt.exit(s);
  }
  const s = rt.enter(base + 1);
  rt.track([1], base + 3, s);
  rt.exit(s);
  t.is(sum, (REGISTRATIONS * (REGISTRATIONS - 1)) / 2, "values pass through unchanged");
  await tick();
  await tick();
  const raw = rt.collectRaw();
  const kept = raw.allocations.filter((a) => a.site_id === base + 2);
  // 100 within the budget, then registrations 110, 120, ..., 1000 of the 905 past it.
  t.is(kept.length, 100 + Math.floor((REGISTRATIONS - 100) / 10));
  const folded = raw.folded_sites.find((f) => f.site_id === base + 2)!;
  t.is(folded.sampled, REGISTRATIONS - kept.length);
  t.is(folded.count, REGISTRATIONS - kept.length);
  t.is(kept.length + folded.count, REGISTRATIONS);
  // Left-out registrations are only counted: their bytes are the sampled records' mean
  // size times their count (all the same size here), and say so.
  t.is(folded.bytes_extrapolated, folded.sampled! * kept[0]!.size_bytes);
  t.is(folded.bytes, folded.count * kept[0]!.size_bytes);
  t.is(raw.folded_sites.find((f) => f.site_id === base + 3), undefined, "a cold site is not sampled");
  const after = rt.getStats();
  t.is(after.tracked - before.tracked, REGISTRATIONS + 1);
  t.is(after.dropped - before.dropped, folded.count);
  t.is(raw.dropped_records, raw.folded_sites.reduce((n, f) => n + f.count, 0));
  t.deepEqual(raw.metadata.hot_site_sampling, { site_budget: 100, keep_every: 10, stride_doubles_after: 100 });
  for (const record of kept) t.not(record.scope_exit_time, null);
  t.true(kept.every((record) => record.collected_time !== null), "kept records' objects were seen collected");
  // The kept ones past the budget are spread over the run, not bunched at its start.
  const lastKept = kept.at(-1)!;
  t.true(lastKept.allocation_time > kept[99]!.allocation_time);
});

test.serial("hot scopes are timed 1 in N past the budget; exit times still reach their kept records", (t) => {
  const raw = rt.collectRaw();
  const scope = raw.scopes.find((x) => x.id === base + 1)!;
  // Entered REGISTRATIONS + 1 times by the test above.
  t.is(scope.invocations, REGISTRATIONS + 1);
  t.is(scope.completed, REGISTRATIONS + 1);
  t.is(scope.timed_invocations, 100 + Math.floor((REGISTRATIONS + 1 - 100) / 10));
  t.true(scope.min_duration_ms! <= scope.max_duration_ms!);
  t.true(scope.total_duration_ms >= scope.min_duration_ms! * scope.completed, "the total is scaled to every completed invocation");
  // The last invocation (the cold site's) was not timed but holds a kept record.
  const cold = raw.allocations.find((a) => a.site_id === base + 3)!;
  t.not(cold.scope_exit_time, null);
  t.true(cold.scope_exit_time! >= cold.allocation_time);
});

test.serial("a clone of a sampled-out value is not linked to an older record", (t) => {
  const before = rt.collectRaw().relations.length;
  const held: number[][] = [];
  const s = rt.enter(base + 1);
  // Registrations 1006..1010 of the hot site, held alive: 1010 is kept (110, 120, ...).
  for (let i = 0; i < 5; i++) held.push(rt.track([i], base + 2, s));
  // 1011 is sampled out; its clone must not be linked to record 1010.
  const row = rt.track([1, 2], base + 2, s);
  rt.track(row.slice(), base + 4, s);
  rt.exit(s);
  const raw = rt.collectRaw();
  const kept = raw.allocations.filter((a) => a.site_id === base + 2).length;
  t.is(kept + raw.folded_sites.find((f) => f.site_id === base + 2)!.count, REGISTRATIONS + 6);
  t.is(raw.relations.length, before, "no clone relation to a record that is not its source");
  t.is(held.length, 5);
});

/**
 * Which of n registrations of one site are kept, and how many registrations each stands
 * for: the first `budget`, then 1 in `every`, the stride doubling after each further
 * `budget` kept (an independent statement of the documented rule).
 */
function keptPattern(n: number, budget: number, every: number): Map<number, number> {
  const kept = new Map<number, number>();
  for (let i = 0; i < Math.min(n, budget); i++) kept.set(i, 1);
  let stride = every;
  let atStride = 0;
  for (let i = budget - 1 + stride; i < n; i += stride) {
    kept.set(i, stride);
    if (++atStride === budget) {
      atStride = 0;
      stride *= 2;
    }
  }
  return kept;
}

test.serial("left-out bytes are extrapolated from the records kept past the budget, and marked as such", (t) => {
  const LABELS = 3000;
  const lengthOf = (i: number): number => 1 + (i % 37) * 8;
  for (let i = 0; i < LABELS; i++) {
    const s = rt.enter(base + 1);
    rt.track("x".repeat(lengthOf(i)), base + 5, s);
    rt.exit(s);
  }
  const raw = rt.collectRaw();
  const kept = raw.allocations.filter((a) => a.site_id === base + 5);
  const folded = raw.folded_sites.find((f) => f.site_id === base + 5)!;
  t.is(kept.length + folded.count, LABELS);
  t.is(folded.sampled, folded.count, "nothing reached the record cap");
  const pattern = keptPattern(LABELS, 100, 10);
  t.is(kept.length, pattern.size, "kept: the budget, then every 10th, then every 20th after 100 more");
  t.true([...pattern.values()].includes(20), "the stride doubled within the run");
  // Each sampled record stands for its stride's registrations: the mean is weighted so.
  const strides = [...pattern.values()].slice(100);
  const sample = kept.slice(100);
  const weight = strides.reduce((sum, stride) => sum + stride, 0);
  const mean = sample.reduce((sum, a, i) => sum + (a.size_bytes + a.external_bytes) * strides[i]!, 0) / weight;
  t.is(folded.bytes_extrapolated, Math.round(folded.sampled! * mean));
  t.is(folded.bytes, folded.bytes_extrapolated!);
  // Every length appears among the first 100 kept records: the true bytes of the
  // left-out strings are known, and the extrapolation lands within 5% of them.
  const sizeByLength = new Map(kept.slice(0, 100).map((a, i) => [lengthOf(i), a.size_bytes + a.external_bytes]));
  let trueBytes = 0;
  for (let i = 0; i < LABELS; i++) if (!pattern.has(i)) trueBytes += sizeByLength.get(lengthOf(i))!;
  t.true(Math.abs(folded.bytes - trueBytes) / trueBytes < 0.05, `extrapolated ${folded.bytes} vs true ${trueBytes}`);
});

test.serial("a site hot for a long time keeps records in proportion to the logarithm of its registrations", (t) => {
  const REGISTRATIONS = 200_000;
  const before = rt.collectRaw().allocations.filter((a) => a.site_id === base + 4).length;
  const s = rt.enter(base + 1);
  for (let i = 0; i < REGISTRATIONS; i++) rt.track([i], base + 4, s);
  rt.exit(s);
  const raw = rt.collectRaw();
  const kept = raw.allocations.filter((a) => a.site_id === base + 4).length - before;
  const folded = raw.folded_sites.find((f) => f.site_id === base + 4)!;
  t.is(kept + folded.count, REGISTRATIONS, "every new registration kept or counted");
  // 100 + 100 at 1/10 + 100 at 1/20 + ... : stride 10·2^k after k rounds of 100.
  t.is(kept + before, keptPattern(REGISTRATIONS + before, 100, 10).size);
  t.true(kept < 1000, `${kept} records for ${REGISTRATIONS} registrations (1/10 throughout would keep 20,000)`);
});
