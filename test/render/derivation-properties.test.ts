/**
 * What every derivation must satisfy, on generated snapshots (raw-arbitrary.ts): totals
 * add up, every record is counted once and every object's bytes once, the treemap's
 * areas are its bytes, the timeline draws inside its run, and the SVGs, the HTML model
 * and the JSON show the same figures. Properties, not a second implementation: the few
 * definitions restated here (bytes of a record, alive at export) are the documented ones.
 * Byte-for-byte outputs are pinned separately (golden.test.ts).
 */
import test from "ava";
import fc from "fast-check";
import type { HierarchyNode, RawSnapshot, Snapshot } from "../../format/snapshot.js";
import { buildSnapshot } from "../../render/derive/snapshot.js";
import { indexRecordObjects, nameSitesOf, type RecordIndex } from "../../render/derive/record-index.js";
import { analysisModelFromIndex } from "../../render/draw/analysis/model.js";
import { metricCards, renderAnalysisSvg } from "../../render/draw/analysis/svg.js";
import { layoutTreemap } from "../../render/draw/analysis/treemap-layout.js";
import { escapeXml } from "../../render/draw/escape.js";
import { DEFAULT_MODEL_LIMITS, type ModelLimits } from "../../render/draw/model.js";
import { scopeTotalsFromIndex, timelineModelFromIndex } from "../../render/draw/timeline/model.js";
import { renderTimelineSvg } from "../../render/draw/timeline/svg.js";
import { buildHtmlModel, type TreeNode } from "../../render/html/model.js";
import { schemaProblem } from "../../render/read/schema.js";
import { formatCount } from "../../render/units.js";
import { rawWith } from "./fixtures.js";
import { generateRaw } from "./generate-raw.js";
import { rawShape } from "./raw-arbitrary.js";

const SMALL_LIMITS: ModelLimits = { samples: 5, gcMarks: 3, topRows: 3, leaks: 2, scopes: 2, rowsPerScope: 3, treemapChildren: 2 };
const RUNS = { numRuns: 150, seed: 20261202 };

interface Derived {
  raw: RawSnapshot;
  snapshot: Snapshot;
  index: RecordIndex;
}

function derive(raw: RawSnapshot, threshold = 1000): Derived {
  const snapshot = buildSnapshot(raw, { leakThresholdMs: threshold });
  return { raw, snapshot, index: indexRecordObjects(snapshot.allocations, snapshot.relations, nameSitesOf(snapshot)) };
}

const sum = (values: Iterable<number>): number => {
  let total = 0;
  for (const value of values) total += value;
  return total;
};

/** The documented rule, restated: a string ends at its scope's exit, an object when V8 collected it. */
function aliveAtExport(record: Snapshot["allocations"][number]): boolean {
  return record.collected_time === null && !(record.category === "string" && record.scope_exit_time !== null);
}

/** Every node's bytes and count are its children's sums; returns the leaves. */
function checkHierarchy(t: import("ava").ExecutionContext, node: HierarchyNode, leaves: HierarchyNode[] = []): HierarchyNode[] {
  if (!node.children || node.children.length === 0) {
    leaves.push(node);
    return leaves;
  }
  t.is(sum(node.children.map((c) => c.bytes)), node.bytes, `${node.level} ${node.name}: bytes of its children`);
  t.is(sum(node.children.map((c) => c.count)), node.count, `${node.level} ${node.name}: count of its children`);
  for (const child of node.children) checkHierarchy(t, child, leaves);
  return leaves;
}

function assertTotals(t: import("ava").ExecutionContext, { raw, snapshot, index }: Derived): void {
  const s = snapshot.summary;
  const records = raw.allocations.length;
  let objects = 0;
  for (let row = 0; row < index.count; row++) if (index.shared[row] === 0) objects++;

  t.is(s.total_allocations, records, "every record counted");
  t.is(index.count, records);
  const leaves = checkHierarchy(t, snapshot.memory_hierarchy);
  t.is(snapshot.memory_hierarchy.bytes, s.total_bytes, "the hierarchy holds every byte");
  t.is(snapshot.memory_hierarchy.count, objects, "the hierarchy counts every object once");
  t.is(sum(leaves.map((leaf) => leaf.count)), objects);

  // Scopes: every record in exactly one; their bytes are the total.
  const { totals, totalBytes } = scopeTotalsFromIndex(index);
  t.is(sum(totals.map((scope) => scope.records)), records, "scopes hold every record once");
  t.is(totalBytes, s.total_bytes);
  for (const limits of [DEFAULT_MODEL_LIMITS, SMALL_LIMITS]) {
    const timeline = timelineModelFromIndex(snapshot, index, limits);
    t.is(timeline.totalRecords, records);
    t.is(timeline.totalBytes, s.total_bytes);
    t.is(sum(timeline.scopes.map((scope) => scope.records)) + timeline.otherScopes.records, records, "shown scopes + the rest = all records");
    t.is(sum(timeline.scopes.map((scope) => scope.bytes)) + timeline.otherScopes.bytes, s.total_bytes);
    t.true(timeline.scopes.length <= limits.scopes);
    timeline.lanes.forEach((card, at) => {
      const scope = timeline.scopes[at]!;
      t.is(sum(card.lanes.map((lane) => lane.records)) + card.moreLanesRecords, scope.records, `${scope.label}: its declarations hold its records`);
      t.is(sum(card.lanes.map((lane) => lane.bytes)) + card.moreLanesBytes, scope.bytes, `${scope.label}: and its bytes`);
    });
  }

  // The HTML model: one row per declaration, the same totals.
  const html = buildHtmlModel(snapshot, index);
  t.is(sum(html.sites.map((site) => site.records)), records, "declarations hold every record once");
  t.is(sum(html.sites.map((site) => site.bytes)), s.total_bytes);
  t.is(sum(html.sites.map((site) => site.liveBytes)), s.active_memory_bytes, "live bytes per declaration sum to active memory");
  t.is(sum(html.sites.map((site) => site.alive)), s.active_allocations);
  t.is(html.tree[1], s.total_bytes, "the HTML treemap's root");
  const treeLeaves = (node: TreeNode): number => (node.length === 3 ? node[1] : sum(node[3].map(treeLeaves)));
  t.is(treeLeaves(html.tree), s.total_bytes, "the HTML treemap's leaves");
  for (const site of html.sites) {
    t.true(site.liveBytes <= site.peakBytes + 1e-6, "a declaration's live bytes at export are at most its peak");
    t.is(Math.max(...site.series), Math.round(site.peakBytes), "its series reaches its peak");
    t.true(site.instanceCount <= site.records);
  }
  t.is(sum(html.scopes.map((scope) => scope.records)), records);

  // Metrics.
  t.true(s.active_memory_bytes <= s.total_bytes);
  t.true(s.active_allocations <= objects);
  t.true(s.peak_memory_bytes >= s.active_memory_bytes, "the peak is at least what is alive at the end");
  t.is(s.memory_efficiency_percent, s.peak_memory_bytes > 0 ? (s.active_memory_bytes / s.peak_memory_bytes) * 100 : 0);
  if (objects > 0) {
    t.true(s.median_allocation_bytes <= s.p95_allocation_bytes);
    t.true(s.p95_allocation_bytes <= Math.max(...Array.from(index.objectBytes)));
  }

  // With no object held twice, the totals are the records' own sums.
  if (!raw.relations.some((relation) => relation.kind !== "clone")) {
    t.is(s.total_bytes, sum(raw.allocations.map((r) => r.size_bytes + (r.external_bytes ?? 0))));
    const alive = raw.allocations.filter(aliveAtExport);
    t.is(s.active_allocations, alive.length);
    t.is(s.active_memory_bytes, sum(alive.map((r) => r.size_bytes + (r.external_bytes ?? 0))));
  }
}

test("totals add up and every record and object is counted once, in the JSON, both SVG models and the HTML model", (t) => {
  fc.assert(
    fc.property(rawShape, ({ raw, threshold }) => {
      assertTotals(t, derive(raw, threshold));
    }),
    RUNS,
  );
  assertTotals(t, derive(generateRaw({ records: 20_000, seed: 3 })));
  assertTotals(t, derive(generateRaw({ records: 3_000, seed: 11, hostile: true })));
  assertTotals(t, derive(rawWith([])));
});

function assertTreemap(t: import("ava").ExecutionContext, root: HierarchyNode): void {
  const width = 1000;
  const height = 600;
  const tiles = layoutTreemap(root, width, height);
  if (!(root.bytes > 0)) {
    t.deepEqual(tiles, []);
    return;
  }
  const area = (tile: { x0: number; y0: number; x1: number; y1: number }): number => (tile.x1 - tile.x0) * (tile.y1 - tile.y0);
  const close = (a: number, b: number, what: string): void => {
    t.true(Math.abs(a - b) <= 1e-6 * width * height, `${what}: ${a} vs ${b}`);
  };
  for (const tile of tiles) {
    t.true(tile.x0 >= -1e-9 && tile.y0 >= -1e-9 && tile.x1 <= width + 1e-9 && tile.y1 <= height + 1e-9, "inside the canvas");
    close(area(tile), (tile.value / root.bytes) * width * height, `${tile.path.join(" > ")}: area ∝ bytes`);
  }
  // Each level (and the leaves above it) covers the canvas once: children's areas sum to their parent's.
  for (let depth = 1; depth <= 4; depth++) {
    const covering = tiles.filter((tile) => tile.depth === depth || (tile.isLeaf && tile.depth < depth));
    close(sum(covering.map(area)), width * height, `depth ${depth}`);
  }
  for (const parent of tiles.filter((tile) => !tile.isLeaf)) {
    const children = tiles.filter((tile) => tile.depth === parent.depth + 1 && tile.x0 >= parent.x0 - 1e-9 && tile.x1 <= parent.x1 + 1e-9 && tile.y0 >= parent.y0 - 1e-9 && tile.y1 <= parent.y1 + 1e-9);
    close(sum(children.map(area)), area(parent), `${parent.path.join(" > ")}: its children`);
  }
}

test("treemap areas are bytes: every tile inside the canvas, children's areas sum to their parent's", (t) => {
  fc.assert(
    fc.property(rawShape, ({ raw, threshold }) => {
      const { snapshot, index } = derive(raw, threshold);
      assertTreemap(t, snapshot.memory_hierarchy);
      assertTreemap(t, analysisModelFromIndex(snapshot, index, SMALL_LIMITS).hierarchy);
    }),
    { ...RUNS, numRuns: 60 },
  );
});

/** Every number in an SVG's attributes is finite, and every rectangle lies inside the canvas. */
function assertDrawnInside(t: import("ava").ExecutionContext, svg: string, what: string): void {
  const root = /<svg[^>]*\bwidth="([\d.]+)"[^>]*\bheight="([\d.]+)"/.exec(svg);
  t.truthy(root, `${what}: an <svg> with a size`);
  const [width, height] = [Number(root![1]), Number(root![2])];
  t.false(/NaN|Infinity|undefined/.test(svg.replace(/<title>[\s\S]*?<\/title>|<text[^>]*>[\s\S]*?<\/text>/g, "")), `${what}: no NaN, Infinity or undefined in the drawing`);
  for (const match of svg.matchAll(/<rect ([^>]*)\/?>/g)) {
    const attr = (name: string): number => Number(new RegExp(`\\b${name}="(-?[\\d.e-]+)"`).exec(match[1]!)?.[1] ?? 0);
    const [x, y, w, h] = [attr("x"), attr("y"), attr("width"), attr("height")];
    t.true(w >= 0 && h >= 0, `${what}: ${match[0]}`);
    t.true(x >= -0.01 && y >= -0.01 && x + w <= width + 0.01 && y + h <= height + 0.01, `${what}: ${match[0]} inside ${width}×${height}`);
  }
}

/** The timeline's lifetime bars start on the run's time axis (at or after its 0 tick), never before it. */
function assertLifetimesOnAxis(t: import("ava").ExecutionContext, svg: string): void {
  const width = Number(/<svg[^>]*\bwidth="([\d.]+)"/.exec(svg)![1]);
  // The grid lines of the axis ticks; the first is time 0.
  const ticks = [...svg.matchAll(/<line x1="([\d.]+)" x2="\1" y1="[\d.]+" y2="[\d.]+" stroke="#EEF1F5"/g)].map((m) => Number(m[1]));
  const strips = [...svg.matchAll(/<rect x="([\d.]+)" y="[\d.]+" width="([\d.]+)" height="(?:12|6)" rx="[12]" fill="url\(#grad-[^"]+\)"/g)];
  if (strips.length === 0) return;
  t.true(ticks.length > 0, "an axis with ticks");
  const zero = Math.min(...ticks);
  for (const match of strips) {
    const x = Number(match[1]);
    t.true(x >= zero - 0.01 && x + Number(match[2]) <= width, `lifetime ${match[0]} on the axis from ${zero}`);
  }
}

test("both SVGs draw inside their canvas with finite numbers; timeline lifetimes stay within the run's axis", (t) => {
  fc.assert(
    fc.property(rawShape, ({ raw, threshold }) => {
      const { snapshot, index } = derive(raw, threshold);
      for (const limits of [DEFAULT_MODEL_LIMITS, SMALL_LIMITS]) {
        assertDrawnInside(t, renderAnalysisSvg(analysisModelFromIndex(snapshot, index, limits)), "analysis");
        const timeline = renderTimelineSvg(timelineModelFromIndex(snapshot, index, limits));
        assertDrawnInside(t, timeline, "timeline");
        assertLifetimesOnAxis(t, timeline);
      }
    }),
    { ...RUNS, numRuns: 60 },
  );
});

test("the SVGs, the HTML model and the JSON show the same figures", (t) => {
  fc.assert(
    fc.property(rawShape, ({ raw, threshold }) => {
      const { snapshot, index } = derive(raw, threshold);
      const analysis = analysisModelFromIndex(snapshot, index);
      const svg = renderAnalysisSvg(analysis);
      const cards = metricCards(analysis);
      t.is(cards.length, 8, "the eight metrics");
      for (const card of cards) t.true(svg.includes(`>${escapeXml(card.value)}<`), `the analysis SVG shows ${card.label} = ${card.value}`);
      t.deepEqual(analysis.summary, snapshot.summary, "the dashboard's figures are the JSON's");
      t.deepEqual(analysis.leaks, snapshot.leaks.slice(0, DEFAULT_MODEL_LIMITS.leaks));
      t.is(analysis.leakCount, snapshot.leaks.length);
      const html = buildHtmlModel(snapshot, index);
      t.deepEqual(html.cards, cards, "the HTML cards are the SVG's");
      t.is(html.leaks.length, snapshot.leaks.length);
      t.is(html.totals.records, snapshot.summary.total_allocations);
      const timeline = renderTimelineSvg(timelineModelFromIndex(snapshot, index));
      if (snapshot.allocations.length > 0) t.true(timeline.includes(formatCount(snapshot.allocations.length)), "the timeline names the record count");
      t.is(schemaProblem(snapshot, { maxRecords: Infinity }), null, "the JSON matches its schema");
    }),
    { ...RUNS, numRuns: 80 },
  );
});
