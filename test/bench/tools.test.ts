import test from "ava";
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { repoRoot, runScript } from "../../scripts/lib/toolchain.js";
import type { RawSnapshot } from "../../format/snapshot.js";
import { writeSyntheticRawSnapshot } from "../../scripts/bench/synthetic-snapshot.js";
import { plannedRequest } from "../../scripts/bench/web-client.js";

const work = path.join(repoRoot, ".tmp/test-bench-tools");

test.before(() => {
  rmSync(work, { recursive: true, force: true });
  mkdirSync(work, { recursive: true });
});

test("the synthetic raw snapshot has exactly the requested records, consistent ids and sites", (t) => {
  for (const records of [0, 1, 5000, 5001, 12_345]) {
    const file = path.join(work, `raw-${records}.json`);
    const bytes = writeSyntheticRawSnapshot(file, records);
    const raw = JSON.parse(readFileSync(file, "utf8")) as RawSnapshot;
    t.is(bytes, readFileSync(file).length);
    t.is(raw.allocations.length, records);
    t.true(raw.allocations.every((record, index) => record.id === index));
    const scopeIds = new Set(raw.scopes.map((scope) => scope.id));
    t.true(raw.allocations.every((record) => scopeIds.has(record.scope_id) && record.site_id < raw.tracked_sites));
    t.true(raw.relations.every((relation) => relation.from < relation.to && relation.to < records));
    t.is(raw.threads[0]!.records, records);
  }
  // The runtime's layout (format/raw-layout.ts): the sections, then the array opens at the end of the first line, one record per line.
  const lines = readFileSync(path.join(work, "raw-12345.json"), "utf8").split("\n");
  t.true(lines[0]!.startsWith('{"metadata":') && lines[0]!.endsWith('"allocations":['));
  t.true(lines.slice(1, 12_346).every((line, index) => JSON.parse(line.replace(/,$/, "")).id === index));
  t.is(lines[12_346], "]}");
  const first = readFileSync(path.join(work, "raw-5001.json"), "utf8");
  writeSyntheticRawSnapshot(path.join(work, "again.json"), 5001);
  t.is(readFileSync(path.join(work, "again.json"), "utf8"), first, "deterministic");
});

test("the allocation-tracking preload lets the program finish on its own and writes a heap snapshot with allocation stacks", (t) => {
  const program = path.join(work, "allocating.mjs");
  writeFileSync(program, 'const kept = []; for (let i = 0; i < 2000; i++) kept.push({ i }); setTimeout(() => console.log("done", kept.length), 30);\n');
  const out = path.join(work, "allocations.heapsnapshot");
  const preload = new URL("../../scripts/bench/alloc-tracking-preload.js", import.meta.url).href;
  const run = runScript(program, { nodeArgs: ["--import", preload], env: { BENCH_ALLOC_OUT: out }, timeoutMs: 60_000 });
  t.is(run.status, 0, run.stderr);
  t.is(run.stdout, "done 2000\n");
  t.true(existsSync(out));
  const snapshot = JSON.parse(readFileSync(out, "utf8")) as { trace_function_infos: number[]; snapshot: { node_count: number } };
  t.true(snapshot.snapshot.node_count > 0);
  t.true(snapshot.trace_function_infos.length > 0, "allocation stacks were recorded");
});

test("the web load is the same request sequence every run, all well-formed", (t) => {
  const first = Array.from({ length: 40 }, (_, n) => plannedRequest(n));
  t.deepEqual(Array.from({ length: 40 }, (_, n) => plannedRequest(n)), first);
  t.true(first.some((request) => request.method === "POST"));
  for (const request of first) {
    t.notThrows(() => new URL(request.path, "http://127.0.0.1"));
    t.false(/\s/.test(request.path));
    if (request.body) t.notThrows(() => JSON.parse(request.body!));
  }
});
