/**
 * The layout is chosen by the V8 version: array buffers and their views gained an
 * 8-byte field between V8 12.4 (Node 22) and 13.6 (Node 24), measured by
 * estimate-accuracy.test.ts on each Node that CI runs.
 */
import test from "ava";
import { LAYOUT, layoutFor, v8Version } from "../../runtime/layout.js";

test("V8 versions read from process.versions.v8 strings", (t) => {
  t.deepEqual(v8Version("11.3.244.8-node.25"), [11, 3]);
  t.deepEqual(v8Version("14.6.202.34-node.40"), [14, 6]);
  t.deepEqual(v8Version("garbage"), [0, 0]);
});

test("array buffers and views are 8 bytes larger from V8 13 on, everything else unchanged", (t) => {
  const v20 = layoutFor(false, "11.3.244.8-node.25");
  const v22 = layoutFor(false, "12.4.254.21-node.33");
  const v24 = layoutFor(false, "13.6.233.17-node.30");
  const v26 = layoutFor(false, "14.6.202.34-node.40");
  t.deepEqual(v22, v20);
  t.deepEqual(v26, v24);
  t.deepEqual([v20.typedArray, v20.arrayBuffer, v20.dataView], [96, 88, 80]);
  t.deepEqual([v24.typedArray, v24.arrayBuffer, v24.dataView], [104, 96, 88]);
  t.deepEqual({ ...v24, typedArray: 0, arrayBuffer: 0, dataView: 0 }, { ...v20, typedArray: 0, arrayBuffer: 0, dataView: 0 });
});

test("the running process uses the layout of its own V8", (t) => {
  t.deepEqual(LAYOUT, layoutFor(LAYOUT.pointerCompression, process.versions.v8));
});
