/**
 * Compares the runtime's O(1) estimates with V8's own sizes from a real heap
 * snapshot of a corpus of values (taken in a child process). The reference for a
 * value is its node's self_size plus the backing stores it owns alone: elements,
 * property array, hash table, and for views the ArrayBuffer they cover.
 *
 * It also writes what it measured: this Node's column of the README's accuracy table
 * and its section of docs/size-accuracy.md (accuracy-table.ts). When either differs
 * from what was committed the file is rewritten and the test fails, so the
 * tables never drift from the estimator.
 */
import test from "ava";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { repoRoot } from "../../scripts/lib/toolchain.js";
import { HeapSnapshotReader } from "./heap-snapshot.js";
import { programsDir } from "./helpers.js";
import {
  type AccuracyRow, between, docsSection, docsSectionBegin, docsSectionEnd, kindOf, NODE_MAJORS, README_BEGIN, README_END, readmeBlock, replaceBetween,
} from "./accuracy-table.js";

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
  // Node 20's spread builds `{}` then assigns (V8 12 sizes it like a literal): −27%;
  // JSON.parse is a call, estimated with the grown layout: +15%.
  object: 0.3,
  class: 0,
  RegExp: 0,
  Date: 0,
  Promise: 0,
  WeakRef: 0,
};

const major = Number(process.versions.node.split(".")[0]);

function measure(): AccuracyRow[] {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "memscope-accuracy-"));
  try {
    const snapshotPath = path.join(dir, "corpus.heapsnapshot");
    const run = spawnSync(process.execPath, [path.join(programsDir, "accuracy-corpus.js"), snapshotPath], { encoding: "utf8", maxBuffer: 1 << 26 });
    if (run.status !== 0) throw new Error(`corpus exited ${run.status}: ${run.stderr}`);
    const { estimates } = JSON.parse(run.stdout) as { estimates: Record<string, { size: number; external: number }> };
    const reader = new HeapSnapshotReader(snapshotPath);
    const holder = reader.findByEdge("__memscopeCorpus");
    if (holder < 0) throw new Error("corpus holder not found in the snapshot");
    const rows: AccuracyRow[] = [];
    for (const edge of reader.edges(holder)) {
      if (!Object.hasOwn(estimates, edge.name)) continue;
      let actual = reader.selfSize(edge.to);
      if (!reader.nodeType(edge.to).includes("string")) {
        for (const owned of reader.edges(edge.to)) if (OWNED_EDGES.has(owned.name)) actual += reader.selfSize(owned.to);
      }
      rows.push({ value: edge.name, actual, estimate: estimates[edge.name]!.size, external: estimates[edge.name]!.external } as AccuracyRow & { external: number });
    }
    return rows.sort((a, b) => (a.value < b.value ? -1 : a.value > b.value ? 1 : 0));
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

const rows = measure();

test("estimates match V8 heap snapshot sizes within the per-kind tolerance", (t) => {
  const worst: Record<string, number> = {};
  for (const row of rows) {
    const kind = kindOf(row.value);
    worst[kind] = Math.max(worst[kind] ?? 0, Math.abs(row.estimate - row.actual) / row.actual);
  }
  t.deepEqual(Object.keys(worst).sort(), Object.keys(TOLERANCE).sort(), "every kind was measured");
  for (const [kind, error] of Object.entries(worst)) {
    t.true(error <= TOLERANCE[kind]! + 1e-9, `${kind}: error ${(error * 100).toFixed(1)}% > ${(TOLERANCE[kind]! * 100).toFixed(0)}%`);
  }
  const byValue = new Map(rows.map((r) => [r.value, r as AccuracyRow & { external: number }]));
  t.is(byValue.get("ArrayBuffer/1000")!.external, 1000);
  t.is(byValue.get("TypedArray/Float64Array 1000")!.external, 8000);
});

test("the README's accuracy table and docs/size-accuracy.md are what this run measured", (t) => {
  if (!(NODE_MAJORS as readonly number[]).includes(major)) {
    t.pass(`Node ${major} has no column in the tables`);
    return;
  }
  const readmePath = path.join(repoRoot, "README.md");
  const docsPath = path.join(repoRoot, "docs", "size-accuracy.md");
  const readme = fs.readFileSync(readmePath, "utf8");
  const docs = fs.existsSync(docsPath) ? fs.readFileSync(docsPath, "utf8") : "";
  const newReadme = replaceBetween(readme, README_BEGIN, README_END, readmeBlock(between(readme, README_BEGIN, README_END), major, rows));
  const newDocs = replaceBetween(docs, docsSectionBegin(major), docsSectionEnd(major), docsSection(major, process.versions.v8, rows));
  const stale: string[] = [];
  if (newReadme !== readme) {
    fs.writeFileSync(readmePath, newReadme);
    stale.push("README.md");
  }
  if (newDocs !== docs) {
    fs.writeFileSync(docsPath, newDocs);
    stale.push("docs/size-accuracy.md");
  }
  t.deepEqual(stale, [], `the size-accuracy tables for Node ${major} were out of date and have been rewritten: review and commit ${stale.join(", ")}`);
});
