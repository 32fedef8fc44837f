import test from "ava";
import type { RetainerPath, RetainerStep } from "../../format/snapshot.js";
import { readableRetainerPath, type RecordLabel } from "../../render/derive/retainer-labels.js";
import { growthReason, outlivedReason, reasonWithoutHolder } from "../../render/derive/leak-reasons.js";
import { runFixture } from "./child.js";

interface PathOut {
  steps: RetainerStep[];
  omitted: number;
}

const out = runFixture<{ paths: Record<string, PathOut> }>("retainer-graph");

const LABELS = new Map<number, RecordLabel>([
  [10, { variable_name: "searchMemo", type_name: "Map<string, User>", file: "src/cache.ts", line: 12 }],
  [11, { variable_name: "user", type_name: "User", file: "src/users.ts", line: 30 }],
  [12, { variable_name: "avatar", type_name: "{ url: string; pixels: number[] }", file: "src/users.ts", line: 31 }],
  [13, { variable_name: "tag", type_name: "{ label: string }", file: "src/tags.ts", line: 4 }],
]);

function readable(record: number): string[] {
  const path = out.paths[String(record)];
  if (!path) throw new Error(`no path for record ${record}`);
  const raw: RetainerPath = { record_id: record, steps: path.steps, omitted_steps: path.omitted };
  return readableRetainerPath(raw, (id) => LABELS.get(id) ?? null);
}

test("every requested target gets a path that starts at the root and ends at the target", (t) => {
  t.deepEqual(Object.keys(out.paths).sort(), ["10", "11", "12", "13"]);
  for (const [record, path] of Object.entries(out.paths)) {
    t.true(path.steps.length >= 2, record);
    t.is(path.steps[path.steps.length - 1]!.record_id, Number(record));
    t.is(path.omitted, 0);
  }
});

test("a Map entry's value is found through the tracked Map, named by its declaration", (t) => {
  const steps = out.paths["12"]!.steps;
  const names = steps.map((s) => `${s.edge_type}:${s.edge}`);
  // … → Map (record 10) → table → entry value → User (record 11) → .avatar → the avatar
  const map = steps.findIndex((s) => s.record_id === 10);
  t.true(map >= 0, names.join(" "));
  t.is(steps[map]!.node, "Map");
  t.deepEqual(steps.slice(map + 1).map((s) => [s.edge_type, s.edge, s.record_id]), [
    ["internal", "table", null],
    ["internal", "entry value", 11],
    ["property", "avatar", 12],
  ]);
  t.is(steps[map + 2]!.node, "User");
  t.deepEqual(readable(12), ["`searchMemo` Map<string, User> (src/cache.ts:12)", "entry value", "`user` User (src/users.ts:30)", ".avatar"]);
  t.deepEqual(readable(11), ["`searchMemo` Map<string, User> (src/cache.ts:12)", "entry value"]);
});

test("a Set entry is its key", (t) => {
  const steps = out.paths["13"]!.steps;
  t.is(steps[steps.length - 1]!.edge, "entry key");
  t.is(steps[steps.length - 3]!.node, "Set");
  const labels = readable(13);
  t.is(labels[labels.length - 1], "entry key");
  t.true(labels.includes("Set"), labels.join(" → "));
});

test("the module-level Map itself is held by its module's variable", (t) => {
  const labels = readable(10);
  t.true(labels.length >= 1);
  // Either a closure/module context variable named searchMemo, or the global object's property.
  t.true(labels.some((l) => l === "variable `searchMemo`" || l === ".searchMemo"), labels.join(" → "));
});

test("reasons name the holder; the SVG's version leaves it for its own line", (t) => {
  const holder = ["`searchMemo` Map<string, User> (src/cache.ts:12)", "entry value"];
  const facts = { count: 1, bytes: 2048, oldest: 5000, largestBytes: 2048, largestLastExit: 100, allocationTime: 50, history: [[0, 10], [1, 20], [2, 30]] as Array<[number, number]> };
  const outlived = outlivedReason(facts, 5100, undefined, 0, false, holder);
  t.true(outlived.endsWith("its 2.0 KB are held through `searchMemo` Map<string, User> (src/cache.ts:12) → entry value."), outlived);
  t.is(reasonWithoutHolder(outlived, holder).slice(-38), "its 2.0 KB are held by the path below.");
  const growth = growthReason(facts, holder);
  t.true(growth.includes(", held through `searchMemo`"), growth);
  t.true(outlivedReason(facts, 5100, undefined, 0).includes("something outside the scope"));
  t.is(reasonWithoutHolder(growth, undefined), growth);
});
