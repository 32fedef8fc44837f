/**
 * `<name>_lifecycle_timeline.svg`: up to ten scope matrices, largest first. Each row
 * is one record: a lifetime bar on the run's real time axis (created → scope exit →
 * collected, open-ended to export when still alive) and a size bar relative to the
 * largest record of its scope. Relation lines (alias, move, clone) join rows in a
 * gutter on the right. Pure: TimelineModel → SVG text.
 */
import type { RelationKind } from "../../../format/snapshot.js";
import { formatBytes, formatCount, formatEnUs, formatDuration } from "../../units.js";
import type { LifetimeRow, ScopeMatrix, TimelineModel } from "./model.js";
import { CARD, FAINT, INK, MONO, MUTED, RULE, el, n, niceTicks, svgDocument, text, textWidth, title, truncate } from "../kit.js";
import { SUBCATEGORY_FAMILIES, subcategoryFamily, type SubcategoryFamily } from "../../../format/categories.js";

const WIDTH = 1400;
const MARGIN = 32;
const CONTENT = WIDTH - 2 * MARGIN;
/** Scope cards leave a gutter on the right where relation lines run, clear of any text. */
const CARD_WIDTH = CONTENT - 40;
const ROW = 26;

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
  for (const [kind, style] of Object.entries(RELATION_STYLES)) {
    defs += `<marker id="arrow-${kind}" viewBox="0 0 8 8" refX="7" refY="4" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M0 0L8 4L0 8z" fill="${style.color}"/></marker>`;
  }
  return defs;
}

/** Column geometry inside a scope card. */
const COL = {
  name: 16,
  type: 236,
  size: 452,
  sizeBar: 118,
  life: 700,
  lifeEnd: CARD_WIDTH - 60,
  gutter: CARD_WIDTH + 6,
};

interface RowPosition {
  y: number;
}

export function renderTimelineSvg(model: TimelineModel): string {
  const f = model.facts;
  let body = "";
  let y = MARGIN;
  body += text(MARGIN, y + 26, truncate(`Lifecycle timeline · ${f.name}`, CONTENT, 26), { "font-size": 26, "font-weight": 700, fill: INK });
  const scopeCount = model.scopes.length + model.otherScopes.scopes;
  const subtitle = [
    `${formatCount(scopeCount)} scope${scopeCount === 1 ? "" : "s"} with tracked memory`,
    `${formatCount(model.totalRecords)} record${model.totalRecords === 1 ? "" : "s"}, ${formatBytes(model.totalBytes)}`,
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
    body += text(CONTENT / 2, 88, `nothing was registered during the ${formatDuration(f.durationMs)} run before export`, { "font-size": 12, fill: FAINT, "text-anchor": "middle" });
    body += `</g>`;
    y += 140;
  }

  const positions = new Map<number, RowPosition>();
  for (const scope of model.scopes) {
    const block = scopeBlock(scope, f.durationMs, y, positions);
    body += `<g transform="translate(${MARGIN},${n(y)})">${block.svg}</g>\n`;
    y += block.height + 18;
  }
  body += relationLines(model, positions);
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
  for (const [kind, style] of Object.entries(RELATION_STYLES)) {
    svg += el("line", { x1: x, x2: x + 28, y1: y + 5, y2: y + 5, stroke: style.color, "stroke-width": 2, "stroke-dasharray": style.dash, "marker-end": `url(#arrow-${kind})` });
    svg += text(x + 36, y + 9, style.label, { "font-size": 12, fill: INK });
    x += 36 + textWidth(style.label, 12) + 26;
  }
  return { svg, height: y + 12 };
}

function scopeBlock(scope: ScopeMatrix, exportTime: number, top: number, positions: Map<number, RowPosition>): { svg: string; height: number } {
  const tMax = Math.max(exportTime, 1, ...scope.rows.map((r) => Math.max(r.created, r.scopeExit ?? 0, r.collected ?? 0)));
  const lifeWidth = COL.lifeEnd - COL.life;
  const xOf = (t: number): number => COL.life + (Math.min(Math.max(t, 0), tMax) / tMax) * lifeWidth;
  const headerHeight = 58;
  const axisHeight = 22;
  const moreHeight = scope.moreRows > 0 ? 24 : 0;
  const height = headerHeight + axisHeight + scope.rows.length * ROW + moreHeight + 10;
  let svg = el("rect", { width: CARD_WIDTH, height, rx: 10, fill: CARD, stroke: RULE });

  // Header: who, where, how much, how often, how long.
  const where = scope.file ? `${scope.file}:${scope.line}` : "";
  svg += `<g>${title(`${scope.label}${where ? ` (${where})` : ""}`)}`;
  svg += text(16, 26, truncate(scope.label, 640, 17), { "font-size": 17, "font-weight": 700, fill: INK });
  svg += `</g>`;
  svg += text(CARD_WIDTH - 16, 26, formatBytes(scope.bytes), { "font-size": 17, "font-weight": 700, fill: INK, "text-anchor": "end" });
  const durations =
    scope.avgDurationMs === null
      ? scope.invocations === null
        ? "no scope record"
        : "never exited before export"
      : `avg ${formatDuration(scope.avgDurationMs)} (min ${formatDuration(scope.minDurationMs)}, max ${formatDuration(scope.maxDurationMs)})`;
  const stats = [
    `${formatCount(scope.variables)} variable${scope.variables === 1 ? "" : "s"}`,
    `${formatCount(scope.records)} record${scope.records === 1 ? "" : "s"}`,
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
  svg += text(COL.name, axisY, "VARIABLE", head) + text(COL.type, axisY, "TYPE", head) + text(COL.size, axisY, "SIZE / LARGEST IN SCOPE", head);
  for (const t of niceTicks(tMax, 6)) {
    const x = xOf(t);
    svg += el("line", { x1: x, x2: x, y1: headerHeight + axisHeight - 2, y2: height - moreHeight - 8, stroke: "#EEF1F5" });
    svg += text(x, axisY, formatDuration(t), { "font-size": 10.5, fill: MUTED, "text-anchor": t === 0 ? "start" : "middle" });
  }
  const exportX = xOf(exportTime);
  svg += el("line", { x1: exportX, x2: exportX, y1: headerHeight + axisHeight - 4, y2: height - moreHeight - 8, stroke: "#C62828", "stroke-width": 1, "stroke-dasharray": "3 3", opacity: 0.6 });

  scope.rows.forEach((row, i) => {
    const y = headerHeight + axisHeight + i * ROW;
    positions.set(row.id, { y: top + y + ROW / 2 });
    svg += rowSvg(row, i, y, scope.largestBytes, exportTime, xOf);
  });
  if (scope.moreRows > 0) {
    const y = headerHeight + axisHeight + scope.rows.length * ROW + 16;
    svg += text(COL.name, y, `+ ${formatCount(scope.moreRows)} more record${scope.moreRows === 1 ? "" : "s"} in this scope (${formatBytes(scope.moreBytes)}), smaller than those shown`, {
      "font-size": 12,
      fill: MUTED,
    });
  }
  return { svg, height };
}

function rowSvg(row: LifetimeRow, index: number, y: number, largest: number, exportTime: number, xOf: (t: number) => number): string {
  const key = gradientKey(row.category, row.subcategory);
  const fill = `url(#grad-${key})`;
  const mid = y + ROW / 2;
  const end = row.collected ?? (row.category === "string" ? row.scopeExit : null);
  const life =
    `created at ${formatDuration(row.created)}` +
    (row.scopeExit === null ? ", scope still open at export" : `, scope exit at ${formatDuration(row.scopeExit)}`) +
    (row.collected !== null
      ? `, collected at ${formatDuration(row.collected)}`
      : row.category === "string"
        ? row.scopeExit === null
          ? ", alive at export"
          : " (strings end at scope exit)"
        : ", still alive at export");
  const shared = row.sharedObject ? "\nthe same object as another tracked variable (see the relation lines): its bytes count there" : "";
  let svg = `<g>${title(`#${row.id} ${row.name}: ${row.type}\n${row.file}:${row.line}\n${formatBytes(row.bytes)} (${formatEnUs(row.bytes)} B)\n${life}${shared}`)}`;
  if (index % 2 === 0) svg += el("rect", { x: 8, y, width: CARD_WIDTH - 16, height: ROW, fill: "#F6F8FA" });
  svg += text(COL.name, mid + 4.5, truncate(row.name, COL.type - COL.name - 12, 13), { "font-size": 13, "font-weight": 600, fill: INK });
  svg += text(COL.type, mid + 4, truncate(row.type, COL.size - COL.type - 14, 11, true), { "font-size": 11, fill: MUTED, "font-family": MONO });

  // Size relative to the scope's largest record.
  const ratio = largest > 0 ? row.bytes / largest : 0;
  svg += el("rect", { x: COL.size, y: mid - 5, width: COL.sizeBar, height: 10, rx: 5, fill: "#E9EDF2" });
  svg += el("rect", { x: COL.size, y: mid - 5, width: Math.max(ratio > 0 ? 3 : 0, COL.sizeBar * ratio), height: 10, rx: 5, fill });
  svg += text(COL.size + COL.sizeBar + 8, mid + 4, `${formatBytes(row.bytes)} / ${formatBytes(largest)}`, { "font-size": 11, fill: INK });

  // Lifetime: in scope (solid), after scope exit (faded, hatched), open end when alive.
  const start = xOf(row.created);
  const scopeEnd = row.scopeExit === null ? null : xOf(row.scopeExit);
  const finish = end === null ? xOf(exportTime) : xOf(end);
  const solidEnd = Math.max(start + 2, scopeEnd ?? finish);
  svg += el("rect", { x: start, y: mid - 5, width: Math.max(2, Math.min(solidEnd, Math.max(finish, start + 2)) - start), height: 10, rx: 2, fill });
  if (scopeEnd !== null && finish > scopeEnd + 0.5) {
    svg += el("rect", { x: scopeEnd, y: mid - 5, width: finish - scopeEnd, height: 10, rx: 2, fill, opacity: 0.38 });
    svg += el("rect", { x: scopeEnd, y: mid - 5, width: finish - scopeEnd, height: 10, rx: 2, fill: "url(#after-scope)" });
    svg += el("line", { x1: scopeEnd, x2: scopeEnd, y1: mid - 7, y2: mid + 7, stroke: INK, "stroke-width": 1.2 });
  }
  if (end === null) {
    svg += el("path", { d: `M${n(finish)} ${n(mid - 6)}L${n(finish + 6)} ${n(mid)}L${n(finish)} ${n(mid + 6)}z`, fill: "#C62828" });
  } else if (row.collected !== null) {
    svg += el("circle", { cx: finish, cy: mid, r: 3, fill: "#FFFFFF", stroke: INK, "stroke-width": 1.2 });
  }
  // How long it lived, beside the bar (after it when there is room, else before it).
  const lived = end === null ? `alive ${formatDuration(exportTime - row.created)}` : `lived ${formatDuration(end - row.created)}`;
  const labelWidth = lived.length * 5.9;
  const afterX = Math.max(finish, scopeEnd ?? 0) + (end === null ? 10 : 6);
  if (afterX + labelWidth <= COL.lifeEnd + 4) {
    svg += text(afterX, mid + 3.5, lived, { "font-size": 10, fill: end === null ? "#C62828" : MUTED });
  } else if (start - 6 - labelWidth >= COL.life) {
    svg += text(start - 6, mid + 3.5, lived, { "font-size": 10, fill: end === null ? "#C62828" : MUTED, "text-anchor": "end" });
  }
  svg += `</g>`;
  return svg;
}

function relationLines(model: TimelineModel, positions: Map<number, RowPosition>): string {
  let svg = "";
  const gutterX = MARGIN + COL.gutter;
  model.links.forEach((link, i) => {
    const from = positions.get(link.from);
    const to = positions.get(link.to);
    if (!from || !to) return;
    const style = RELATION_STYLES[link.kind];
    const bulge = 14 + (i % 4) * 9;
    const d =
      from.y === to.y
        ? `M${n(gutterX)} ${n(from.y - 3)}c${bulge} -8 ${bulge} 14 0 6`
        : `M${n(gutterX)} ${n(from.y)}C${n(gutterX + bulge)} ${n(from.y)} ${n(gutterX + bulge)} ${n(to.y)} ${n(gutterX)} ${n(to.y)}`;
    svg += `<g>${title(`${link.kind}: record #${link.from} → #${link.to} at ${formatDuration(link.time)}`)}${el("path", {
      d,
      fill: "none",
      stroke: style.color,
      "stroke-width": 1.6,
      "stroke-dasharray": style.dash,
      "marker-end": `url(#arrow-${link.kind})`,
      opacity: 0.85,
    })}${el("circle", { cx: gutterX, cy: from.y, r: 2.5, fill: style.color })}</g>`;
  });
  return svg;
}
