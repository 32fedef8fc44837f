/**
 * Sampled sites weigh what they stand for: a leaking hot declaration (entries of a
 * never-evicted memo Map, and listeners pushed onto an array that only grows, under
 * many requests) reports the same live bytes, leak bytes, treemap and site totals with
 * hot-site sampling on (the default) and off, within the sampling error the snapshot
 * states; and `memscope diff` of a short and a long run gates alike both ways, saying
 * when its figures are extrapolated.
 */
import test from "ava";
import type { HierarchyNode, Snapshot } from "../../format/snapshot.js";
import { compareSnapshots, formatDiff } from "../../cli/diff-report.js";
import { formatSummary } from "../../cli/summary-report.js";
import { indexSnapshotRecords, topSitesFromIndex } from "../../render/index.js";
import { buildProgram, type BuiltProgram } from "./program.js";

const SERVER = `
interface Entry { id: number; rows: number[]; label: string }
// Never evicted: every request adds an entry.
const memo = new Map<string, Entry>();
// Only grows: every request adds a listener that keeps its context alive.
const listeners: Array<() => number> = [];

function handle(request: number): number {
  const entry: Entry = { id: request, rows: new Array<number>(64).fill(request), label: "req" };
  memo.set("k" + request, entry);
  const context = { request, started: request * 2, tags: ["a", "b"] };
  listeners.push(() => context.started);
  // Garbage of each request: collected before export.
  const scratch = new Array<number>(128).fill(request);
  return scratch.length + entry.rows.length;
}

const requests = Number(process.argv[2]);
let total = 0;
for (let r = 0; r < requests; r++) total += handle(r);
console.log(total, memo.size, listeners.length);
`;

const SHORT = 1000;
const LONG = 4000;

let program: BuiltProgram;
const runs: Record<"onShort" | "onLong" | "offShort" | "offLong", Snapshot> = {} as never;

test.before(() => {
  program = buildProgram("weights", { "server.ts": SERVER });
  const run = (requests: number, sampling: boolean): Snapshot =>
    program.run("server.js", { MEMSCOPE_LEAK_MS: "0", ...(sampling ? {} : { MEMSCOPE_HOT_SITES: "off" }) }, [], [String(requests)]).snapshot;
  runs.onShort = run(SHORT, true);
  runs.onLong = run(LONG, true);
  runs.offShort = run(SHORT, false);
  runs.offLong = run(LONG, false);
});
test.after.always(() => {
  if (!process.env.NUMBERS_KEEP) program.remove();
});

/** |sampled − exact| within the stated 95% margin, plus 1% for what differs between two runs of one program. */
function within(t: import("ava").ExecutionContext, sampled: number, exact: number, margin: number, what: string): void {
  const allowed = margin + exact * 0.01 + 64;
  t.true(Math.abs(sampled - exact) <= allowed, `${what}: sampled ${sampled} vs exact ${exact} (allowed ±${Math.round(allowed)})`);
}

function variableNode(root: HierarchyNode, name: string): HierarchyNode | undefined {
  if (root.level === "variable") return root.name === name ? root : undefined;
  for (const child of root.children ?? []) {
    const found = variableNode(child, name);
    if (found) return found;
  }
  return undefined;
}

test("sampling on keeps few records, and they stand for every registration", (t) => {
  const on = runs.onLong;
  const off = runs.offLong;
  const entriesOn = on.allocations.filter((a) => a.variable_name === "entry");
  const entriesOff = off.allocations.filter((a) => a.variable_name === "entry");
  t.is(entriesOff.length, LONG);
  t.true(entriesOn.length < LONG / 10, `${entriesOn.length} entry records kept`);
  t.is(entriesOn.reduce((sum, a) => sum + (a.weight ?? 1), 0), LONG, "the weights add up to the registrations");
  t.true(entriesOn.some((a) => (a.weight ?? 1) > 1));
  t.true(entriesOff.every((a) => a.weight === undefined), "no weight is written when sampling is off");
  t.truthy(on.summary.sampling);
  t.is(off.summary.sampling, undefined);
});

test("live bytes, live objects, total bytes: the same within the stated error; the peak at least the live bytes", (t) => {
  for (const [on, off] of [
    [runs.onShort, runs.offShort],
    [runs.onLong, runs.offLong],
  ] as const) {
    const sampling = on.summary.sampling!;
    t.true(sampling.figures.includes("active_memory_bytes"));
    t.true(sampling.active_memory_margin_bytes < on.summary.active_memory_bytes * 0.1, "the stated error is small for a steady leak");
    within(t, on.summary.active_memory_bytes, off.summary.active_memory_bytes, sampling.active_memory_margin_bytes, "active memory");
    within(t, on.summary.active_allocations, off.summary.active_allocations, sampling.active_allocations_margin, "active allocations");
    within(t, on.summary.total_bytes, off.summary.total_bytes, sampling.active_memory_margin_bytes, "total bytes");
    // The runtime's live curve counts weights too, but its highest sample depends on when V8
    // ran the finalizers of each request's garbage, which differs between two runs (on a
    // loaded machine by several times): only the peak's bounds compare.
    t.true(on.summary.peak_memory_bytes >= on.summary.active_memory_bytes, `peak ${on.summary.peak_memory_bytes} ≥ active ${on.summary.active_memory_bytes}`);
    t.true(off.summary.peak_memory_bytes >= off.summary.active_memory_bytes);
    // Efficiency is live ÷ peak: it inherits the peak's dependence on when finalizers ran.
    for (const run of [on, off]) t.true(run.summary.memory_efficiency_percent > 0 && run.summary.memory_efficiency_percent <= 100, "efficiency");
    t.is(on.summary.median_allocation_bytes, off.summary.median_allocation_bytes, "weighted median");
    t.is(on.summary.p95_allocation_bytes, off.summary.p95_allocation_bytes, "weighted p95");
  }
});

test("treemap, top sites and leak candidates weigh the sampled records", (t) => {
  const on = runs.onLong;
  const off = runs.offLong;
  const margin = on.summary.sampling!.active_memory_margin_bytes;
  for (const name of ["entry", "context", "scratch"]) {
    const a = variableNode(on.memory_hierarchy, name)!;
    const b = variableNode(off.memory_hierarchy, name)!;
    t.true(a.extrapolated, `${name} is marked extrapolated in the treemap`);
    t.is(b.extrapolated, undefined);
    within(t, a.bytes, b.bytes, margin, `treemap ${name}`);
    within(t, a.count, b.count, 0, `treemap ${name} count`);
  }
  const sitesOn = topSitesFromIndex(indexSnapshotRecords(on), on.folded_sites, 10);
  const sitesOff = topSitesFromIndex(indexSnapshotRecords(off), off.folded_sites, 10);
  for (const site of sitesOff) {
    const other = sitesOn.find((s) => s.line === site.line && s.file === site.file)!;
    within(t, other.bytes, site.bytes, margin, `site ${site.file}:${site.line}`);
    t.is(other.count, site.count, `site ${site.file}:${site.line} values`);
  }
  for (const leakOff of off.leaks) {
    const leakOn = on.leaks.find((l) => l.kind === leakOff.kind && l.variable_name === leakOff.variable_name);
    t.truthy(leakOn, `${leakOff.variable_name} is a leak candidate with sampling on too`);
    within(t, leakOn!.bytes, leakOff.bytes, margin, `leak ${leakOff.variable_name}`);
    if (leakOff.variable_name === "entry" || leakOff.variable_name === "context") t.true(leakOn!.extrapolated);
  }
  const entryOn = on.leaks.find((l) => l.variable_name === "entry")!;
  t.regex(entryOn.reason, /≈/);
});

test("memscope diff gates alike with sampling on and off, and says when it extrapolates", (t) => {
  const on = compareSnapshots(runs.onShort, runs.onLong);
  const off = compareSnapshots(runs.offShort, runs.offLong);
  t.true(off.growthPercent > 150, `exact growth ${off.growthPercent}`);
  t.not(on.growthMarginPercent, null, "the gate states its sampling error");
  t.true(
    Math.abs(on.growthPercent - off.growthPercent) <= (on.growthMarginPercent as number) + 3,
    `growth ${on.growthPercent.toFixed(1)}% (±${on.growthMarginPercent?.toFixed(1)}) vs ${off.growthPercent.toFixed(1)}%`,
  );
  // One derivation: the diff's totals are the summaries' active memory.
  t.is(on.head.liveBytes, runs.onLong.summary.active_memory_bytes);
  t.is(off.base.liveBytes, runs.offShort.summary.active_memory_bytes);
  const text = formatDiff(on, { baseName: "short", headName: "long", top: 5, markdown: false, gate: { thresholdPercent: 10, failed: on.growthPercent > 10 } });
  t.regex(text, /Live tracked bytes: ≈/);
  t.regex(text, /Gate: growth ≈\+\d/);
  t.regex(text, /extrapolated/);
  const exact = formatDiff(off, { baseName: "short", headName: "long", top: 5, markdown: false });
  t.notRegex(exact, /≈/);
  // Sampling on against sampling off compares like with like, and says the runs differ.
  const mixed = compareSnapshots(runs.offShort, runs.onLong);
  t.true(mixed.samplingDiffers);
  t.true(Math.abs(mixed.growthPercent - off.growthPercent) <= (mixed.growthMarginPercent as number) + 3);
  t.regex(formatDiff(mixed, { baseName: "a", headName: "b", top: 5, markdown: true }), /sampled hot sites differently/);
});

test("memscope summary marks the extrapolated figures and states the error", (t) => {
  const text = formatSummary(runs.onLong, "on.json", 10);
  t.regex(text, /Active memory +≈[\d.]+ [KM]?B \(±[\d.]+ [KM]?B at 95%\)/);
  t.regex(text, /Sampled values/);
  t.notRegex(formatSummary(runs.offLong, "off.json", 10), /≈/);
});
