/**
 * `memscope merge`: two workers' snapshots (the same build, two processes) merge into one
 * snapshot whose totals are the sums of theirs, declarations matched by file:line + name,
 * every record keeping its pid; the merged snapshot passes the schema and `memscope diff`
 * reads it; snapshots of different builds are refused with one line and exit 2.
 */
import test from "ava";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import type { Snapshot } from "../../format/snapshot.js";
import { buildSnapshot } from "../../render/derive/snapshot.js";
import { mergeSnapshots, MergeError } from "../../render/merge/merge.js";
import { compareSnapshots } from "../../cli/diff-report.js";
import { generateRaw } from "../render/generate-raw.js";
import { isOneLineError, memscope } from "./helpers/cli.js";
import { validateSnapshot } from "./helpers/schema.js";

const dir = mkdtempSync(path.join(os.tmpdir(), "memscope-merge-"));

/** One worker's snapshot: the same sites (one build), its own records, pid and start time. */
function worker(seed: number, pid: number, startOffsetMs: number): Snapshot {
  const raw = generateRaw({ records: 3000, seed, durationMs: 4000 });
  raw.metadata.pid = pid;
  raw.metadata.start_time = new Date(Date.parse("2026-12-01T10:00:00.000Z") + startOffsetMs).toISOString();
  raw.metadata.timestamp = new Date(Date.parse(raw.metadata.start_time) + raw.metadata.duration_ms).toISOString();
  return buildSnapshot(raw);
}

function write(name: string, snapshot: Snapshot): string {
  const file = path.join(dir, name);
  writeFileSync(file, JSON.stringify(snapshot));
  return file;
}

const a = worker(11, 4101, 0);
const b = worker(12, 4102, 750);

test("two workers merge to totals equal to the sum, per declaration too, each record keeping its process (its thread names the pid)", (t) => {
  const merged = mergeSnapshots([
    { source: "a.json", snapshot: a },
    { source: "b.json", snapshot: b },
  ]);
  t.is(validateSnapshot(merged), null);
  t.is(merged.summary.active_memory_bytes, a.summary.active_memory_bytes + b.summary.active_memory_bytes);
  t.is(merged.summary.active_allocations, a.summary.active_allocations + b.summary.active_allocations);
  t.is(merged.summary.total_allocations, a.summary.total_allocations + b.summary.total_allocations);
  t.is(merged.summary.total_bytes, a.summary.total_bytes + b.summary.total_bytes);
  t.is(merged.dropped_records, a.dropped_records + b.dropped_records);
  t.is(merged.allocations.length, a.allocations.length + b.allocations.length);
  // Each record keeps its process: its thread is one of that process's.
  const pidOf = new Map(merged.threads.map((thread) => [thread.thread_id, thread.pid]));
  t.is(merged.allocations.filter((r) => pidOf.get(r.thread_id) === 4101).length, a.allocations.length);
  t.is(merged.allocations.filter((r) => pidOf.get(r.thread_id) === 4102).length, b.allocations.length);
  t.is(merged.threads.reduce((sum, thread) => sum + thread.records, 0), merged.allocations.length);
  t.is(new Set(merged.allocations.map((r) => r.id)).size, merged.allocations.length, "record ids stay unique");
  t.deepEqual(merged.metadata.processes!.map((p) => [p.pid, p.time_offset_ms]), [[4101, 0], [4102, 750]]);
  t.is(merged.metadata.exit_reason, "merge");

  // Per declaration (file:line + name): live bytes and records are the sums (diff's own accounting).
  const empty = buildSnapshot({ ...generateRaw({ records: 0, seed: 1 }) });
  const perSite = (s: Snapshot) => new Map(compareSnapshots(empty, s).sites.map((row) => [row.key, row.head]));
  const [sa, sb, sm] = [perSite(a), perSite(b), perSite(merged)];
  t.true(sm.size > 3);
  for (const [key, side] of sm) {
    const left = sa.get(key) ?? { liveBytes: 0, records: 0, leaks: 0 };
    const right = sb.get(key) ?? { liveBytes: 0, records: 0, leaks: 0 };
    t.is(side.liveBytes, left.liveBytes + right.liveBytes, `live bytes of ${key}`);
    t.is(side.records, left.records + right.records, `records of ${key}`);
  }
  // One site id per declaration across the two processes.
  const idsOf = new Map<string, Set<number>>();
  for (const r of merged.allocations) {
    const key = `${r.file}:${r.line} ${r.variable_name}`;
    if (!idsOf.has(key)) idsOf.set(key, new Set());
    idsOf.get(key)!.add(r.site_id);
  }
  for (const [key, ids] of idsOf) t.is(ids.size, 1, key);
  // Times on one axis: b's records moved by its later start.
  const firstB = merged.allocations.find((r) => pidOf.get(r.thread_id) === 4102)!;
  const originalB = b.allocations[0]!;
  t.is(firstB.allocation_time, Math.round((originalB.allocation_time + 750) * 1000) / 1000);
  // Leak candidates: one per (kind, declaration), bytes summed over the processes.
  const leakBytes = (s: Snapshot) => s.leaks.reduce((sum, l) => sum + l.bytes, 0);
  t.is(leakBytes(merged), leakBytes(a) + leakBytes(b));
  t.true(merged.leaks.every((l) => /^(pid \d+: |In 2 processes)/.test(l.reason)));
});

test("memscope merge writes the three files; summary and diff read the merged snapshot", (t) => {
  const out = path.join(dir, "out");
  const result = memscope(["merge", write("a.json", a), write("b.json", b), "--out", out, "--name", "cluster"]);
  t.is(result.status, 0, result.stderr);
  t.regex(result.stdout, /merged 2 snapshots \(pids 4101, 4102\)/);
  const snapshotPath = path.join(out, "cluster_snapshot.json");
  for (const file of ["cluster_snapshot.json", "cluster_memory_analysis.svg", "cluster_lifecycle_timeline.svg"]) {
    t.true(readFileSync(path.join(out, file), "utf8").length > 0, file);
  }
  const written = JSON.parse(readFileSync(snapshotPath, "utf8")) as Snapshot;
  t.is(validateSnapshot(written), null);
  t.is(written.summary.active_memory_bytes, a.summary.active_memory_bytes + b.summary.active_memory_bytes);
  const writtenPids = new Map(written.threads.map((thread) => [thread.thread_id, thread.pid]));
  t.true(written.allocations.every((r) => writtenPids.get(r.thread_id) === 4101 || writtenPids.get(r.thread_id) === 4102));

  const diff = memscope(["diff", path.join(dir, "a.json"), snapshotPath]);
  t.is(diff.status, 0, diff.stderr);
  const summary = memscope(["summary", snapshotPath]);
  t.is(summary.status, 0, summary.stderr);
});

test("snapshots of different builds: one clear line, exit 2", (t) => {
  const other = structuredClone(b);
  other.metadata.tool_version = "9.9.9";
  const result = memscope(["merge", write("a.json", a), write("other-version.json", other), "--out", path.join(dir, "bad")]);
  t.is(result.status, 2);
  t.true(isOneLineError(result.stderr), result.stderr);
  t.regex(result.stderr, /other-version\.json was written by memscope-ts 9\.9\.9, .*a\.json by .*: not the same build/);

  const moved = structuredClone(b);
  const scope = moved.scopes.find((s) => s.parent_id !== null)!;
  scope.line += 3;
  t.throws(() => mergeSnapshots([{ source: "a.json", snapshot: a }, { source: "moved.json", snapshot: moved }]), {
    instanceOf: MergeError,
    message: /moved\.json and a\.json are not from the same build: .* differs \(function .* is in one only\)/,
  });

  const retyped = structuredClone(b);
  retyped.allocations[0]!.type_name = "Map<string, number>";
  const cli = memscope(["merge", write("a.json", a), write("retyped.json", retyped), "--out", path.join(dir, "bad")]);
  t.is(cli.status, 2);
  t.true(isOneLineError(cli.stderr), cli.stderr);
  t.regex(cli.stderr, /not from the same build: .* is 'Map<string, number>' at column/);

  const otherProgram = structuredClone(b);
  otherProgram.metadata.argv = ["node", "/srv/other/dist/worker.js"];
  t.throws(() => mergeSnapshots([{ source: "a.json", snapshot: a }, { source: "worker.json", snapshot: otherProgram }]), {
    instanceOf: MergeError,
    message: /worker\.json ran worker\.js, a\.json ran .*: not the same program/,
  });

  const one = memscope(["merge", path.join(dir, "a.json"), "--out", path.join(dir, "bad")]);
  t.is(one.status, 2);
  t.true(isOneLineError(one.stderr), one.stderr);
});

test("--test-run: the workers of one test run merge without a file or entry script in common, one is enough; other builds are still refused", (t) => {
  // Each worker ran other test files: no instrumented file in common, another entry script.
  const elsewhere = structuredClone(b);
  for (const record of elsewhere.allocations) record.file = `test/other/${record.file}`;
  for (const scope of elsewhere.scopes) scope.file = `test/other/${scope.file}`;
  elsewhere.metadata.argv = ["node", "/srv/app/node_modules/jest-worker/build/processChild.js"];
  t.throws(() => mergeSnapshots([{ source: "a.json", snapshot: a }, { source: "elsewhere.json", snapshot: elsewhere }]), { instanceOf: MergeError });
  const merged = mergeSnapshots([{ source: "a.json", snapshot: a }, { source: "elsewhere.json", snapshot: elsewhere }], { testRun: true });
  t.is(merged.allocations.length, a.allocations.length + elsewhere.allocations.length);
  t.is(validateSnapshot(merged), null);

  const out = path.join(dir, "test-run");
  const cli = memscope(["merge", "--test-run", write("a.json", a), write("elsewhere.json", elsewhere), "--out", out, "--name", "app_jest"]);
  t.is(cli.status, 0, cli.stderr);
  t.regex(cli.stdout, /^merged 2 snapshots \(pids 4101, 4102\)/);
  const single = memscope(["merge", "--test-run", path.join(dir, "a.json"), "--out", out, "--name", "one_jest"]);
  t.is(single.status, 0, single.stderr);
  t.regex(single.stdout, /^merged 1 snapshot \(pids 4101\)/);

  const other = structuredClone(elsewhere);
  other.metadata.tool_version = "9.9.9";
  const refused = memscope(["merge", "--test-run", path.join(dir, "a.json"), write("other-version.json", other), "--out", out]);
  t.is(refused.status, 2);
  t.true(isOneLineError(refused.stderr), refused.stderr);
});
