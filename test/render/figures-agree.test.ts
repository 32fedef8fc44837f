/**
 * One derivation of every figure: the same snapshots rendered (analysis SVG, lifecycle
 * SVG, HTML model) and summarised (`memscope summary`, `memscope diff`) show the same
 * text for every figure they share, with ≈ on the same ones. Snapshots: the showcase
 * (built and run), a real-world sized generated run, the same run with hot sites sampled
 * (records 1 in 10 past 100, weighted), and a precise one.
 */
import test from "ava";
import { mkdirSync, readFileSync, rmSync } from "node:fs";
import path from "node:path";
import type { AllocationRecord, FoldedSite, HierarchyNode, RawSnapshot, Snapshot } from "../../format/snapshot.js";
import { buildSnapshot } from "../../render/derive/snapshot.js";
import { analysisModelFromIndex } from "../../render/draw/analysis/model.js";
import { metricCards, renderAnalysisSvg } from "../../render/draw/analysis/svg.js";
import { timelineModelFromIndex } from "../../render/draw/timeline/model.js";
import { indexSnapshotRecords } from "../../render/draw/model.js";
import { buildHtmlModel, type HtmlModel } from "../../render/html/model.js";
import { diffModel } from "../../render/html/diff-model.js";
import { StringTable } from "../../render/html/model.js";
import { formatBytes, formatCount } from "../../render/units.js";
import { compareSnapshots, formatDiff, formatPercent, growthPercent, signedBytes } from "../../cli/diff-report.js";
import { formatSummary, metricPairs } from "../../cli/summary-report.js";
import { compileProject, repoRoot, runScript } from "../../scripts/lib/toolchain.js";
import { generateRaw } from "./generate-raw.js";

/** Keeps a hot site's first 100 records and then 1 in 10 (weight 10; the last also for those after it), as the runtime samples. */
function sampled(raw: RawSnapshot): RawSnapshot {
  const bySite = new Map<number, AllocationRecord[]>();
  for (const a of raw.allocations) bySite.set(a.site_id, [...(bySite.get(a.site_id) ?? []), a]);
  const dropped = new Set<number>();
  const folded: FoldedSite[] = [];
  for (const [site, records] of bySite) {
    if (records.length <= 300) continue;
    let kept: AllocationRecord | null = null;
    let left = 0;
    let bytes = 0;
    records.forEach((record, i) => {
      if (i < 100) return;
      if ((i - 99) % 10 === 0) {
        record.weight = 10;
        kept = record;
        return;
      }
      dropped.add(record.id);
      left++;
      bytes += record.size_bytes + record.external_bytes;
    });
    const tail = (records.length - 100) % 10;
    if (kept !== null && tail > 0) (kept as AllocationRecord).weight = 10 + tail;
    const first = records[0]!;
    folded.push({ site_id: site, variable_name: first.variable_name, file: first.file, line: first.line, count: left, bytes, sampled: left, bytes_extrapolated: bytes });
  }
  const allocations = raw.allocations.filter((a) => !dropped.has(a.id));
  const relations = raw.relations.filter((r) => !dropped.has(r.from) && !dropped.has(r.to));
  return {
    ...raw,
    allocations,
    relations,
    folded_sites: folded,
    dropped_records: folded.reduce((n, f) => n + f.count, 0),
    metadata: { ...raw.metadata, hot_site_sampling: { site_budget: 100, keep_every: 10, stride_doubles_after: 100 } },
  };
}

function precise(raw: RawSnapshot): RawSnapshot {
  const copy = structuredClone(raw);
  copy.metadata.precise = true;
  copy.allocations.forEach((record, i) => {
    if (record.category === "string") return;
    record.precise_self_bytes = Math.max(16, record.size_bytes - (i % 9));
    // Retained sizes that rank differently from the estimates.
    record.precise_retained_bytes = record.size_bytes * (1 + (i % 13));
  });
  return copy;
}

const snapshots: Record<string, Snapshot> = {};

test.before(() => {
  const work = path.join(repoRoot, ".tmp", `figures-agree-${process.pid}`);
  rmSync(work, { recursive: true, force: true });
  mkdirSync(work, { recursive: true });
  const built = path.join(work, "showcase");
  compileProject({ project: path.join(repoRoot, "fixtures/showcase"), outDir: built, instrumented: true });
  const out = path.join(work, "out");
  const run = runScript(path.join(built, "showcase.js"), { env: { MEMSCOPE_OUT: out, MEMSCOPE_NAME: "showcase", MEMSCOPE: "" } });
  if (run.status !== 0) throw new Error(run.stderr);
  snapshots["showcase"] = JSON.parse(readFileSync(path.join(out, "showcase_snapshot.json"), "utf8")) as Snapshot;
  rmSync(work, { recursive: true, force: true });
  const real = generateRaw({ records: 20_000, seed: 3 });
  snapshots["real-world"] = buildSnapshot(real);
  snapshots["sampled"] = buildSnapshot(sampled(generateRaw({ records: 20_000, seed: 3 })));
  snapshots["precise"] = buildSnapshot(precise(generateRaw({ records: 5_000, seed: 5 })));
});

const unescape = (text: string): string => text.replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, "&");
/** The `<title>` texts of an SVG, in order. */
const titles = (svg: string): string[] => [...svg.matchAll(/<title>([\s\S]*?)<\/title>/g)].map((m) => unescape(m[1]!));
/** The `<text>` contents of an SVG. */
const texts = (svg: string): string[] => [...svg.matchAll(/<text[^>]*>([\s\S]*?)<\/text>/g)].map((m) => unescape(m[1]!));

/** Rows of a `memscope summary` table: the lines under `heading`'s header and rule lines, split at runs of 2+ spaces. */
function tableRows(text: string, heading: string): string[][] {
  const lines = text.split("\n");
  const at = lines.findIndex((line) => line.startsWith(heading));
  const rows: string[][] = [];
  for (let i = at + 3; i < lines.length && lines[i]!.startsWith("  ") && !lines[i]!.startsWith("  ≈"); i++) rows.push(lines[i]!.trim().split(/ {2,}/));
  return rows;
}

function eachNode(node: HierarchyNode, visit: (node: HierarchyNode) => void): void {
  visit(node);
  for (const child of node.children ?? []) eachNode(child, visit);
}

for (const name of ["showcase", "real-world", "sampled", "precise"]) {
  test(`${name}: every figure shared by memscope summary, the SVGs and the HTML model is the same text, ≈ on the same ones`, (t) => {
    const snapshot = snapshots[name]!;
    const index = indexSnapshotRecords(snapshot);
    const model = analysisModelFromIndex(snapshot, index);
    const svg = renderAnalysisSvg(model);
    const html: HtmlModel = buildHtmlModel(snapshot, index);
    const summary = formatSummary(snapshot, "s.json", 10);
    const svgTitles = titles(svg);
    const svgTexts = texts(svg);
    if (name === "sampled") t.truthy(snapshot.summary.sampling, "the sampled snapshot has weighted records");

    // The eight metrics: the SVG's cards, the HTML report's cards and the CLI's lines.
    const cards = metricCards(model);
    t.deepEqual(html.cards, cards, "HTML cards are the SVG's");
    const pairs = metricPairs(snapshot);
    cards.forEach((card, i) => {
      t.true(pairs[i]![1].startsWith(card.value), `${card.label}: CLI "${pairs[i]![1]}" starts with the card's "${card.value}"`);
      t.true(svgTitles.some((title) => title.startsWith(`${card.label}: ${card.value}.`)), `${card.label} card in the SVG`);
      t.is(card.value.startsWith("≈"), snapshot.summary.sampling?.figures.includes(["active_memory_bytes", "peak_memory_bytes", "active_allocations", "memory_efficiency_percent", "median_allocation_bytes", "p95_allocation_bytes", "heap_fragmentation_percent", "allocation_density"][i]!) ?? false, `${card.label} ≈`);
    });
    t.is(html.totals.liveBytes, snapshot.summary.active_memory_bytes, "HTML live bytes = active memory");

    // Largest variables: CLI rows, SVG rows (their tooltips) and the HTML declarations.
    const variables = tableRows(summary, "Top variables");
    t.is(variables.length, model.topVariables.length);
    model.topVariables.forEach((row, i) => {
      const cli = variables[i]!;
      const approx = row.extrapolated ? "≈" : "";
      t.is(cli[0], row.name);
      t.is(cli[2], formatBytes(row.largestBytes), `${row.name} largest`);
      const [records, alive] = cli.slice(snapshot.metadata.precise ? 5 : 3, snapshot.metadata.precise ? 7 : 5);
      t.is(records, `${approx}${formatCount(row.records)}`, `${row.name} records`);
      t.is(alive, `${approx}${formatCount(row.alive)}`, `${row.name} alive`);
      const tip = svgTitles.find((title) => title.startsWith(`${row.name}: ${row.type}\n${row.file}:${row.line}\nlargest object #${row.largestId}: `));
      t.truthy(tip, `${row.name} row in the SVG`);
      t.true(tip!.includes(`largest object #${row.largestId}: ${formatBytes(row.largestBytes)} `), `${row.name} largest in the SVG`);
      t.true(tip!.includes(`${approx}${formatCount(row.records)} records, `), `${row.name} records in the SVG`);
      t.true(tip!.includes(`${approx}${formatCount(row.alive)} alive at export`), `${row.name} alive in the SVG`);
      const site = html.sites.find((s) => s.siteId === row.siteId)!;
      t.is(site.largestBytes, row.largestBytes, `${row.name} largest in the HTML model`);
      t.is(site.alive, row.alive, `${row.name} alive in the HTML model`);
      t.is(site.bytes, row.totalBytes, `${row.name} bytes in the HTML model`);
      t.is(site.extrapolated, row.extrapolated, `${row.name} ≈ in the HTML model`);
      if (snapshot.metadata.precise) t.is(row.measure, "retained");
    });
    if (name === "precise") t.regex(summary, /Top variables \(largest object per declaration by retained size/);

    // Top allocation sites: CLI rows and SVG rows.
    const sites = tableRows(summary, "Top allocation sites");
    model.topSites.forEach((site, i) => {
      const cli = sites[i]!;
      const approx = site.extrapolated > 0 ? "≈" : "";
      t.is(cli[0], `${site.file}:${site.line}`);
      t.is(cli[2], `${approx}${formatCount(site.count)}`, `${site.file}:${site.line} records`);
      t.is(cli[3], `${approx}${formatBytes(site.bytes)}`, `${site.file}:${site.line} bytes`);
      t.true(svgTexts.includes(`${approx}${formatBytes(site.bytes)}`), `${site.file}:${site.line} bytes in the SVG`);
      t.true(svgTexts.includes(`${approx}${formatCount(site.count)}`), `${site.file}:${site.line} records in the SVG`);
    });

    // Leak candidates: the CLI's bytes column, the SVG's card text, the HTML model's list (the snapshot's, in its order).
    const leaks = tableRows(summary, "Leak candidates");
    snapshot.leaks.slice(0, 8).forEach((leak, i) => {
      const shown = `${leak.extrapolated ? "≈" : ""}${leak.retained_bytes === undefined ? formatBytes(leak.bytes) : `${formatBytes(leak.retained_bytes)} retained (estimate ${leak.extrapolated ? "≈" : ""}${formatBytes(leak.bytes)})`}`;
      if (i < 10) t.is(leaks[i]![3], shown, `${leak.variable_name} bytes in the CLI`);
      t.true(svgTexts.includes(shown), `${leak.variable_name} bytes in the SVG`);
      t.is(html.leaks[i]!.bytes, leak.bytes);
      t.is(html.leaks[i]!.retained_bytes, leak.retained_bytes);
    });
    if (snapshot.metadata.precise) {
      const retained = snapshot.leaks.map((l) => l.retained_bytes!);
      t.deepEqual(retained, [...retained].sort((a, b) => b - a), "precise runs rank leak candidates by retained bytes");
    }

    // Treemap: every node's bytes and ≈ in the SVG tiles are the JSON hierarchy's, and the HTML tree's total.
    const tileTips = svgTitles.filter((title) => title.includes(" of tracked · "));
    t.true(tileTips.length > 0);
    for (const tip of tileTips) {
      const bytesText = tip.split("\n").find((line) => line.includes(" of tracked · "))!.split(" (")[0]!;
      const approx = bytesText.startsWith("≈");
      let found = false;
      eachNode(model.hierarchy, (node) => {
        if (`${node.extrapolated ? "≈" : ""}${formatBytes(node.bytes)}` === bytesText) found = true;
      });
      t.true(found, `tile "${bytesText}" is a hierarchy node${approx ? " (≈)" : ""}`);
    }
    t.is(html.tree[1], snapshot.memory_hierarchy.bytes, "HTML tree total = JSON hierarchy total");
    t.is(snapshot.memory_hierarchy.bytes, snapshot.summary.total_bytes, "hierarchy total = summary total bytes");

    // Lifecycle: the scope cards' bytes are the HTML report's scope bytes.
    const timeline = timelineModelFromIndex(snapshot, index);
    for (const scope of timeline.scopes) {
      const other = html.scopes.find((s) => s.id === scope.id && html.strings[s.label] === scope.label);
      t.truthy(other, scope.label);
      t.is(other!.bytes, scope.bytes, `${scope.label} bytes`);
    }

    // memscope diff against the same run without its leaks' growth: the CLI text and the HTML Diff view.
    const result = compareSnapshots(snapshots["real-world"]!, snapshot);
    const text = formatDiff(result, { baseName: "a", headName: "b", top: 20, markdown: false });
    const either = result.base.extrapolated || result.head.extrapolated;
    t.is(result.head.liveBytes, snapshot.summary.active_memory_bytes, "diff head total = active memory");
    t.true(text.includes(`${result.head.extrapolated ? "≈" : ""}${formatBytes(result.head.liveBytes)}`));
    t.is(text.includes("≈"), either, "the diff says ≈ exactly when a side is extrapolated");
    const diff = diffModel(result, html, { baseName: "a", headName: "b", base: snapshots["real-world"]!, growthText: (b, h) => formatPercent(growthPercent(b, h)), changeText: signedBytes }, new StringTable());
    t.deepEqual(diff.head, [result.head.liveBytes, result.head.records, result.head.leaks]);
    t.is(diff.extrapolated, either, "the HTML Diff view marks the same figures");
  });
}
