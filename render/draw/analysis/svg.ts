/**
 * `<name>_memory_analysis.svg`: the dashboard. Pure: AnalysisModel → SVG text.
 * Sections top to bottom: run header, the eight metric cards, the treemap, the heap
 * timeline, size histogram beside the top allocation sites, the largest variables,
 * leak and growth candidates. Every empty section says why it is empty.
 */
import { formatBytes, formatCount, formatEnUs, formatDuration, formatPercent, formatRatio } from "../../units.js";
import type { AnalysisModel, HistogramBin, SamplePoint } from "./model.js";
import type { PreciseCell } from "./precise-cells.js";
import { formatSignedPercent } from "../../derive/precision.js";
import type { LeakCandidate, PrecisionSummary, Summary } from "../../../format/snapshot.js";
import { runtimeCounterNotes } from "../../derive/runtime-notes.js";
import { reasonWithoutHolder } from "../../derive/leak-reasons.js";
import {
  CARD,
  FAINT,
  INK,
  MONO,
  MUTED,
  RULE,
  byteTicks,
  categoryColor,
  el,
  inkOn,
  n,
  niceTicks,
  shade,
  svgDocument,
  text,
  title,
  textWidth,
  truncate,
  wrap,
} from "../kit.js";
import { layoutTreemap, type Tile } from "./treemap-layout.js";

const WIDTH = 1400;
const MARGIN = 32;
const CONTENT = WIDTH - 2 * MARGIN;
const GAP = 24;

interface Block {
  svg: string;
  height: number;
}

export function renderAnalysisSvg(model: AnalysisModel): string {
  const parts: string[] = [];
  let y = MARGIN;
  for (const block of [
    header(model),
    cards(model),
    treemapSection(model),
    heapSection(model),
    sideBySide(histogramSection(model, (CONTENT - GAP) / 2), sitesSection(model, (CONTENT - GAP) / 2)),
    largestSection(model),
    leaksSection(model),
    footer(model),
  ]) {
    parts.push(`<g transform="translate(${MARGIN},${n(y)})">${block.svg}</g>\n`);
    y += block.height + GAP;
  }
  const height = y - GAP + MARGIN;
  return svgDocument(WIDTH, height, `memscope memory analysis: ${model.facts.name}`, parts.join(""));
}

function header(model: AnalysisModel): Block {
  const f = model.facts;
  const s = model.summary;
  const facts = [
    f.timestamp,
    `Node ${f.nodeVersion}`,
    `ran ${formatDuration(f.durationMs)}`,
    `ended by ${f.exitReason}`,
    `${f.threadCount} thread${f.threadCount === 1 ? "" : "s"}`,
    `${formatCount(s.total_allocations)} records at ${formatCount(s.tracked_sites)} sites`,
    f.precise ? "precise sizes (V8 heap snapshot)" : "estimated sizes",
  ];
  const svg =
    text(0, 26, truncate(`Memory analysis · ${f.name}`, CONTENT, 26), { "font-size": 26, "font-weight": 700, fill: INK }) +
    text(0, 52, truncate(facts.join("  ·  "), CONTENT, 13), { "font-size": 13, fill: MUTED });
  return { svg, height: 60 };
}

export interface CardSpec {
  label: string;
  value: string;
  note: string;
  hint: string;
}

/** The eight metric cards' texts: the analysis SVG and the HTML report show the same strings. */
export function metricCards(model: Pick<AnalysisModel, "summary" | "peakSource" | "sampleCount">): CardSpec[] {
  const s = model.summary;
  const none = s.total_allocations === 0;
  const peakFrom =
    model.peakSource === "timeline"
      ? `max over ${formatCount(model.sampleCount)} samples`
      : model.peakSource === "records"
        ? "no samples: rebuilt from record events"
        : "nothing recorded";
  const specs: CardSpec[] = [
    {
      label: "Active memory",
      value: formatBytes(s.active_memory_bytes),
      note: `alive at export, of ${s.sampling?.figures.includes("total_bytes") ? "≈" : ""}${formatBytes(s.total_bytes)} tracked`,
      hint: "Bytes of tracked objects still alive at export (objects not collected by V8; strings whose scope is still open).",
    },
    {
      label: "Peak memory",
      value: formatBytes(s.peak_memory_bytes),
      note: `V8 peak heap ${s.v8_peak_heap_used_bytes === null ? "n/a" : formatBytes(s.v8_peak_heap_used_bytes)} · ${
        model.peakSource === "timeline" ? "from samples" : model.peakSource === "records" ? "from record events" : "nothing recorded"
      }`,
      hint: `Maximum of live tracked bytes over the timeline (${peakFrom}). V8's own peak heap used is shown beside it.`,
    },
    {
      label: "Active allocations",
      value: formatCount(s.active_allocations),
      note: `of ${formatCount(s.total_allocations)} records`,
      hint: "Count of tracked objects still alive at export.",
    },
    {
      label: "Memory efficiency",
      value: formatPercent(s.memory_efficiency_percent),
      note: s.peak_memory_bytes > 0 ? "tracked bytes alive at export ÷ peak" : "alive ÷ peak (0 when the peak is 0)",
      hint: "Active memory ÷ peak memory × 100 (0 when the peak is 0): how much of the most the tracked values ever held is still held at export.",
    },
    {
      label: "Median allocation",
      value: none ? "n/a" : formatBytes(s.median_allocation_bytes),
      note: none ? "no records" : "50th percentile of record sizes",
      hint: "Median record size, linear interpolation between ranks.",
    },
    {
      label: "P95 allocation",
      value: none ? "n/a" : formatBytes(s.p95_allocation_bytes),
      note: none ? "no records" : "95th percentile of record sizes",
      hint: "95th percentile of record sizes, linear interpolation between ranks.",
    },
    {
      label: "Heap fragmentation",
      value: formatPercent(s.heap_fragmentation_percent),
      note: "V8 old generation: free ÷ committed",
      hint: "From v8.getHeapSpaceStatistics() at export, over the old, code, large-object and trusted spaces (new space excluded): (committed − used) ÷ committed × 100.",
    },
    {
      label: "Allocation density",
      value: s.tracked_sites === 0 ? "n/a" : formatRatio(s.allocation_density),
      note: s.tracked_sites === 0 ? "no tracked sites" : `records per site (${formatCount(s.tracked_sites)} sites)`,
      hint: "Tracked records (kept and folded) per tracked variable site.",
    },
  ];
  return markExtrapolated(specs, s);
}

/** The summary key behind each card, in card order. */
const CARD_FIGURES = [
  "active_memory_bytes",
  "peak_memory_bytes",
  "active_allocations",
  "memory_efficiency_percent",
  "median_allocation_bytes",
  "p95_allocation_bytes",
  "heap_fragmentation_percent",
  "allocation_density",
];

/** ≈ on the cards whose figure counts hot-site samples for the values they stand for (summary.sampling.figures), with the margin. */
function markExtrapolated(specs: CardSpec[], s: Summary): CardSpec[] {
  const sampling = s.sampling;
  if (!sampling) return specs;
  const extrapolated = new Set(sampling.figures);
  return specs.map((spec, i) => {
    const key = CARD_FIGURES[i] as string;
    if (!extrapolated.has(key) || spec.value === "n/a") return spec;
    const margin =
      key === "active_memory_bytes" ? ` (±${formatBytes(sampling.active_memory_margin_bytes)} at 95%)` : key === "active_allocations" ? ` (±${formatCount(sampling.active_allocations_margin)} at 95%)` : "";
    const note = key === "active_memory_bytes" ? `±${formatBytes(sampling.active_memory_margin_bytes)} · ${spec.note}` : spec.note;
    return {
      ...spec,
      value: `≈${spec.value}`,
      note,
      hint: `${spec.hint} ≈: extrapolated — ${formatCount(sampling.weighted_records)} records kept by hot-site sampling count for the ${formatCount(sampling.represented_registrations)} values they stand for${margin}.`,
    };
  });
}

function cards(model: AnalysisModel): Block {
  const specs = metricCards(model);
  const columns = 4;
  const cardWidth = (CONTENT - (columns - 1) * 16) / columns;
  const cardHeight = 96;
  let svg = "";
  specs.forEach((spec, i) => {
    const x = (i % columns) * (cardWidth + 16);
    const y = Math.floor(i / columns) * (cardHeight + 16);
    const muted = spec.value === "n/a";
    svg +=
      `<g transform="translate(${n(x)},${n(y)})">` +
      title(`${spec.label}: ${spec.value}. ${spec.hint}`) +
      el("rect", { width: cardWidth, height: cardHeight, rx: 10, fill: CARD, stroke: RULE }) +
      el("rect", { width: 4, height: cardHeight - 24, x: 0, y: 12, rx: 2, fill: i < 4 ? "#1E88E5" : "#7E57C2" }) +
      text(18, 26, spec.label.toUpperCase(), { "font-size": 12, "font-weight": 600, fill: MUTED, "letter-spacing": 0.6 }) +
      text(18, 62, truncate(spec.value, cardWidth - 36, 30), { "font-size": 30, "font-weight": 700, fill: muted ? FAINT : INK }) +
      text(18, 84, truncate(spec.note, cardWidth - 36, 12), { "font-size": 12, fill: MUTED }) +
      `</g>`;
  });
  return { svg, height: 2 * cardHeight + 16 };
}

function sectionTitle(label: string, note: string, width = CONTENT): string {
  const labelWidth = Math.min(width, label.length * 9.6 + 12);
  return (
    text(0, 18, label, { "font-size": 18, "font-weight": 700, fill: INK }) +
    (note ? text(labelWidth, 18, truncate(note, width - labelWidth, 13), { "font-size": 13, fill: MUTED }) : "") +
    el("line", { x1: 0, x2: width, y1: 28, y2: 28, stroke: RULE })
  );
}

function emptyState(y: number, width: number, height: number, message: string, detail = ""): string {
  return (
    el("rect", { x: 0, y, width, height, rx: 10, fill: CARD, stroke: RULE, "stroke-dasharray": "6 4" }) +
    text(width / 2, y + height / 2 - (detail ? 4 : -5), message, { "font-size": 15, fill: MUTED, "text-anchor": "middle", "font-weight": 600 }) +
    (detail ? text(width / 2, y + height / 2 + 18, truncate(detail, width - 40, 12), { "font-size": 12, fill: FAINT, "text-anchor": "middle" }) : "")
  );
}

// ------------------------------------------------------------------------- treemap

const TREEMAP_HEIGHT = 560;

function tileFill(tile: Tile, subcategoryIndex: number): string {
  const base = categoryColor(tile.category);
  // Subcategories step through lighter and darker tints of the category's hue; leaves
  // alternate slightly so neighbours stay distinguishable.
  const steps = [0, 0.22, -0.2, 0.38, -0.32, 0.12];
  const amount = (steps[subcategoryIndex % steps.length] as number) + (tile.index % 2 === 0 ? 0 : 0.07);
  return shade(base, amount);
}

function treemapSection(model: AnalysisModel): Block {
  const root = model.hierarchy;
  const measure = root.measure === "precise_exclusive" ? "area ∝ exact retained bytes, each byte once" : "area ∝ bytes";
  const note = `category → subcategory → type → variable · ${measure} · ${approxOf(root)}${formatBytes(root.bytes)} in ${approxOf(root)}${formatCount(root.count)} records`;
  let svg = sectionTitle("Where tracked memory lives", note);
  const top = 44;
  const tiles = layoutTreemap(root, CONTENT, TREEMAP_HEIGHT);
  if (tiles.length === 0) {
    svg += emptyState(top, CONTENT, 160, "No tracked allocations recorded", root.count > 0 ? "every tracked record has a size of 0 bytes" : "nothing to map: no tracked binding ran before export");
    return { svg, height: top + 160 };
  }
  // Legend: one entry per category with its share.
  let lx = 0;
  for (const category of root.children ?? []) {
    const label = `${category.name}  ${approxOf(category)}${formatBytes(category.bytes)} · ${formatPercent(category.percent_of_total)}`;
    svg += el("rect", { x: lx, y: top, width: 12, height: 12, rx: 3, fill: categoryColor(category.name) });
    svg += text(lx + 18, top + 11, label, { "font-size": 13, fill: INK });
    lx += 18 + textWidth(label, 13) + 28;
  }
  const mapTop = top + 24;
  const subIndex = new Map<string, number>();
  let leaves = "";
  let outlines = "";
  let labels = "";
  for (const tile of tiles) {
    const x = tile.x0;
    const y = mapTop + tile.y0;
    const w = tile.x1 - tile.x0;
    const h = tile.y1 - tile.y0;
    if (tile.depth === 2) subIndex.set(tile.path.slice(0, 2).join("\u0000"), tile.index);
    if (tile.depth <= 2 && !tile.isLeaf) {
      outlines += el("rect", { x, y, width: w, height: h, fill: "none", stroke: "#FFFFFF", "stroke-width": tile.depth === 1 ? 4 : 2 });
      continue;
    }
    if (!tile.isLeaf) continue;
    const fill = tileFill(tile, subIndex.get(tile.path.slice(0, 2).join("\u0000")) ?? tile.index);
    const node = tile.node;
    const where = node.file !== undefined ? `\n${node.file}:${node.line ?? 0}` : "";
    const tip =
      `${tile.path.join(" › ")}${where}\n${approxOf(node)}${formatBytes(node.bytes)} (${formatEnUs(node.bytes)} B) · ` +
      `${formatPercent(node.percent_of_total)} of tracked · ${approxOf(node)}${formatCount(node.count)} record${node.count === 1 ? "" : "s"}` +
      (node.extrapolated ? "\n≈: hot-site sampling kept 1 in N of these values; each kept one counts for the values it stands for" : "");
    leaves += `<g>${title(tip)}${el("rect", { class: "tile", x, y, width: w, height: h, fill, stroke: "#FFFFFF", "stroke-width": 0.75 })}</g>`;
    labels += tileLabel(tile, x, y, w, h, inkOn(fill));
  }
  svg += `<g>${leaves}</g><g>${outlines}</g><g pointer-events="none">${labels}</g>`;
  return { svg, height: mapTop + TREEMAP_HEIGHT };
}

function approxOf(node: { extrapolated?: boolean }): string {
  return node.extrapolated ? "≈" : "";
}

function tileLabel(tile: Tile, x: number, y: number, w: number, h: number, ink: string): string {
  const pad = 6;
  const inner = w - 2 * pad;
  if (w < 34 || h < 18) return "";
  const node = tile.node;
  const nameSize = w > 180 && h > 60 ? 14 : 12;
  const name = truncate(node.name, inner, nameSize);
  if (!name || name === "…") return "";
  let out = text(x + pad, y + pad + nameSize - 1, name, { "font-size": nameSize, "font-weight": 700, fill: ink });
  if (h >= 36) {
    const size = truncate(`${approxOf(node)}${formatBytes(node.bytes)} · ${formatPercent(node.percent_of_total)}`, inner, 11);
    out += text(x + pad, y + pad + nameSize + 14, size, { "font-size": 11, fill: ink, opacity: 0.92 });
  }
  const typeName = tile.path[2];
  if (h >= 54 && typeName !== undefined && tile.depth === 4) {
    const type = truncate(typeName, inner, 10, true);
    if (type) out += text(x + pad, y + pad + nameSize + 29, type, { "font-size": 10, fill: ink, opacity: 0.85, "font-family": MONO });
  }
  if (h >= 74) {
    const where = node.file !== undefined ? ` · ${node.file}:${node.line ?? 0}` : "";
    const detail = truncate(`${approxOf(node)}${formatCount(node.count)} record${node.count === 1 ? "" : "s"}${where}`, inner, 10);
    if (detail) out += text(x + pad, y + pad + nameSize + 44, detail, { "font-size": 10, fill: ink, opacity: 0.85 });
  }
  return out;
}

// -------------------------------------------------------------------- heap timeline

const SERIES = [
  { key: "rss", label: "RSS", color: "#90A4AE", dash: "5 4" },
  { key: "heap_total", label: "heap committed", color: "#7986CB", dash: "2 3" },
  { key: "heap_used", label: "heap used", color: "#1E88E5", dash: "" },
] as const;

function heapSection(model: AnalysisModel): Block {
  const f = model.facts;
  const note = model.sampleCount
    ? `${formatCount(model.sampleCount)} samples every ${formatDuration(f.sampleIntervalMs)} · ${model.gcAvailable ? `${formatCount(model.gcCount)} GC events` : "GC events not available"}`
    : "";
  let svg = sectionTitle("Heap over time", note);
  const top = 44;
  if (model.samples.length === 0) {
    svg += emptyState(top, CONTENT, 120, "No samples recorded", `the sampler (every ${formatDuration(f.sampleIntervalMs)}) took no sample before export, after ${formatDuration(f.durationMs)}`);
    return { svg, height: top + 120 };
  }
  const axisWidth = 78;
  const plotX = axisWidth;
  const plotWidth = CONTENT - axisWidth - 8;
  const mainHeight = 220;
  const trackedHeight = 110;
  const samples = model.samples;
  const tMax = Math.max(f.durationMs, samples[samples.length - 1]!.time, 1);
  const xOf = (t: number): number => plotX + (Math.max(0, t) / tMax) * plotWidth;

  // Legend
  let lx = plotX;
  for (const s of SERIES) {
    svg += el("line", { x1: lx, x2: lx + 22, y1: top + 6, y2: top + 6, stroke: s.color, "stroke-width": 2.5, "stroke-dasharray": s.dash || null });
    svg += text(lx + 28, top + 10, s.label, { "font-size": 12, fill: INK });
    lx += 28 + textWidth(s.label, 12) + 22;
  }
  if (model.gcMarks.length > 0) {
    svg += el("rect", { x: lx, y: top, width: 3, height: 12, fill: "#E53935" });
    svg += text(lx + 9, top + 10, "major GC", { "font-size": 12, fill: INK });
    lx += 9 + 64 + 16;
    svg += el("rect", { x: lx, y: top + 4, width: 3, height: 8, fill: "#FFB300" });
    svg += text(lx + 9, top + 10, "minor GC", { "font-size": 12, fill: INK });
    lx += 9 + 64 + 16;
  }
  svg += el("rect", { x: lx, y: top, width: 14, height: 12, fill: "#FB8C00", opacity: 0.5 });
  svg += text(lx + 20, top + 10, "tracked live bytes (own scale, below)", { "font-size": 12, fill: INK });

  const mainTop = top + 26;
  const mainScale = byteScale(Math.max(1, ...samples.map((s) => Math.max(s.rss, s.heap_total, s.heap_used))), 4);
  const vMax = mainScale.top;
  svg += chartFrame(plotX, mainTop, plotWidth, mainHeight, mainScale.ticks, vMax, tMax, false);
  const yMain = (v: number): number => mainTop + mainHeight - (v / vMax) * mainHeight;
  svg += el("path", { d: areaPath(samples, (s) => s.heap_used, xOf, yMain, mainTop + mainHeight), fill: "#1E88E5", opacity: 0.1 });
  for (const s of SERIES) {
    svg += el("path", {
      d: linePath(samples, (p) => p[s.key], xOf, yMain),
      fill: "none",
      stroke: s.color,
      "stroke-width": s.key === "heap_used" ? 2 : 1.5,
      "stroke-dasharray": s.dash || null,
      "stroke-linejoin": "round",
    });
  }
  for (const mark of model.gcMarks) {
    const major = /mark|compact|full/i.test(mark.type) && !/minor/i.test(mark.type);
    const height = major ? 14 : 8;
    svg += `<g>${title(`${mark.type} GC at ${formatDuration(mark.time)}: ${formatDuration(mark.duration_ms)}, freed ${formatBytes(mark.freed)}`)}${el("rect", {
      x: xOf(mark.time) - 1,
      y: mainTop + mainHeight - height,
      width: 2,
      height,
      fill: major ? "#E53935" : "#FFB300",
    })}</g>`;
  }
  const trackedTop = mainTop + mainHeight + 22;
  const trackedScale = byteScale(Math.max(1, ...samples.map((s) => s.tracked_live_bytes)), 2);
  const trackedMax = trackedScale.top;
  svg += text(plotX, trackedTop - 6, "tracked live bytes", { "font-size": 11, fill: MUTED, "font-weight": 600 });
  svg += chartFrame(plotX, trackedTop, plotWidth, trackedHeight, trackedScale.ticks, trackedMax, tMax, true);
  const yTracked = (v: number): number => trackedTop + trackedHeight - (v / trackedMax) * trackedHeight;
  svg += el("path", { d: areaPath(samples, (s) => s.tracked_live_bytes, xOf, yTracked, trackedTop + trackedHeight), fill: "#FB8C00", opacity: 0.35 });
  svg += el("path", { d: linePath(samples, (s) => s.tracked_live_bytes, xOf, yTracked), fill: "none", stroke: "#EF6C00", "stroke-width": 1.5 });
  return { svg, height: trackedTop + trackedHeight + 26 };
}

/** The axis top: the first tick step at or above the maximum, so the top gridline is labelled. */
function byteScale(max: number, count: number): { top: number; ticks: number[] } {
  const ticks = byteTicks(max, count);
  const step = ticks.length > 1 ? (ticks[1] as number) : max;
  const last = ticks[ticks.length - 1] as number;
  if (last < max) ticks.push(last + step);
  return { top: ticks[ticks.length - 1] as number, ticks };
}

function chartFrame(x: number, y: number, width: number, height: number, ticks: number[], vMax: number, tMax: number, timeAxis: boolean): string {
  let svg = el("rect", { x, y, width, height, fill: CARD, stroke: RULE });
  for (const v of ticks) {
    const ty = y + height - (v / vMax) * height;
    svg += el("line", { x1: x, x2: x + width, y1: ty, y2: ty, stroke: RULE, "stroke-width": v === 0 ? 0 : 1 });
    svg += text(x - 8, ty + 4, formatBytes(v), { "font-size": 11, fill: MUTED, "text-anchor": "end" });
  }
  if (timeAxis) {
    for (const t of niceTicks(tMax, 8)) {
      const tx = x + (t / tMax) * width;
      svg += el("line", { x1: tx, x2: tx, y1: y + height, y2: y + height + 4, stroke: FAINT });
      svg += text(tx, y + height + 17, formatDuration(t), { "font-size": 11, fill: MUTED, "text-anchor": "middle" });
    }
  }
  return svg;
}

function linePath(samples: readonly SamplePoint[], value: (s: SamplePoint) => number, xOf: (t: number) => number, yOf: (v: number) => number): string {
  return samples.map((s, i) => `${i === 0 ? "M" : "L"}${n(xOf(s.time))} ${n(yOf(value(s)))}`).join("");
}

function areaPath(samples: readonly SamplePoint[], value: (s: SamplePoint) => number, xOf: (t: number) => number, yOf: (v: number) => number, base: number): string {
  if (samples.length === 0) return "";
  const first = samples[0]!;
  const last = samples[samples.length - 1]!;
  return `M${n(xOf(first.time))} ${n(base)}${samples.map((s) => `L${n(xOf(s.time))} ${n(yOf(value(s)))}`).join("")}L${n(xOf(last.time))} ${n(base)}Z`;
}

// ------------------------------------------------------------- histogram and sites

function sideBySide(left: Block, right: Block): Block {
  return {
    svg: `<g>${left.svg}</g><g transform="translate(${n((CONTENT + GAP) / 2)},0)">${right.svg}</g>`,
    height: Math.max(left.height, right.height),
  };
}

function binLabel(bin: HistogramBin): string {
  return bin.lo === 0 ? "0 B" : formatBytes(bin.lo);
}

function histogramSection(model: AnalysisModel, width: number): Block {
  const bins = model.histogram;
  const total = bins.reduce((s, b) => s + b.count, 0);
  const approx = model.summary.sampling ? "≈" : "";
  let svg = sectionTitle("Allocation sizes", total ? `${approx}${formatCount(total)} records, power-of-two bins${approx ? " (sampled records count for the values they stand for)" : ""}` : "", width);
  const top = 44;
  if (bins.length === 0) {
    svg += emptyState(top, width, 120, "No allocations recorded");
    return { svg, height: top + 120 };
  }
  const axisWidth = 56;
  const plotHeight = 190;
  const plotWidth = width - axisWidth;
  const maxCount = Math.max(1, ...bins.map((b) => b.count));
  svg += el("rect", { x: axisWidth, y: top, width: plotWidth, height: plotHeight, fill: CARD, stroke: RULE });
  for (const v of niceTicks(maxCount, 4)) {
    if (v !== Math.round(v)) continue;
    const ty = top + plotHeight - (v / maxCount) * plotHeight;
    svg += el("line", { x1: axisWidth, x2: width, y1: ty, y2: ty, stroke: RULE });
    svg += text(axisWidth - 8, ty + 4, formatCount(v), { "font-size": 11, fill: MUTED, "text-anchor": "end" });
  }
  const slot = plotWidth / bins.length;
  const labelEvery = Math.max(1, Math.ceil(56 / slot));
  bins.forEach((bin, i) => {
    const h = (bin.count / maxCount) * plotHeight;
    const x = axisWidth + i * slot;
    const range = bin.lo === 0 ? "0 B" : `${formatBytes(bin.lo)} – ${formatBytes(bin.hi)}`;
    svg += `<g>${title(`${range}: ${formatCount(bin.count)} records, ${formatBytes(bin.bytes)} in total`)}${el("rect", {
      x: x + Math.min(2, slot * 0.1),
      y: top + plotHeight - h,
      width: Math.max(1, slot - Math.min(4, slot * 0.2)),
      height: h,
      rx: 2,
      fill: "#5C6BC0",
    })}</g>`;
    if (bin.count > 0 && slot >= 30) {
      svg += text(x + slot / 2, top + plotHeight - h - 4, formatCount(bin.count), { "font-size": 10, fill: MUTED, "text-anchor": "middle" });
    }
    if (i % labelEvery === 0) {
      svg += text(x + slot / 2, top + plotHeight + 16, binLabel(bin), { "font-size": 11, fill: MUTED, "text-anchor": "middle" });
    }
  });
  return { svg, height: top + plotHeight + 24 };
}

function sitesSection(model: AnalysisModel, width: number): Block {
  const sites = model.topSites;
  let svg = sectionTitle("Top allocation sites", sites.length ? "by bytes, file:line" : "", width);
  const top = 44;
  if (sites.length === 0) {
    svg += emptyState(top, width, 120, "No allocation sites recorded");
    return { svg, height: top + 120 };
  }
  const rowHeight = 21;
  const maxBytes = Math.max(1, ...sites.map((s) => s.bytes));
  const cols = { where: 0, names: width * 0.42, count: width * 0.74, bytes: width };
  svg += text(cols.where, top + 10, "FILE:LINE", { "font-size": 11, fill: MUTED, "font-weight": 600 });
  svg += text(cols.names, top + 10, "VARIABLES", { "font-size": 11, fill: MUTED, "font-weight": 600 });
  svg += text(cols.count, top + 10, "RECORDS", { "font-size": 11, fill: MUTED, "font-weight": 600, "text-anchor": "end" });
  svg += text(cols.bytes, top + 10, "BYTES", { "font-size": 11, fill: MUTED, "font-weight": 600, "text-anchor": "end" });
  sites.forEach((site, i) => {
    const y = top + 20 + i * rowHeight;
    const where = `${site.file}:${site.line}`;
    const folded = site.folded ? ` (${formatCount(site.folded)} counted per site, not recorded one by one)` : "";
    const extrapolated = site.extrapolated > 0 ? ` (${formatBytes(site.extrapolated)} of it extrapolated from the site's sampled records)` : "";
    svg += `<g>${title(`${where}\n${site.names.join(", ")}${site.type ? `: ${site.type}` : ""}\n${site.extrapolated > 0 ? "≈" : ""}${formatCount(site.count)} records${folded}, ${site.extrapolated > 0 ? "≈" : ""}${formatBytes(site.bytes)}${extrapolated}`)}`;
    if (i % 2 === 0) svg += el("rect", { x: 0, y, width, height: rowHeight, fill: "#EEF1F5", rx: 3 });
    svg += el("rect", { x: cols.count + 8, y: y + 5, width: ((cols.bytes - 70 - cols.count - 8) * site.bytes) / maxBytes, height: rowHeight - 10, rx: 2, fill: "#9FA8DA" });
    svg += text(cols.where + 4, y + 15, truncateStart(where, cols.names - 12, 12), { "font-size": 12, fill: INK, "font-family": MONO });
    svg += text(cols.names, y + 15, truncate(site.names.join(", "), cols.count - cols.names - 60, 12), { "font-size": 12, fill: INK });
    svg += text(cols.count, y + 15, `${site.extrapolated > 0 ? "≈" : ""}${formatCount(site.count)}`, { "font-size": 12, fill: INK, "text-anchor": "end" });
    svg += text(cols.bytes - 4, y + 15, `${site.extrapolated > 0 ? "≈" : ""}${formatBytes(site.bytes)}`, { "font-size": 12, fill: INK, "text-anchor": "end", "font-weight": 600 });
    svg += `</g>`;
  });
  return { svg, height: top + 20 + sites.length * rowHeight };
}

/** Keeps the end of a path (the file name and line matter most): "…/src/cache.ts:42". */
export function truncateStart(content: string, maxWidth: number, size: number): string {
  const chars = [...content];
  const perChar = size * 0.61;
  const fit = Math.floor(maxWidth / perChar);
  if (chars.length <= fit) return content;
  if (fit <= 1) return "";
  return "…" + chars.slice(chars.length - fit + 1).join("");
}

// ----------------------------------------------------------------- largest records

function largestSection(model: AnalysisModel): Block {
  const rows = model.topVariables;
  let svg = sectionTitle(
    "Largest variables",
    rows.length === 0 ? "" : rows[0]?.measure === "retained" ? "declarations ranked by their largest single object's retained size" : "declarations ranked by their largest single object",
  );
  const top = 44;
  if (rows.length === 0) {
    svg += emptyState(top, CONTENT, 90, "No variables recorded");
    return { svg, height: top + 90 };
  }
  const rowHeight = 22;
  const precise = model.precise;
  // Precise runs gain two columns (exact and retained size of the largest object).
  const cols =
    precise === null
      ? { name: 30, type: 250, where: 640, largest: 1010, exact: 0, retained: 0, records: 1110, total: 1220, alive: CONTENT }
      : { name: 30, type: 230, where: 560, largest: 900, exact: 990, retained: 1090, records: 1155, total: 1230, alive: CONTENT };
  const head = { "font-size": 11, fill: MUTED, "font-weight": 600 };
  const right = { ...head, "text-anchor": "end" };
  svg += text(cols.name, top + 10, "VARIABLE", head) + text(cols.type, top + 10, "TYPE", head) + text(cols.where, top + 10, "DECLARED AT", head);
  svg += text(cols.largest, top + 10, precise === null ? "LARGEST" : "ESTIMATE", right) + text(cols.records, top + 10, "RECORDS", right);
  if (precise !== null) svg += text(cols.exact, top + 10, "EXACT", right) + text(cols.retained, top + 10, "RETAINED", right);
  svg += text(cols.total, top + 10, "TOTAL", right) + text(cols.alive, top + 10, "ALIVE AT EXPORT", right);
  rows.forEach((row, i) => {
    const y = top + 20 + i * rowHeight;
    const approx = row.extrapolated ? "≈" : "";
    svg += `<g>${title(
      `${row.name}: ${row.type}\n${row.file}:${row.line}\nlargest object #${row.largestId}: ${formatBytes(row.largestBytes)} (${formatEnUs(row.largestBytes)} B)\n` +
        `${approx}${formatCount(row.records)} records, ${approx}${formatBytes(row.totalBytes)} in total, ${approx}${formatCount(row.alive)} alive at export` +
        (row.extrapolated ? "\n≈: hot-site sampling kept 1 in N of its values; each kept one counts for the values it stands for" : "") +
        (row.measure === "retained" ? "\nranked by the retained size of its largest object (precise mode)" : "") +
        (precise === null ? "" : `\n${preciseTooltip(precise[row.largestId], row.category)}`),
    )}`;
    if (i % 2 === 0) svg += el("rect", { x: 0, y, width: CONTENT, height: rowHeight, fill: "#EEF1F5", rx: 3 });
    svg += el("circle", { cx: 12, cy: y + 11, r: 5, fill: categoryColor(row.category) });
    svg += text(cols.name, y + 15, truncate(row.name, cols.type - cols.name - 12, 13), { "font-size": 13, fill: INK, "font-weight": 600 });
    svg += text(cols.type, y + 15, truncate(row.type, cols.where - cols.type - 16, 12, true), { "font-size": 12, fill: INK, "font-family": MONO });
    svg += text(cols.where, y + 15, truncateStart(`${row.file}:${row.line}`, cols.largest - cols.where - 90, 12), { "font-size": 12, fill: MUTED, "font-family": MONO });
    svg += text(cols.largest, y + 15, formatBytes(row.largestBytes), { "font-size": 13, fill: INK, "text-anchor": "end", "font-weight": 600 });
    if (precise !== null) svg += preciseRowCells(precise[row.largestId], cols.exact, cols.retained, y + 15);
    svg += text(cols.records, y + 15, `${approx}${formatCount(row.records)}`, { "font-size": 12, fill: INK, "text-anchor": "end" });
    svg += text(cols.total, y + 15, `${approx}${formatBytes(row.totalBytes)}`, { "font-size": 12, fill: INK, "text-anchor": "end" });
    const aliveText = row.alive === 0 ? "none" : row.alive === row.records ? `all ${approx}${formatCount(row.alive)}` : `${approx}${formatCount(row.alive)}`;
    svg += text(cols.alive, y + 15, aliveText, { "font-size": 12, fill: row.alive > 0 ? "#C62828" : MUTED, "text-anchor": "end", "font-weight": row.alive > 0 ? 600 : 400 });
    svg += `</g>`;
  });
  const tableHeight = top + 20 + rows.length * rowHeight;
  if (precise === null) return { svg, height: tableHeight };
  const lines = precisionLines(model.summary.precision ?? null);
  lines.forEach((line, i) => {
    svg += text(0, tableHeight + 20 + i * 16, truncate(line, CONTENT, 12), { "font-size": 12, fill: i === 0 ? INK : MUTED });
  });
  return { svg, height: tableHeight + 8 + lines.length * 16 };
}

// ------------------------------------------------------------ precise mode cells

function preciseRowCells(cell: PreciseCell | undefined, exactX: number, retainedX: number, y: number): string {
  const value = (bytes: number | null | undefined): string => (bytes === null || bytes === undefined ? "n/a" : formatBytes(bytes));
  const style = (bytes: number | null | undefined) => ({ "font-size": 12, fill: bytes == null ? FAINT : INK, "text-anchor": "end" });
  return text(exactX, y, value(cell?.self), style(cell?.self)) + text(retainedX, y, value(cell?.retained), style(cell?.retained));
}

function preciseTooltip(cell: PreciseCell | undefined, category: string): string {
  if (category === "string" && (!cell || cell.self === null)) return "exact size: not measured (precise mode measures objects, not strings)";
  if (!cell || cell.self === null) return "exact size: not measured (collected before export, or not found in the heap snapshot)";
  const retained = cell.retained === null ? "n/a" : formatBytes(cell.retained);
  return `exact self size ${formatBytes(cell.self)}, retained ${retained} (V8 heap snapshot)`;
}

/** The estimator's error against the exact sizes, in one or two lines under the table. */
export function precisionLines(precision: PrecisionSummary | null): string[] {
  if (precision === null) {
    return ["Precise mode measured no object: every tracked object was collected before export or could not be found in the heap snapshot."];
  }
  const groups = precision.by_subcategory
    .slice(0, 5)
    .map((g) => `${g.subcategory} ${formatPercent(g.mean_absolute_percentage_error)} (${formatCount(g.measured)})`);
  return [
    `Estimator vs exact self size (V8 heap snapshot) over ${formatCount(precision.measured)} live objects: ` +
      `estimated ${formatBytes(precision.estimated_bytes)}, exact ${formatBytes(precision.precise_self_bytes)} ` +
      `(${formatSignedPercent(precision.total_error_percent)}), mean absolute error ${formatPercent(precision.mean_absolute_percentage_error)}; ` +
      `retained ${formatBytes(precision.precise_retained_bytes)}.`,
    `By subcategory (mean absolute error, objects): ${groups.join(", ")}. Estimates count owned backing stores (elements, hash tables), which V8 counts as separate objects; n/a = not measured (strings, objects collected before export).`,
  ];
}

// ------------------------------------------------------------------------- leaks

/** A candidate's bytes as every report shows them: ≈ when extrapolated, the retained size first in precise mode. */
export function leakBytesText(leak: Pick<LeakCandidate, "bytes" | "retained_bytes" | "extrapolated">): string {
  const approx = leak.extrapolated ? "≈" : "";
  if (leak.retained_bytes === undefined) return `${approx}${formatBytes(leak.bytes)}`;
  return `${approx}${formatBytes(leak.retained_bytes)} retained (estimate ${approx}${formatBytes(leak.bytes)})`;
}

function leaksSection(model: AnalysisModel): Block {
  const leaks = model.leaks;
  const more = model.leakCount - leaks.length;
  let svg = sectionTitle("Leak and growth candidates", model.leakCount ? `${formatCount(model.leakCount)} found${more > 0 ? `, largest ${leaks.length} shown` : ""}` : "");
  const top = 40;
  if (leaks.length === 0) {
    svg += emptyState(top, CONTENT, 70, "No leak or growth candidates", "no object outlived its scope past the threshold, no collection kept growing across samples");
    return { svg, height: top + 70 };
  }
  let y = top;
  for (const leak of leaks) {
    const lines = wrap(reasonWithoutHolder(leak.reason, leak.retainer_path), CONTENT - 300, 12, 3);
    const holder = leak.retainer_path && leak.retainer_path.length > 0 ? leak.retainer_path.join(" → ") : null;
    const height = 46 + lines.length * 16 + (holder === null ? 0 : 18);
    const growth = leak.kind === "unbounded_growth";
    const accent = growth ? "#EF6C00" : "#C62828";
    svg += `<g transform="translate(0,${n(y)})">`;
    svg += el("rect", { width: CONTENT, height, rx: 8, fill: CARD, stroke: RULE });
    svg += el("rect", { width: 4, height: height - 16, x: 0, y: 8, rx: 2, fill: accent });
    svg += text(16, 22, growth ? "UNBOUNDED GROWTH" : "OUTLIVED SCOPE", { "font-size": 11, "font-weight": 700, fill: accent, "letter-spacing": 0.5 });
    const head = truncate(leak.variable_name, 360, 14);
    svg += text(158, 22, head, { "font-size": 14, "font-weight": 700, fill: INK });
    const headWidth = Math.min(360, head.length * 8.2) + 12;
    svg += `<g>${title(leak.type_name)}${text(158 + headWidth, 22, truncate(`${leak.type_name}`, 480, 12, true), { "font-size": 12, fill: MUTED, "font-family": MONO })}</g>`;
    svg += text(CONTENT - 16, 22, leakBytesText(leak), { "font-size": 14, "font-weight": 700, fill: INK, "text-anchor": "end" });
    svg += text(CONTENT - 16, 40, truncateStart(`${leak.file}:${leak.line}`, 260, 11), { "font-size": 11, fill: MUTED, "font-family": MONO, "text-anchor": "end" });
    lines.forEach((line, i) => {
      svg += text(16, 44 + i * 16, line, { "font-size": 12, fill: INK });
    });
    if (holder !== null) {
      const shown = truncate(holder, CONTENT - 40, 11, true);
      svg += `<g>${title(`held by ${holder}`)}`;
      svg += text(16, 46 + lines.length * 16, shown, { "font-size": 11, fill: accent, "font-family": MONO });
      svg += `</g>`;
    }
    svg += `</g>`;
    y += height + 8;
  }
  if (more > 0) {
    svg += text(0, y + 12, `+ ${formatCount(more)} more candidates in the snapshot JSON (leaks)`, { "font-size": 12, fill: MUTED });
    y += 20;
  }
  return { svg, height: y - 8 };
}

/** Says why values were counted per site instead of recorded: hot-site sampling, the record cap, or both. */
function foldedNote(dropped: number, sampled: number, weighted: boolean): string {
  const capped = dropped - sampled;
  const causes = [
    sampled > 0 ? `${formatCount(sampled)} by hot-site sampling` : "",
    capped > 0 ? `${formatCount(capped)} past the record cap` : "",
  ].filter(Boolean);
  const counted = weighted
    ? "the sampled ones count in every figure through the kept records that stand for them (≈)" + (capped > 0 ? "; those past the cap in sites and density only" : "")
    : "they count in sites and density, not in the other metrics";
  return `${formatCount(dropped)} values were counted per site instead of recorded one by one (${causes.join(", ")}): ${counted}.`;
}

/** Which declarations only name existing values (reads, string literals): they add no bytes anywhere. */
function nameSitesNote(rows: AnalysisModel["nameSites"], total: number): string {
  const shown = rows.map((r) => `${r.name} (${r.file}:${r.line}, ${formatCount(r.registrations)}×)`).join(", ");
  const more = total > rows.length ? ` and ${formatCount(total - rows.length)} more` : "";
  return `${formatCount(total)} declaration${total === 1 ? "" : "s"} only read existing values (no new bytes, never a leak candidate): ${shown}${more}.`;
}

function footer(model: AnalysisModel): Block {
  const notes = [
    "Every figure is measured or computed from recorded data; n/a marks what was not measured.",
    model.droppedRecords > 0 ? foldedNote(model.droppedRecords, model.sampledRecords, model.summary.sampling != null) : "No records were dropped.",
  ];
  if (model.summary.sampling) {
    notes.push(
      `≈ marks extrapolated figures: ${formatCount(model.summary.sampling.weighted_records)} records kept 1 in N by hot-site sampling each count for the N values they stand for (active memory ±${formatBytes(model.summary.sampling.active_memory_margin_bytes)} at 95%).`,
    );
  } else if (model.sampledRecords > 0) notes.push("≈ marks bytes extrapolated for sampled-out values: their count times the mean size of the site's sampled records.");
  if (model.nameSites.length > 0) notes.push(nameSitesNote(model.nameSites, model.nameSiteCount));
  notes.push(...runtimeCounterNotes(model.runtimeCounters), ...model.exportNotes);
  // A note can be long (an export note carries an error message): wrapped to the content width.
  const lines = notes.flatMap((note) => wrap(note, CONTENT, 11, 4));
  return { svg: lines.map((line, i) => text(0, 12 + i * 16, line, { "font-size": 11, fill: FAINT })).join(""), height: 12 + lines.length * 16 };
}
