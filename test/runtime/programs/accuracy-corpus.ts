/**
 * Builds a corpus of values, writes a V8 heap snapshot with them reachable from
 * globalThis.__memscopeCorpus, and prints the runtime's estimate for each.
 */
import * as v8 from "node:v8";
import { estimate, lastExternal } from "../../../runtime/estimate.js";
import { ropeShapedBytes, SHAPE_SLICE } from "../../../runtime/string-shape.js";
import { LAYOUT } from "../../../runtime/layout.js";

function flatString(text: string): string {
  // Through a Buffer so that the result is a sequential (flat) string.
  return Buffer.from(text, "utf8").toString("utf8");
}
function pushed(n: number): number[] {
  const array: number[] = [];
  for (let i = 0; i < n; i++) array.push(i);
  return array;
}
function assigned(n: number): Record<string, number> {
  const object: Record<string, number> = {};
  for (let i = 0; i < n; i++) object[`key${i}`] = i;
  return object;
}
class Point3 {
  x = 1;
  y = 2;
  z = 3;
}
class Wide {
  a = 1; b = 2; c = 3; d = 4; e = 5; f = 6; g = 7; h = 8;
}
class Lonely {
  label = "only";
}
class Tagged {
  constructor(readonly value: number) {
    // As the yaml package marks its nodes: a non-enumerable symbol-keyed property.
    Object.defineProperty(this, NODE_TYPE, { value: "scalar" });
  }
}
class Base {
  constructor(readonly x: number, readonly y: number) {}
}
class Derived extends Base {
  z = 3;
}
const NODE_TYPE = Symbol("node type");
const points = Array.from({ length: 20 }, () => new Point3());
const wides = Array.from({ length: 20 }, () => new Wide());
const tagged = Array.from({ length: 20 }, (_, i) => new Tagged(i));
const derived = Array.from({ length: 20 }, () => new Derived(1, 2));
const lonely = new Lonely();
const flatLeft = flatString("left part of it, ");
const flatRight = flatString("and the right part");
const parent = flatString("x".repeat(200));
function literalOf(keys: number): Record<string, number> {
  // A real object literal with `keys` keys, as a program would write it.
  return new Function(`return {${Array.from({ length: keys }, (_, i) => `k${i}: ${i}`).join(", ")}};`)() as Record<string, number>;
}

const corpus: Record<string, unknown> = {
  "string/one-byte 12": flatString("hello world!"),
  "string/one-byte 100": flatString("a".repeat(100)),
  "string/one-byte 10000": flatString("b".repeat(10_000)),
  "string/two-byte 50": flatString("\u4e2d".repeat(50)),
  "string/two-byte 5000": flatString("\u4e2d\u6587".repeat(2500)),
  "Array/literal 3": [1, 2, 3],
  "Array/from 10": Array.from({ length: 10 }, (_, i) => i),
  "Array/doubles 64": Array.from({ length: 64 }, (_, i) => i + 0.5),
  "Array/objects 16": Array.from({ length: 16 }, (_, i) => ({ i })),
  "Array/new Array(1000)": new Array(1000).fill(0),
  "Array/pushed 100": pushed(100),
  "Array/pushed 1000": pushed(1000),
  "Map/0": new Map(),
  "Map/10": new Map(Array.from({ length: 10 }, (_, i) => [i, i])),
  "Map/1000": new Map(Array.from({ length: 1000 }, (_, i) => [i, i])),
  "Set/0": new Set(),
  "Set/5": new Set([1, 2, 3, 4, 5]),
  "Set/300": new Set(Array.from({ length: 300 }, (_, i) => i)),
  "TypedArray/Uint8Array 16": new Uint8Array(16),
  "TypedArray/Uint8Array 4096": new Uint8Array(4096),
  "TypedArray/Float64Array 1000": new Float64Array(1000),
  "Buffer/alloc 1000": Buffer.alloc(1000),
  "ArrayBuffer/1000": new ArrayBuffer(1000),
  "DataView/64": new DataView(new ArrayBuffer(64)),
  "string/concatenation 35": flatLeft + flatRight,
  "string/slice 120": parent.slice(40, 160),
  "object/literal 2": { a: 1, b: 2 },
  "object/literal 8": { a: 1, b: 2, c: 3, d: 4, e: 5, f: 6, g: 7, h: 8 },
  "object/literal 30": literalOf(30),
  "object/empty": {},
  "object/spread 8": { ...literalOf(8) },
  "object/JSON.parse 10": JSON.parse(JSON.stringify(literalOf(10))) as object,
  "object/assigned 10": assigned(10),
  "object/assigned 40": assigned(40),
  "object/null-proto 3": Object.assign(Object.create(null) as object, { a: 1, b: 2, c: 3 }),
  "class/Point3 (20 made)": points[19],
  "class/Wide (20 made)": wides[19],
  "class/symbol-keyed (20 made)": tagged[19],
  "class/derived (20 made)": derived[2],
  "class/one instance": lonely,
  "RegExp": /ab+c/gi,
  "Date": new Date(),
  "Promise": Promise.resolve(1),
  "WeakRef": new WeakRef(points),
};

/**
 * How the runtime estimates each entry: the initializer kind the transformer would give
 * it (`allocates` for literals and spreads), and for ropes and slices the site's string
 * shape (registration never reads their characters).
 */
const LITERAL = new Set(["object/literal 2", "object/literal 8", "object/literal 30", "object/empty", "object/spread 8"]);
const SHAPED: Record<string, number> = { "string/concatenation 35": 1, "string/slice 120": SHAPE_SLICE };
/** Class entries: every instance is registered in order, as a program tracking each would. */
const MADE: Record<string, object[]> = {
  "class/Point3 (20 made)": points,
  "class/Wide (20 made)": wides,
  "class/symbol-keyed (20 made)": tagged,
  "class/derived (20 made)": derived,
};

(globalThis as Record<string, unknown>).__memscopeCorpus = corpus;
const estimates: Record<string, { size: number; external: number }> = {};
for (const [key, value] of Object.entries(corpus)) {
  if (Object.hasOwn(SHAPED, key)) {
    estimates[key] = { size: ropeShapedBytes(SHAPED[key]!, LAYOUT), external: 0 };
    continue;
  }
  for (const earlier of MADE[key] ?? []) if (earlier !== value) estimate(earlier);
  const size = estimate(value, LAYOUT, LITERAL.has(key));
  estimates[key] = { size, external: lastExternal };
}
const file = v8.writeHeapSnapshot(process.argv[2]);
process.stdout.write(JSON.stringify({ file, estimates }));
