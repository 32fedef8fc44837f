/**
 * Compares the runtime's O(1) estimates with V8's own sizes from a real heap
 * snapshot of a corpus of values (taken in a child process). The reference for a
 * value is its node's self_size plus the backing stores it owns alone: elements,
 * property array, hash table, and for views the ArrayBuffer they cover.
 */
import test from "ava";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { HeapSnapshotReader } from "./heap-snapshot.js";
import { programsDir } from "./helpers.js";

const OWNED_EDGES = new Set(["elements", "table", "properties", "buffer"]);

/** Largest relative error allowed per kind (prefix of the corpus key). */
const TOLERANCE: Record<string, number> = {
  string: 0,
  Array: 0.35,
  Map: 0,
  Set: 0,
  TypedArray: 0,
  Buffer: 0,
  ArrayBuffer: 0,
  DataView: 0,
  object: 0.4,
  class: 0,
  Date: 0,
  Promise: 0,
  WeakRef: 0,
};

test("estimates match V8 heap snapshot sizes within the per-kind tolerance", (t) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "memscope-accuracy-"));
  try {
    const snapshotPath = path.join(dir, "corpus.heapsnapshot");
    const run = spawnSync(process.execPath, [path.join(programsDir, "accuracy-corpus.js"), snapshotPath], { encoding: "utf8", maxBuffer: 1 << 26 });
    t.is(run.status, 0, run.stderr);
    const { estimates } = JSON.parse(run.stdout) as { estimates: Record<string, { size: number; external: number }> };
    const reader = new HeapSnapshotReader(snapshotPath);
    const holder = reader.findByEdge("__memscopeCorpus");
    t.true(holder >= 0, "corpus holder found in the snapshot");
    const rows: string[] = ["| value | V8 bytes | estimate | error |", "| --- | ---: | ---: | ---: |"];
    const worst: Record<string, number> = {};
    for (const edge of reader.edges(holder)) {
      if (!Object.hasOwn(estimates, edge.name)) continue;
      let actual = reader.selfSize(edge.to);
      if (reader.nodeType(edge.to) !== "string") {
        for (const owned of reader.edges(edge.to)) if (OWNED_EDGES.has(owned.name)) actual += reader.selfSize(owned.to);
      }
      const estimate = estimates[edge.name]!.size;
      const error = Math.abs(estimate - actual) / actual;
      const kind = edge.name.split("/")[0]!;
      worst[kind] = Math.max(worst[kind] ?? 0, error);
      rows.push(`| ${edge.name} | ${actual} | ${estimate} | ${(error * 100).toFixed(1)}% |`);
    }
    t.log(`\n${rows.join("\n")}`);
    t.deepEqual(Object.keys(worst).sort(), Object.keys(TOLERANCE).sort(), "every kind was measured");
    for (const [kind, error] of Object.entries(worst)) {
      t.true(error <= TOLERANCE[kind]! + 1e-9, `${kind}: error ${(error * 100).toFixed(1)}% > ${(TOLERANCE[kind]! * 100).toFixed(0)}%`);
    }
    t.is(estimates["ArrayBuffer/1000"]!.external, 1000);
    t.is(estimates["TypedArray/Float64Array 1000"]!.external, 8000);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
