/**
 * Builds a corpus of values, writes a V8 heap snapshot with them reachable from
 * globalThis.__memscopeCorpus, and prints the runtime's estimate for each.
 */
import * as v8 from "node:v8";
import { estimate, lastExternal } from "../../../runtime/estimate.js";

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
const points = Array.from({ length: 20 }, () => new Point3());
const wides = Array.from({ length: 20 }, () => new Wide());

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
  "object/literal 2": { a: 1, b: 2 },
  "object/literal 8": { a: 1, b: 2, c: 3, d: 4, e: 5, f: 6, g: 7, h: 8 },
  "object/empty": {},
  "object/assigned 10": assigned(10),
  "object/assigned 40": assigned(40),
  "object/null-proto 3": Object.assign(Object.create(null) as object, { a: 1, b: 2, c: 3 }),
  "class/Point3": points[19],
  "class/Wide": wides[19],
  "Date": new Date(),
  "Promise": Promise.resolve(1),
  "WeakRef": new WeakRef(points),
};

(globalThis as Record<string, unknown>).__memscopeCorpus = corpus;
const estimates: Record<string, { size: number; external: number }> = {};
for (const [key, value] of Object.entries(corpus)) {
  const size = estimate(value);
  estimates[key] = { size, external: lastExternal };
}
const file = v8.writeHeapSnapshot(process.argv[2]);
process.stdout.write(JSON.stringify({ file, estimates }));
