/** Registration, scopes, relations and tolerance of bad arguments, in-process. */
import test from "ava";
import { loadSandboxedRuntime, tick } from "./in-process.js";
import type { SiteTuple } from "../../format/protocol.js";

const { rt, sandbox } = await loadSandboxedRuntime();

const SITES: SiteTuple[] = [
  [0, "<module>", 1, 1, -1],
  [0, "fn", 2, 1, 0],
  [1, "source", "number[]", "collection", "Array", 3, 9, 1, -1],
  [1, "copy", "number[]", "collection", "Array", 4, 9, 1, 2],
  [1, "other", "number[]", "collection", "Array", 5, 9, 1, -1],
  [1, "escaped", "object", "box", "object", 6, 9, 0, -1],
  [1, "value", "unknown", "dynamic", "unknown", 7, 9, 1, -1],
  [1, "name", "string", "string", "string", 8, 9, 1, -1],
];
const base = rt.registerFile("src/registration.ts", SITES);
const moduleScope = rt.enter(base);
/** Objects kept alive to the end of the file's tests. */
const retained: unknown[] = [];

test.serial("records carry their site, scope and category; dynamic sites are classified at run time", (t) => {
  const s = rt.enter(base + 1);
  const array = rt.track([1, 2, 3], base + 2, s);
  const map = rt.track(new Map([[1, 2]]), base + 6, s);
  rt.exit(s);
  t.deepEqual(array, [1, 2, 3]);
  const raw = rt.collectRaw();
  const source = raw.allocations.find((a) => a.variable_name === "source")!;
  t.is(source.category, "collection");
  t.is(source.subcategory, "Array");
  t.is(source.type_name, "number[]");
  t.is(source.file, "src/registration.ts");
  t.is(source.line, 3);
  t.is(source.scope_id, base + 1);
  t.is(source.site_id, base + 2);
  t.not(source.scope_exit_time, null);
  const dynamic = raw.allocations.find((a) => a.variable_name === "value")!;
  t.is(dynamic.category, "collection");
  t.is(dynamic.subcategory, "Map");
  t.is(dynamic.size_bytes, 184);
  void map;
});

test.serial("clone links to the latest live record of the source site", (t) => {
  const s = rt.enter(base + 1);
  const source = rt.track([1, 2, 3], base + 2, s);
  const copy = rt.track(source.slice(), base + 3, s);
  rt.exit(s);
  const raw = rt.collectRaw();
  const ids = (name: string) => raw.allocations.filter((a) => a.variable_name === name).map((a) => a.id);
  const clone = raw.relations.find((r) => r.kind === "clone" && r.to === ids("copy").at(-1));
  t.truthy(clone);
  t.is(clone!.from, ids("source").at(-1)!);
  void copy;
});

test.serial("alias: the same object under two variables; move: after the first holder's scope exited", (t) => {
  const shared = [7];
  const s = rt.enter(base + 1);
  rt.track(shared, base + 2, s);
  rt.track(shared, base + 4, s);
  rt.exit(s);
  rt.track(shared, base + 5, moduleScope);
  const raw = rt.collectRaw();
  const first = raw.allocations.filter((a) => a.variable_name === "source").at(-1)!;
  const other = raw.allocations.filter((a) => a.variable_name === "other").at(-1)!;
  const escaped = raw.allocations.filter((a) => a.variable_name === "escaped").at(-1)!;
  t.truthy(raw.relations.find((r) => r.kind === "alias" && r.from === first.id && r.to === other.id));
  t.truthy(raw.relations.find((r) => r.kind === "move" && r.from === first.id && r.to === escaped.id));
});

// Below: five track calls, two enter calls, one malformed table and three malformed
// tuples name no valid site; three exit calls and one track call name no live scope.
const DELTAS = { invalid_site_calls: 11, invalid_scope_calls: 4, internal_errors: 0 };

test.serial("bad arguments are counted and ignored, values pass through unchanged", (t) => {
  const before = rt.getStats();
  const countersBefore = rt.collectRaw().metadata.runtime_counters!;
  const value = { a: 1 };
  t.is(rt.track(value, NaN, moduleScope), value);
  t.is(rt.track(value, -1, moduleScope), value);
  t.is(rt.track(value, 1e9, moduleScope), value);
  t.is(rt.track(value, base, moduleScope), value, "a scope site is not a variable site");
  t.is(rt.track(value, "x" as unknown as number, moduleScope), value);
  t.is(rt.enter(NaN), 0);
  t.is(rt.enter(base + 2), 0, "a variable site is not a scope site");
  t.notThrows(() => rt.exit(NaN));
  t.notThrows(() => rt.exit(123456789));
  t.notThrows(() => rt.exit(undefined as unknown as number));
  t.true(Number.isNaN(rt.registerFile("bad.ts", null as unknown as SiteTuple[])));
  t.notThrows(() => rt.registerFile("bad-tuples.ts", [null, [9, "x"], [1, "short"]] as unknown as SiteTuple[]));
  t.is(rt.getStats().tracked, before.tracked, "nothing recorded");
  const unknownScope = rt.track([1], base + 2, 987654);
  t.deepEqual(unknownScope, [1]);
  t.is(rt.getStats().tracked, before.tracked + 1, "recorded without a scope");
  const raw = rt.collectRaw();
  t.is(raw.allocations.at(-1)!.scope_instance, 0);
  // Counted, and reported in the snapshot: never silent.
  const counters = raw.metadata.runtime_counters!;
  t.deepEqual(
    {
      invalid_site_calls: counters.invalid_site_calls - countersBefore.invalid_site_calls,
      invalid_scope_calls: counters.invalid_scope_calls - countersBefore.invalid_scope_calls,
      internal_errors: counters.internal_errors - countersBefore.internal_errors,
    },
    DELTAS,
  );
});

test.serial("non-trackable values (numbers, functions, undefined) pass through and are not recorded", (t) => {
  const before = rt.getStats().tracked;
  const fn = () => 1;
  t.is(rt.track(fn, base + 6, moduleScope), fn);
  t.is(rt.track(42, base + 6, moduleScope), 42);
  t.is(rt.track(undefined, base + 6, moduleScope), undefined);
  t.is(rt.track(null, base + 6, moduleScope), null);
  t.is(rt.getStats().tracked, before);
});

test.serial("strings: size by length, lifetime ends at scope exit", (t) => {
  const s = rt.enter(base + 1);
  const name = rt.track("x".repeat(100), base + 7, s);
  t.is(name.length, 100);
  t.is(rt.getStats().liveBytes > 0, true);
  rt.exit(s);
  const record = rt.collectRaw().allocations.filter((a) => a.variable_name === "name").at(-1)!;
  t.is(record.size_bytes, 120);
  t.is(record.collected_time, record.scope_exit_time);
});

test.serial("a second copy of the module shares the same store", async (t) => {
  const copy = (await import(`${sandbox.runtimeUrl}?copy`)) as typeof rt;
  t.not(copy, rt);
  const before = rt.getStats().tracked;
  copy.track([1, 2], base + 2, moduleScope);
  t.is(rt.getStats().tracked, before + 1);
  t.is(copy.getStats().tracked, before + 1);
});

test.serial("trackVar registers a site at the caller's file:line with a run-time category", async (t) => {
  const kept = rt.trackVar(new Set([1, 2, 3]), "manualSet");
  const again = rt.trackVar("hello", "manualName");
  await tick();
  const raw = rt.collectRaw();
  const record = raw.allocations.find((a) => a.variable_name === "manualSet")!;
  t.is(record.category, "collection");
  t.is(record.subcategory, "Set");
  t.regex(record.file, /registration\.test\.js$/);
  t.true(record.line > 0);
  t.is(raw.allocations.find((a) => a.variable_name === "manualName")!.category, "string");
  t.is(kept.size, 3);
  t.is(again, "hello");
  t.true(raw.tracked_sites >= SITES.filter((s) => s[0] === 1).length + 2);
});

test.serial("a typed array's backing store is its record's external_bytes", (t) => {
  const bytes = rt.track(new Float64Array(1000), base + 6, moduleScope);
  const record = rt.collectRaw().allocations.at(-1)!;
  t.is(record.subcategory, "TypedArray");
  t.is(record.external_bytes, 8000);
  retained.push(bytes);
});

test.serial("getStats is consistent with the raw snapshot", (t) => {
  const stats = rt.getStats();
  const raw = rt.collectRaw();
  const after = rt.getStats();
  t.is(raw.allocations.length, after.tracked - after.dropped);
  // Each object counted once: alias targets and move sources are shared holders.
  const shared = new Set(raw.relations.flatMap((r) => (r.kind === "alias" ? [r.to] : r.kind === "move" ? [r.from] : [])));
  t.true(shared.size > 0, "the alias/move test above left shared holders");
  t.true(raw.allocations.some((a) => a.collected_time === null && a.external_bytes > 0), "a live typed array is among them");
  const live = raw.allocations.filter((a) => a.collected_time === null && !shared.has(a.id));
  t.is(live.length, after.live);
  t.is(live.reduce((sum, a) => sum + a.size_bytes + a.external_bytes, 0), after.liveBytes, "on-heap + off-heap bytes, as render counts them");
  t.true(stats.sites >= 6);
});
