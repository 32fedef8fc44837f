/**
 * Strings as V8 stores them: the report's string bytes against the heap snapshot's
 * `self_size` of the very string nodes the program made. `wrap(2000)` builds a
 * 2,000-level rope (`"[" + inner + "]"`: two ConsString nodes a level) whose flat size
 * would be ~8 MB; reads (`inner`) and one-character reads add nothing.
 */
import test from "ava";
import * as fs from "node:fs";
import * as path from "node:path";
import { HeapSnapshotReader } from "../runtime/heap-snapshot.js";
import { buildProgram, type BuiltProgram } from "./program.js";

const WRAP = `
import * as v8 from "node:v8";
const seed = "seed";
function wrap(depth: number): string[] {
  const out: string[] = [];
  let acc = seed;
  for (let i = 0; i < depth; i++) {
    const inner = acc;
    const s = "[" + inner + "]";
    // Indexing the rope would make V8 flatten it (a flat copy of every level): index a flat string.
    const first = seed[i % seed.length];
    out.push(first === "" ? inner : s);
    acc = s;
  }
  return out;
}
const kept = { wrapped: wrap(Number(process.argv[2])) };
const label = \`level \${kept.wrapped.length} of \${kept.wrapped[0]!.length}\`;
const tail = kept.wrapped[kept.wrapped.length - 1]!.slice(1, 40);
(globalThis as { __kept?: unknown }).__kept = { kept, label, tail };
if (process.env.HEAP_FILE) v8.writeHeapSnapshot(process.env.HEAP_FILE);
console.log(label, tail.length);
`;

let program: BuiltProgram;
test.before(() => {
  program = buildProgram("strings", { "wrap.ts": WRAP });
});
test.after.always(() => program.remove());

/** Self sizes of the distinct string nodes reachable from `root` through string edges, without the ones in `exclude`. */
function stringBytesFrom(heap: HeapSnapshotReader, roots: number[], exclude: Set<number>): number {
  const seen = new Set<number>();
  const stack = [...roots];
  let bytes = 0;
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (seen.has(node) || exclude.has(node)) continue;
    seen.add(node);
    const type = heap.nodeType(node);
    if (type !== "string" && type !== "concatenated string" && type !== "sliced string") continue;
    bytes += heap.selfSize(node);
    for (const edge of heap.edges(node)) if (edge.type === "internal") stack.push(edge.to);
  }
  return bytes;
}

function elementsOf(heap: HeapSnapshotReader, array: number): number[] {
  const out: number[] = [];
  for (const edge of heap.edges(array)) if (edge.type === "element") out.push(edge.to);
  return out;
}

function property(heap: HeapSnapshotReader, node: number, name: string): number {
  const edge = heap.edges(node).find((e) => e.type === "property" && e.name === name);
  if (!edge) throw new Error(`no property ${name}`);
  return edge.to;
}

test("wrap(2000): the rope's string bytes within 25% of V8's, reads and one-character reads at 0", (t) => {
  const heapFile = path.join(program.dir, "wrap.heapsnapshot");
  const { snapshot } = program.run("wrap.js", { MEMSCOPE_HOT_SITES: "off", HEAP_FILE: heapFile }, [], ["2000"]);
  const heap = new HeapSnapshotReader(heapFile);
  fs.rmSync(heapFile);
  const keptRoot = heap.findByEdge("__kept");
  const kept = property(heap, property(heap, keptRoot, "kept"), "wrapped");
  const levels = elementsOf(heap, kept);
  t.is(levels.length, 2000);
  // What the program made: every string node reachable from the levels, but the seed and the literals.
  const literals = new Set<number>();
  for (const node of [...levels]) {
    for (const edge of heap.edges(node)) if (edge.type === "internal" && heap.nodeType(edge.to) === "string" && heap.selfSize(edge.to) <= 24) literals.add(edge.to);
  }
  const v8Bytes = stringBytesFrom(heap, levels, literals);
  const reported = (name: string): number => snapshot.allocations.filter((a) => a.variable_name === name).reduce((sum, a) => sum + a.size_bytes, 0);
  const sBytes = reported("s");
  t.true(Math.abs(sBytes - v8Bytes) <= 0.25 * v8Bytes, `reported ${sBytes} B for s, V8 ${v8Bytes} B`);
  const kinds = new Map((snapshot.variable_sites ?? []).map((s) => [s.variable_name, s.initializer]));
  t.is(kinds.get("inner"), "reads");
  t.is(kinds.get("first"), "reads");
  // Names of existing strings count in no total.
  const total = snapshot.summary.total_bytes;
  t.true(total < 3 * v8Bytes, `total ${total} B against V8's ${v8Bytes} B for the rope`);
  t.log(`s: reported ${sBytes} B, V8 ${v8Bytes} B; total tracked ${total} B`);
});

test("a template is a rope node over its parts, a slice of 13+ characters a SlicedString", (t) => {
  const heapFile = path.join(program.dir, "small.heapsnapshot");
  const { snapshot } = program.run("wrap.js", { MEMSCOPE_HOT_SITES: "off", HEAP_FILE: heapFile }, [], ["20"]);
  const heap = new HeapSnapshotReader(heapFile);
  fs.rmSync(heapFile);
  const root = heap.findByEdge("__kept");
  const record = (name: string) => snapshot.allocations.find((a) => a.variable_name === name)!;
  t.is(heap.nodeType(property(heap, root, "tail")), "sliced string");
  t.is(record("tail").size_bytes, heap.selfSize(property(heap, root, "tail")));
  const label = property(heap, root, "label");
  t.is(heap.nodeType(label), "concatenated string");
  // Two substitutions: V8 makes one rope node and a short flat part; the estimate charges a node per join.
  const v8Label = stringBytesFrom(heap, [label], new Set(heap.edges(label).filter((e) => heap.nodeType(e.to) === "concatenated string" ? false : heap.selfSize(e.to) > 24).map((e) => e.to)));
  // V8 13 (Node 24+) builds this short template into a single rope node, where the
  // estimate still charges a node per join: within a factor of two there (README, Limits).
  const v8Major = Number(process.versions.v8.split(".")[0]);
  const tolerance = v8Major >= 13 ? 1 : 0.5;
  t.true(Math.abs(record("label").size_bytes - v8Label) <= tolerance * v8Label, `label ${record("label").size_bytes} B, V8 ${v8Label} B (V8 ${process.versions.v8})`);
});
