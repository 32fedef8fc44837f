/**
 * Precise mode end to end: fixtures/basic_usage built with tspc and the memscope-ts
 * plugin, run through `memscope run --precise`. Every live tracked object gets exact
 * self and retained sizes, the snapshot says precise and carries summary.precision,
 * the SVG and `memscope summary` show them, and the program's output is unchanged.
 */
import test from "ava";
import { readFileSync, rmSync } from "node:fs";
import path from "node:path";
import type { Snapshot } from "../../format/snapshot.js";
import { compileProject, runScript } from "../../scripts/lib/toolchain.js";
import { CLI, memscope, REPO_ROOT } from "./helpers/cli.js";
import { validateSnapshot } from "./helpers/schema.js";
import { indexSnapshotRecords } from "../../render/draw/model.js";

const work = path.join(REPO_ROOT, ".tmp/test-cli-precise");
const build = path.join(work, "build");
const entry = path.join(build, "main.js");

test.before(() => {
  rmSync(work, { recursive: true, force: true });
  // Own output directory: the examples test builds fixtures/basic_usage/dist concurrently.
  compileProject({ project: path.join(REPO_ROOT, "fixtures/basic_usage"), instrumented: true, outDir: build });
});

test.after.always(() => {
  rmSync(work, { recursive: true, force: true });
});

test("memscope run --precise: exact sizes on live tracked objects, precision summary, reports show them", (t) => {
  const out = path.join(work, "precise");
  const run = runScript(CLI, { args: ["run", "--precise", "--out", out, "--name", "basic", "--", entry], timeoutMs: 120_000 });
  t.is(run.status, 0, run.stderr);
  // The program prints getStats(), so compare with a tracked run that is not precise.
  const tracked = runScript(entry, { env: { MEMSCOPE_OUT: path.join(work, "tracked") } });
  t.is(run.stdout, tracked.stdout, "precise mode does not change the program's output");
  t.notRegex(run.stderr, /precise sizes:/, "no progress line when stderr is not a terminal");

  const snapshot = JSON.parse(readFileSync(path.join(out, "basic_snapshot.json"), "utf8")) as Snapshot;
  t.is(validateSnapshot(snapshot), null);
  t.true(snapshot.metadata.precise);
  // Each object once: `basket` moves from checkout()'s local to the module-level binding.
  const index = indexSnapshotRecords(snapshot);
  const liveObjects = snapshot.allocations.filter((r, row) => r.collected_time === null && r.category !== "string" && index.shared[row] === 0);
  // Module-level bindings are alive at the end of the run (docs/architecture.md, "Liveness at export").
  t.deepEqual(liveObjects.map((r) => r.variable_name).sort(), ["Basket.items", "basket", "cheapest", "dearer", "onOffer", "prices", "shoppingList", "stats", "summary"]);
  for (const r of liveObjects) {
    t.true(typeof r.precise_self_bytes === "number" && r.precise_self_bytes > 0, `${r.variable_name}: exact self size`);
    t.true(typeof r.precise_retained_bytes === "number" && r.precise_retained_bytes >= r.precise_self_bytes!, `${r.variable_name}: retained ≥ self`);
    const exclusive = r.precise_exclusive_bytes!;
    t.true(exclusive >= r.precise_self_bytes! && exclusive <= r.precise_retained_bytes!, `${r.variable_name}: self ≤ exclusive ≤ retained`);
  }
  // The treemap tiles exact retained bytes, each byte once: an object held by another tracked
  // object is not counted again inside its holder's tile.
  t.is(snapshot.memory_hierarchy.measure, "precise_exclusive");
  const basket = liveObjects.find((r) => r.variable_name === "basket")!;
  const items = liveObjects.find((r) => r.variable_name === "Basket.items")!;
  t.true(basket.precise_exclusive_bytes! <= basket.precise_retained_bytes! - items.precise_retained_bytes!, "the basket's tile leaves out its items array");
  const liveRows = new Set(liveObjects);
  const liveTiled = liveObjects.reduce((sum, r) => sum + r.precise_exclusive_bytes!, 0);
  const deadEstimates = snapshot.allocations.filter((r, row) => !liveRows.has(r) && index.shared[row] === 0).reduce((sum, r) => sum + r.size_bytes * (r.weight ?? 1), 0);
  t.is(snapshot.memory_hierarchy.bytes, liveTiled + deadEstimates);
  for (const r of snapshot.allocations.filter((a) => a.collected_time !== null)) {
    t.is(r.precise_self_bytes, null, `${r.variable_name} was collected before export: not measured`);
  }
  const prices = snapshot.allocations.find((r) => r.variable_name === "prices")!;
  t.true(prices.precise_retained_bytes! > prices.precise_self_bytes!, "a Map retains its own hash table");

  const precision = snapshot.summary.precision!;
  t.is(precision.measured, liveObjects.length);
  t.is(precision.precise_self_bytes, liveObjects.reduce((sum, r) => sum + r.precise_self_bytes!, 0));
  t.is(precision.estimated_bytes, liveObjects.reduce((sum, r) => sum + r.size_bytes, 0));

  const svg = readFileSync(path.join(out, "basic_memory_analysis.svg"), "utf8");
  t.regex(svg, />EXACT</);
  t.regex(svg, /area ∝ exact retained bytes, each byte once/);
  t.regex(svg, new RegExp(`over ${precision.measured} live objects: estimated`));

  const summary = memscope(["summary", path.join(out, "basic_snapshot.json")]);
  t.is(summary.status, 0, summary.stderr);
  t.regex(summary.stdout, new RegExp(`^  Objects measured +${precision.measured}$`, "m"));
  t.regex(summary.stdout, /^  prices +Map<string, number> +\d+ B +\d+ B +\d+ B +1 +1 /m);
});

test("the same program without --precise: no exact sizes, no precision block", (t) => {
  const out = path.join(work, "plain");
  const run = runScript(CLI, { args: ["run", "--out", out, "--name", "basic", "--", entry], timeoutMs: 120_000 });
  t.is(run.status, 0, run.stderr);
  const snapshot = JSON.parse(readFileSync(path.join(out, "basic_snapshot.json"), "utf8")) as Snapshot;
  t.false(snapshot.metadata.precise);
  t.true(snapshot.allocations.every((r) => r.precise_self_bytes === undefined));
  t.false("precision" in snapshot.summary);
  t.is(snapshot.memory_hierarchy.measure, undefined);
});

test("memscope run --precise when no heap snapshot can be taken: one line saying why, exit 1, and the reports say so", (t) => {
  const out = path.join(work, "unavailable");
  // The snapshot's temporary file goes to the OS temp dir: make it one that does not exist.
  const missingTmp = path.join(work, "no-such-tmp");
  const run = runScript(CLI, { args: ["run", "--precise", "--out", out, "--name", "basic", "--", entry], env: { TMPDIR: missingTmp }, timeoutMs: 120_000 });
  t.is(run.status, 1, run.stderr);
  const lines = run.stderr.split("\n").filter((line) => line.includes("precise mode"));
  t.is(lines.length, 1, run.stderr);
  t.regex(lines[0]!, /^memscope: precise mode measured nothing: no heap snapshot could be taken or read \(SnapshotUnavailableError: cannot create a temporary directory .*no-such-tmp.*\); the reports hold estimated sizes$/);

  const snapshot = JSON.parse(readFileSync(path.join(out, "basic_snapshot.json"), "utf8")) as Snapshot;
  t.is(validateSnapshot(snapshot), null);
  t.false(snapshot.metadata.precise);
  t.regex(snapshot.metadata.precise_unavailable!, /cannot create a temporary directory/);
  t.is(snapshot.metadata.runtime_counters?.internal_errors, 0, "a refused snapshot is not one of the runtime's own errors");
  const summary = memscope(["summary", path.join(out, "basic_snapshot.json")]);
  t.is(summary.status, 0, summary.stderr);
  t.regex(summary.stdout, /estimated sizes \(precise: n\/a, see the notes\)/);
  t.regex(summary.stdout, /Precise mode was asked for but measured nothing: no heap snapshot could be taken or read .*All sizes are O\(1\) estimates\./);
  const svg = readFileSync(path.join(out, "basic_memory_analysis.svg"), "utf8");
  t.regex(svg, /Precise mode was asked for but measured nothing/);
});
