/**
 * `<name>_lifecycle_timeline.svg`: up to ten scope cards, largest first. Each row is
 * one declaration: its records' lifetimes as one strip on the run's real time axis
 * (created → scope exit → collected, open-ended to export when still alive), their
 * count and size range, and its bytes against the largest declaration of the scope.
 * Relations (alias, move, clone) are listed inside the card they belong to, never
 * drawn across cards. Pure: TimelineModel → SVG text.
 */
import type { RelationKind } from "../../../format/snapshot.js";
import { formatBytes, formatCount, formatEnUs, formatDuration } from "../../units.js";
import type { CardRelation, DeclarationLane, ScopeLanes, ScopeMatrix, TimelineModel } from "./model.js";
import { CARD, FAINT, INK, MONO, MUTED, RULE, el, n, niceTicks, svgDocument, text, textWidth, title, truncate } from "../kit.js";
import { SUBCATEGORY_FAMILIES, subcategoryFamily, type SubcategoryFamily } from "../../../format/categories.js";

const WIDTH = 1400;
const MARGIN = 32;
const CONTENT = WIDTH - 2 * MARGIN;
const CARD_WIDTH = CONTENT;
const ROW = 28;
const RELATION_ROW = 20;

/** The bars' gradients: one per subcategory family (format/categories.ts). */
export const TYPE_GRADIENTS = SUBCATEGORY_FAMILIES;
export type GradientKey = SubcategoryFamily;
export const gradientKey = subcategoryFamily;

const RELATION_STYLES: Record<RelationKind, { color: string; dash: string | null; label: string }> = {
  alias: { color: "#8E24AA", dash: null, label: "alias (same object, second name)" },
  move: { color: "#37474F", dash: "6 3", label: "move (ownership left the scope)" },
  clone: { color: "#2E7D32", dash: "2 3", label: "clone (copied from)" },
};

function gradientDefs(): string {
  let defs = "";
  for (const [key, g] of Object.entries(TYPE_GRADIENTS)) {
    defs += `<linearGradient id="grad-${key}" x1="0" y1="0" x2="1" y2="0"><stop offset="0" stop-color="${g.from}"/><stop offset="1" stop-color="${g.to}"/></linearGradient>`;
  }
  defs += `<pattern id="after-scope" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)"><rect width="6" height="6" fill="#ffffff" fill-opacity="0"/><line x1="0" y1="0" x2="0" y2="6" stroke="#ffffff" stroke-width="2.2" stroke-opacity="0.55"/></pattern>`;
  return defs;
}

/** Column geometry inside a scope card. */
const COL = {
  name: 16,
  type: 236,
  size: 452,
  sizeBar: 118,
  life: 800,
  lifeEnd: CARD_WIDTH - 70,
};

export function renderTimelineSvg(model: TimelineModel): string {
  const f = model.facts;
  let body = "";
  let y = MARGIN;
  body += text(MARGIN, y + 26, truncate(`Lifecycle timeline · ${f.name}`, CONTENT, 26), { "font-size": 26, "font-weight": 700, fill: INK });
  const scopeCount = model.scopes.length + model.otherScopes.scopes;
  const subtitle = [
    `${formatCount(scopeCount)} scope${scopeCount === 1 ? "" : "s"} with tracked memory`,
    `${formatCount(model.totalRecords)} record${model.totalRecords === 1 ? "" : "s"}, ${model.scopes.some((scope) => scope.extrapolated) ? "≈" : ""}${formatBytes(model.totalBytes)}`,
    `run ${formatDuration(f.durationMs)}, time axis from start to export`,
    `relations: ${formatCount(model.relationCounts.alias)} alias, ${formatCount(model.relationCounts.move)} move, ${formatCount(model.relationCounts.clone)} clone`,
  ].join("  ·  ");
  body += text(MARGIN, y + 52, truncate(subtitle, CONTENT, 13), { "font-size": 13, fill: MUTED });
  y += 72;
  const legend = legendBlock();
  body += `<g transform="translate(${MARGIN},${n(y)})">${legend.svg}</g>`;
  y += legend.height + 20;

  if (model.scopes.length === 0) {
    body += `<g transform="translate(${MARGIN},${n(y)})">`;
    body += el("rect", { width: CONTENT, height: 140, rx: 10, fill: CARD, stroke: RULE, "stroke-dasharray": "6 4" });
    body += text(CONTENT / 2, 64, "No scopes with tracked allocations recorded", { "font-size": 15, "font-weight": 600, fill: MUTED, "text-anchor": "middle" });
    body += text(CONTENT / 2, 88, `no tracked binding ran during the ${formatDuration(f.durationMs)} run before export`, { "font-size": 12, fill: FAINT, "text-anchor": "middle" });
    body += `</g>`;
    y += 140;
  }

  model.scopes.forEach((scope, at) => {
    const lanes = model.lanes[at] ?? { lanes: [], moreLanes: 0, moreLanesRecords: 0, moreLanesBytes: 0, relations: [], moreRelations: 0 };
    const block = scopeBlock(scope, lanes, f.durationMs);
    body += `<g transform="translate(${MARGIN},${n(y)})">${block.svg}</g>\n`;
    y += block.height + 18;
  });
  if (model.otherScopes.scopes > 0) {
    const o = model.otherScopes;
    body += text(MARGIN, y + 14, `+ ${formatCount(o.scopes)} other scope${o.scopes === 1 ? "" : "s"}: ${formatBytes(o.bytes)} in ${formatCount(o.records)} records (see the snapshot JSON)`, {
      "font-size": 13,
      fill: MUTED,
      "font-weight": 600,
    });
    y += 30;
  }
  y += MARGIN - 10;
  return svgDocument(WIDTH, y, `memscope lifecycle timeline: ${f.name}`, body, gradientDefs());
}

function legendBlock(): { svg: string; height: number } {
  let svg = "";
  let x = 0;
  for (const [key, g] of Object.entries(TYPE_GRADIENTS)) {
    svg += el("rect", { x, y: 0, width: 26, height: 12, rx: 3, fill: `url(#grad-${key})` });
    svg += text(x + 32, 10, g.label, { "font-size": 12, fill: INK });
    x += 32 + textWidth(g.label, 12) + 22;
  }
  let y = 26;
  x = 0;
  // Lifetime bar anatomy, drawn with the same shapes as the rows.
  svg += el("rect", { x, y, width: 34, height: 10, rx: 2, fill: "url(#grad-array)" });
  svg += text(x + 40, y + 9, "created → scope exit", { "font-size": 12, fill: INK });
  x += 40 + textWidth("created → scope exit", 12) + 26;
  svg += el("rect", { x, y, width: 34, height: 10, rx: 2, fill: "url(#grad-array)", opacity: 0.38 });
  svg += el("rect", { x, y, width: 34, height: 10, rx: 2, fill: "url(#after-scope)" });
  svg += el("circle", { cx: x + 34, cy: y + 5, r: 3, fill: "#FFFFFF", stroke: INK, "stroke-width": 1.2 });
  svg += text(x + 44, y + 9, "after scope exit → collected", { "font-size": 12, fill: INK });
  x += 44 + textWidth("after scope exit → collected", 12) + 26;
  svg += el("rect", { x, y, width: 34, height: 10, rx: 2, fill: "url(#grad-array)", opacity: 0.38 });
  svg += el("path", { d: `M${x + 34} ${y - 1}L${x + 40} ${y + 5}L${x + 34} ${y + 11}z`, fill: "#C62828" });
  svg += text(x + 46, y + 9, "still alive at export", { "font-size": 12, fill: INK });
  x += 46 + textWidth("still alive at export", 12) + 30;
  svg += el("rect", { x, y: y - 1, width: 34, height: 12, fill: "#F3F5F8" });
  for (const k of [0, 1, 2]) svg += el("rect", { x: x + 2 + k * 9, y: y + 1, width: 14, height: 8, rx: 2, fill: "url(#grad-array)", opacity: 0.45 });
  svg += text(x + 40, y + 9, "one row per declaration: its records' lifetimes overlaid", { "font-size": 12, fill: INK });
  x += 40 + textWidth("one row per declaration: its records' lifetimes overlaid", 12) + 26;
  y += 22;
  x = 0;
  svg += text(x, y + 9, "Relations, listed in the card of each end:", { "font-size": 12, fill: MUTED });
  x += textWidth("Relations, listed in the card of each end:", 12) + 14;
  for (const [kind, style] of Object.entries(RELATION_STYLES)) {
    svg += relationBadge(x, y - 1, kind as RelationKind);
    svg += text(x + badgeWidth(kind) + 6, y + 9, style.label.replace(/^\w+ /, ""), { "font-size": 12, fill: INK });
    x += badgeWidth(kind) + 6 + textWidth(style.label.replace(/^\w+ /, ""), 12) + 22;
  }
  return { svg, height: y + 12 };
}

function scopeBlock(scope: ScopeMatrix, card: ScopeLanes, exportTime: number): { svg: string; height: number } {
  const tMax = Math.max(exportTime, 1, ...card.lanes.flatMap((lane) => lane.spans.map((span) => Math.max(span.created, span.scopeExit ?? 0, span.end ?? 0))));
  const lifeWidth = COL.lifeEnd - COL.life;
  const xOf = (t: number): number => COL.life + (Math.min(Math.max(t, 0), tMax) / tMax) * lifeWidth;
  const headerHeight = 58;
  const axisHeight = 22;
  const moreHeight = card.moreLanes > 0 ? 24 : 0;
  const relationLines = card.relations.length + (card.moreRelations > 0 ? 1 : 0);
  const relationsHeight = relationLines > 0 ? 16 + relationLines * RELATION_ROW : 0;
  const rowsBottom = headerHeight + axisHeight + card.lanes.length * ROW;
  const height = rowsBottom + moreHeight + relationsHeight + 10;
  let svg = el("rect", { width: CARD_WIDTH, height, rx: 10, fill: CARD, stroke: RULE });

  // Header: who, where, how much, how often, how long.
  const where = scope.file ? `${scope.file}:${scope.line}` : "";
  svg += `<g>${title(`${scope.label}${where ? ` (${where})` : ""}`)}`;
  svg += text(16, 26, truncate(scope.label, 640, 17), { "font-size": 17, "font-weight": 700, fill: INK });
  svg += `</g>`;
  svg += text(CARD_WIDTH - 16, 26, `${scope.extrapolated ? "≈" : ""}${formatBytes(scope.bytes)}`, { "font-size": 17, "font-weight": 700, fill: INK, "text-anchor": "end" });
  const durations =
    scope.avgDurationMs === null
      ? scope.invocations === null
        ? "no scope record"
        : "never exited before export"
      : `avg ${formatDuration(scope.avgDurationMs)} (min ${formatDuration(scope.minDurationMs)}, max ${formatDuration(scope.maxDurationMs)})`;
  const stats = [
    `${formatCount(scope.variables)} variable${scope.variables === 1 ? "" : "s"}`,
    `${scope.extrapolated ? "≈" : ""}${formatCount(scope.records)} record${scope.records === 1 ? "" : "s"}`,
    scope.invocations === null ? "invocations n/a" : `${formatCount(scope.invocations)} invocation${scope.invocations === 1 ? "" : "s"}`,
    durations,
  ].join("  ·  ");
  const whereText = truncate(where, 520, 12, true);
  svg += text(16, 46, whereText, { "font-size": 12, fill: MUTED, "font-family": MONO });
  svg += text(CARD_WIDTH - 16, 46, truncate(stats, CARD_WIDTH - 60 - whereText.length * 7.4, 12), { "font-size": 12, fill: MUTED, "text-anchor": "end" });

  // Column heads and the time axis.
  const axisY = headerHeight + 14;
  const head = { "font-size": 10.5, fill: FAINT, "font-weight": 700, "letter-spacing": 0.4 };
  svg += el("line", { x1: 16, x2: CARD_WIDTH - 16, y1: headerHeight - 4, y2: headerHeight - 4, stroke: RULE });
  svg += text(COL.name, axisY, "DECLARATION", head) + text(COL.type, axisY, "TYPE", head) + text(COL.size, axisY, "BYTES / LARGEST IN SCOPE · SIZES", head);
  for (const t of niceTicks(tMax, 6)) {
    const x = xOf(t);
    svg += el("line", { x1: x, x2: x, y1: headerHeight + axisHeight - 2, y2: rowsBottom, stroke: "#EEF1F5" });
    svg += text(x, axisY, formatDuration(t), { "font-size": 10.5, fill: MUTED, "text-anchor": t === 0 ? "start" : "middle" });
  }
  const exportX = xOf(exportTime);
  svg += el("line", { x1: exportX, x2: exportX, y1: headerHeight + axisHeight - 4, y2: rowsBottom, stroke: "#C62828", "stroke-width": 1, "stroke-dasharray": "3 3", opacity: 0.6 });

  const largest = Math.max(0, ...card.lanes.map((lane) => lane.bytes));
  card.lanes.forEach((lane, i) => {
    svg += laneSvg(lane, i, headerHeight + axisHeight + i * ROW, largest, exportTime, xOf);
  });
  let y = rowsBottom;
  if (card.moreLanes > 0) {
    y += 16;
    svg += text(COL.name, y, `+ ${formatCount(card.moreLanes)} more declaration${card.moreLanes === 1 ? "" : "s"} in this scope (${formatCount(card.moreLanesRecords)} records, ${formatBytes(card.moreLanesBytes)}), smaller than those shown`, {
      "font-size": 12,
      fill: MUTED,
    });
    y += 8;
  }
  if (relationLines > 0) {
    y += 6;
    svg += el("line", { x1: 16, x2: CARD_WIDTH - 16, y1: y, y2: y, stroke: RULE });
    y += 4;
    for (const relation of card.relations) {
      svg += relationLine(relation, y);
      y += RELATION_ROW;
    }
    if (card.moreRelations > 0) {
      svg += text(COL.name, y + 14, `+ ${formatCount(card.moreRelations)} more relation group${card.moreRelations === 1 ? "" : "s"} (see the HTML report)`, { "font-size": 12, fill: MUTED });
    }
  }
  return { svg, height };
}

function badgeWidth(kind: string): number {
  return textWidth(kind.toUpperCase(), 10) + 14;
}

function relationBadge(x: number, y: number, kind: RelationKind): string {
  const style = RELATION_STYLES[kind];
  return el("rect", { x, y, width: badgeWidth(kind), height: 14, rx: 7, fill: style.color }) + text(x + 7, y + 10.5, kind.toUpperCase(), { "font-size": 10, "font-weight": 700, fill: "#FFFFFF" });
}

const RELATION_VERBS: Record<RelationKind, string> = { alias: "is also held by", move: "moved to", clone: "cloned into" };

function relationLine(relation: CardRelation, y: number): string {
  const end = (name: string, line: number, elsewhere: string | null): string => `${name} :${line}${elsewhere ? ` (in ${elsewhere})` : ""}`;
  const from = end(relation.fromName, relation.fromLine, relation.fromElsewhere);
  const to = end(relation.toName, relation.toLine, relation.toElsewhere);
  const sentence = `${from} ${RELATION_VERBS[relation.kind]} ${to}  × ${formatCount(relation.count)}`;
  return (
    `<g>${title(`${relation.kind}: ${sentence}`)}` +
    relationBadge(COL.name, y + 3, relation.kind) +
    text(COL.name + badgeWidth(relation.kind) + 8, y + 14, truncate(sentence, CARD_WIDTH - COL.name - badgeWidth(relation.kind) - 40, 12), { "font-size": 12, fill: INK }) +
    `</g>`
  );
}

function laneSvg(lane: DeclarationLane, index: number, y: number, largest: number, exportTime: number, xOf: (t: number) => number): string {
  const key = gradientKey(lane.category, lane.subcategory);
  const fill = `url(#grad-${key})`;
  const mid = y + ROW / 2;
  const approx = lane.extrapolated ? "≈" : "";
  const sizes = lane.minBytes === lane.maxBytes ? formatBytes(lane.maxBytes) : `${formatBytes(lane.minBytes)}–${formatBytes(lane.maxBytes)}`;
  const drawn = lane.spans.length < lane.records ? `\n${formatCount(lane.spans.length)} of its ${formatCount(lane.records)} lifetimes drawn (its largest and a spread over time)` : "";
  const shared = lane.shared > 0 ? `\n${formatCount(lane.shared)} of its records hold an object registered first elsewhere: their bytes count there` : "";
  let svg = `<g>${title(`${lane.name}: ${lane.type}\n${lane.file}:${lane.line}\n${approx}${formatCount(lane.records)} record${lane.records === 1 ? "" : "s"}, ${approx}${formatBytes(lane.bytes)} (${formatEnUs(lane.bytes)} B), sizes ${sizes}\n${approx}${formatCount(lane.alive)} alive at export${drawn}${shared}${lane.extrapolated ? "\n≈: hot-site sampling kept 1 in N of these values; each kept one counts for the values it stands for" : ""}`)}`;
  if (index % 2 === 0) svg += el("rect", { x: 8, y, width: CARD_WIDTH - 16, height: ROW, fill: "#F6F8FA" });
  const count = lane.records > 1 ? ` ×${approx}${formatCount(lane.records)}` : "";
  const countWidth = textWidth(count, 11);
  svg += text(COL.name, mid + 4.5, truncate(lane.name, COL.type - COL.name - 16 - countWidth, 13), { "font-size": 13, "font-weight": 600, fill: INK });
  if (count) svg += text(COL.type - 12, mid + 4, count, { "font-size": 11, fill: MUTED, "text-anchor": "end" });
  svg += text(COL.type, mid + 4, truncate(lane.type, COL.size - COL.type - 14, 11, true), { "font-size": 11, fill: MUTED, "font-family": MONO });

  const ratio = largest > 0 ? lane.bytes / largest : 0;
  svg += el("rect", { x: COL.size, y: mid - 5, width: COL.sizeBar, height: 10, rx: 5, fill: "#E9EDF2" });
  svg += el("rect", { x: COL.size, y: mid - 5, width: Math.max(ratio > 0 ? 3 : 0, COL.sizeBar * ratio), height: 10, rx: 5, fill });
  svg += text(COL.size + COL.sizeBar + 8, mid + 4, truncate(`${approx}${formatBytes(lane.bytes)} · ${lane.records > 1 ? `sizes ${sizes}` : sizes}`, COL.life - COL.size - COL.sizeBar - 20, 11), { "font-size": 11, fill: INK });

  // The strip: every drawn lifetime overlaid, fainter the more there are.
  const opacity = lane.spans.length <= 1 ? 1 : Math.max(0.18, Math.min(0.8, 2.4 / lane.spans.length));
  for (const span of lane.spans) {
    const start = xOf(span.created);
    const finish = span.end === null ? xOf(exportTime) : xOf(span.end);
    const scopeEnd = span.scopeExit === null ? finish : Math.min(finish, xOf(span.scopeExit));
    svg += el("rect", { x: start, y: mid - 6, width: Math.max(1.5, scopeEnd - start), height: 12, rx: 2, fill, opacity });
    if (finish > scopeEnd + 0.5) svg += el("rect", { x: scopeEnd, y: mid - 3, width: finish - scopeEnd, height: 6, rx: 1, fill, opacity: opacity * 0.6 });
  }
  if (lane.alive > 0) {
    const x = xOf(exportTime);
    svg += el("path", { d: `M${n(x)} ${n(mid - 6)}L${n(x + 6)} ${n(mid)}L${n(x)} ${n(mid + 6)}z`, fill: "#C62828" });
    svg += text(x + 10, mid + 3.5, `${approx}${formatCount(lane.alive)} alive`, { "font-size": 10, fill: "#C62828" });
  }
  svg += `</g>`;
  return svg;
}
