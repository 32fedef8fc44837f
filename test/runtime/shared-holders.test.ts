/**
 * Live-byte totals count each object once: an alias (second name for an object whose
 * holder is in scope) and the old holder of a move add nothing, the way render's
 * sharedHolders counts them. In-process, on a fresh store per test file.
 */
import test from "ava";
import { loadSandboxedRuntime, tick } from "./in-process.js";
import type { SiteTuple } from "../../format/protocol.js";
import type { RawSnapshot } from "../../format/snapshot.js";

// One site registers 1001 holders below: sampling off, so every registration is a record.
const { rt, sandbox } = await loadSandboxedRuntime({ MEMSCOPE_HOT_SITES: "off" });
const sampler = (await import(new URL("sampler.js", sandbox.runtimeUrl).href)) as typeof import("../../runtime/sampler.js");
const { STORE_KEY } = await import(new URL("protocol.js", sandbox.runtimeUrl).href) as typeof import("../../format/protocol.js");

const SITES: SiteTuple[] = [
  [0, "<module>", 1, 1, -1],
  [0, "build", 2, 1, 0],
  [0, "loop body", 3, 1, 0],
  [1, "created", "Set<number>", "collection", "Set", 4, 9, 1, -1],
  [1, "s", "Set<number>", "collection", "Set", 5, 9, 2, -1],
  [1, "first", "number[]", "collection", "Array", 6, 9, 0, -1],
  [1, "second", "number[]", "collection", "Array", 7, 9, 0, -1],
];
const base = rt.registerFile("src/shared.ts", SITES);
const moduleScope = rt.enter(base);

/** Records render treats as shared holders (alias targets, move sources). */
function shared(raw: RawSnapshot): Set<number> {
  const ids = new Set<number>();
  for (const r of raw.relations) {
    if (r.kind === "alias") ids.add(r.to);
    else if (r.kind === "move") ids.add(r.from);
  }
  return ids;
}

function liveObjects(raw: RawSnapshot): { count: number; bytes: number } {
  const skip = shared(raw);
  let count = 0;
  let bytes = 0;
  for (const a of raw.allocations) {
    if (a.collected_time !== null || skip.has(a.id)) continue;
    count++;
    bytes += a.size_bytes + a.external_bytes;
  }
  return { count, bytes };
}

const kept: unknown[] = [];

test.serial("a Set re-registered through a loop of moves is counted once", (t) => {
  const before = rt.getStats();
  const scope = rt.enter(base + 1);
  const set = rt.track(new Set([1, 2, 3]), base + 3, scope);
  rt.exit(scope);
  kept.push(set);
  const oneSet = rt.getStats().liveBytes - before.liveBytes;
  t.true(oneSet > 0);
  for (let i = 0; i < 1000; i++) {
    const body = rt.enter(base + 2);
    const s = rt.track(set, base + 4, body);
    t.is(s, set);
    rt.exit(body);
  }
  const after = rt.getStats();
  t.is(after.tracked - before.tracked, 1001, "every registration is a record");
  t.is(after.liveBytes - before.liveBytes, oneSet, "the Set's bytes once, not 1001 times");
  t.is(after.live - before.live, 1, "one live object");
  const raw = rt.collectRaw();
  const moves = raw.relations.filter((r) => r.kind === "move");
  t.is(moves.length, 1000, "the relation of each re-registration is kept");
  // Each move starts from the previous holder: a chain, not a star.
  const ids = raw.allocations.filter((a) => a.site_id === base + 4).map((a) => a.id);
  t.is(moves.at(-1)!.from, ids.at(-2)!);
  t.is(moves.at(-1)!.to, ids.at(-1)!);
});

test.serial("an alias adds nothing; the holder's bytes stay counted", (t) => {
  const before = rt.getStats();
  const array = [1, 2, 3, 4];
  kept.push(array);
  rt.track(array, base + 5, moduleScope);
  const afterFirst = rt.getStats();
  rt.track(array, base + 6, moduleScope);
  rt.track(array, base + 6, moduleScope);
  const after = rt.getStats();
  t.true(afterFirst.liveBytes > before.liveBytes);
  t.is(after.liveBytes, afterFirst.liveBytes);
  t.is(after.live, afterFirst.live);
  t.is(after.tracked, afterFirst.tracked + 2);
  const raw = rt.collectRaw();
  t.is(raw.relations.filter((r) => r.kind === "alias").length, 2);
});

test.serial("getStats and the timeline agree with the records counted once per object", (t) => {
  const raw = rt.collectRaw();
  const stats = rt.getStats();
  const live = liveObjects(raw);
  t.is(stats.liveBytes, live.bytes);
  t.is(stats.live, live.count);
  const store = (globalThis as unknown as Record<symbol, Parameters<typeof sampler.takeSample>[0]>)[Symbol.for(STORE_KEY)]!;
  sampler.takeSample(store);
  const last = store.timeline.at(-1)!;
  t.is(last.tracked_live_bytes, live.bytes, "the sampled total is not inflated by the 1001 holders of the Set");
  t.is(last.tracked_live_count, live.count);
});

test.serial("every holder of an object is marked collected with it (one registry cell per object)", async (t) => {
  const before = rt.getStats();
  (() => {
    const scope = rt.enter(base + 1);
    const set = rt.track(new Set([4, 5]), base + 3, scope);
    rt.exit(scope);
    for (let i = 0; i < 3; i++) {
      const body = rt.enter(base + 2);
      rt.track(set, base + 4, body);
      rt.track(set, base + 4, body);
      rt.exit(body);
    }
  })();
  await tick();
  await tick();
  const raw = rt.collectRaw();
  const records = raw.allocations.slice(-7);
  t.is(records.length, 7);
  t.true(records.every((a) => a.collected_time !== null), "first record, moves and aliases all collected");
  t.is(new Set(records.map((a) => a.collected_time)).size, 1, "at the same time");
  const after = rt.getStats();
  t.is(after.liveBytes, before.liveBytes, "nothing of the Set is left in the live bytes");
  t.is(after.live, before.live);
  t.is(after.tracked, before.tracked + 7);
});
