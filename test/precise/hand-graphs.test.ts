import test from "ava";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runFixture } from "./child.js";
import { readJsonSnapshot, type JsonSnapshot, type JsonSnapshotNode } from "./snapshot-json.js";

interface Output {
  names: string[];
  self: number[];
  retained: number[];
  nodeIds: number[];
}

const dir = mkdtempSync(join(tmpdir(), "memscope-precise-"));
const snapshotPath = join(dir, "hand.heapsnapshot");
const out = runFixture<Output>("hand-graphs", [snapshotPath]);
const snap: JsonSnapshot = readJsonSnapshot(snapshotPath);
test.after.always(() => rmSync(dir, { recursive: true, force: true }));

function measured(name: string): { node: JsonSnapshotNode; self: number; retained: number } {
  const i = out.names.indexOf(name);
  if (i < 0) throw new Error(`fixture did not measure ${name}`);
  return { node: snap.byId(out.nodeIds[i]!), self: out.self[i]!, retained: out.retained[i]! };
}

/** Sum of the self sizes of the given nodes: a retained size computed by hand. */
const sum = (...nodes: JsonSnapshotNode[]): number => nodes.reduce((total, n) => total + n.selfSize, 0);

test("every tracked object is located (even with a progress callback that throws) and its self size is the snapshot's", (t) => {
  for (const name of out.names) {
    const m = measured(name);
    t.false(Number.isNaN(m.self), name);
    t.is(m.self, m.node.selfSize, name);
    t.true(m.self > 0, name);
  }
  t.is(measured("tree").node.name, "TreeRoot");
  t.is(measured("chainB").node.name, "ChainB");
});

test("a tree retains its leaves", (t) => {
  const { node, retained } = measured("tree");
  t.is(retained, sum(node, snap.follow(node.ordinal, "left"), snap.follow(node.ordinal, "right")));
});

test("a child shared by two siblings is retained by their common holder only", (t) => {
  const holder = measured("sharedHolder");
  const a = measured("sharedA");
  const b = measured("sharedB");
  const child = snap.follow(a.node.ordinal, "child");
  t.is(snap.follow(b.node.ordinal, "child").id, child.id);
  t.is(a.retained, a.node.selfSize);
  t.is(b.retained, b.node.selfSize);
  // a and b are themselves measured: the registry must not steal them from the holder.
  t.is(holder.retained, sum(holder.node, a.node, b.node, child));
});

test("a child also held from outside is not retained", (t) => {
  const { node, retained } = measured("outside");
  t.is(retained, node.selfSize);
});

test("a cycle is retained by its entry point", (t) => {
  const a = measured("cycleA");
  const b = measured("cycleB");
  t.is(a.retained, sum(a.node, b.node));
  t.is(b.retained, b.node.selfSize);
});

test("a WeakRef retains nothing through its weak target edge", (t) => {
  const { node, retained } = measured("weakHolder");
  const weakRef = snap.follow(node.ordinal, "weak");
  const target = snap.edges(weakRef.ordinal).find((e) => e.name === "target");
  t.is(target?.type, "weak");
  t.is(retained, sum(node, snap.follow(node.ordinal, "strong"), weakRef));
});

test("an object kept alive only by this job's WeakRef bookkeeping is not retained by its holder", (t) => {
  const { node, retained } = measured("weakKept");
  const weakRef = snap.follow(node.ordinal, "weak");
  t.is(retained, sum(node, weakRef));
});

test("a WeakMap entry whose key lives elsewhere is not retained by the map's holder", (t) => {
  const { node, retained } = measured("mapHolder");
  const map = snap.follow(node.ordinal, "wm");
  const table = snap.follow(map.ordinal, "table");
  t.is(retained, sum(node, map, table));
});

test("a WeakMap entry whose key the holder owns is retained by the holder", (t) => {
  const { node, retained } = measured("ownedMapHolder");
  const map = snap.follow(node.ordinal, "wm");
  const table = snap.follow(map.ordinal, "table");
  const key = snap.follow(node.ordinal, "key");
  const value = snap.edges(key.ordinal).find((e) => String(e.name).includes("part of key"));
  t.truthy(value);
  t.is(retained, sum(node, map, table, key, snap.node(value!.to)));
});

test("a measured object inside another measured object still counts for its holder", (t) => {
  const a = measured("chainA");
  const b = measured("chainB");
  t.is(b.retained, b.node.selfSize);
  t.is(a.retained, sum(a.node, b.node));
});
