/**
 * Treemap that zooms: category → subcategory → type → declaration. The view shows the
 * focused node's children and, inside each, its children; a node's largest members get
 * tiles and the rest one "(N others)" tile that opens into them. d3-hierarchy lays it
 * out (render/svg/treemap-layout.ts, the analysis SVG's layout). The route keeps the path:
 * #treemap/0/2/o24 = first category, its third child, that child's members from the 25th.
 */
import type { HierarchyNode } from "../../../format/snapshot.js";
import { formatBytes, formatCount, formatPercent } from "../../units.js";
import { categoryColor, inkOn, shade } from "../../draw/kit.js";
import { layoutTreemap } from "../../draw/analysis/treemap-layout.js";
import type { TreeNode } from "../model.js";
import type { Report } from "./data.js";
import { clear, h, link } from "./dom.js";
import { siteHref } from "./common.js";

const SHOWN = 14;
const INNER = 10;
const LEVELS = ["all tracked memory", "category", "subcategory", "type", "declaration"];

interface Focus {
  node: TreeNode;
  /** Members shown start here (an "others" tile opened). */
  from: number;
  depth: number;
  label: string;
  href: string;
  category: string;
}

const isLeaf = (node: TreeNode): node is [number, number, number] => node.length === 3;
const childrenOf = (node: TreeNode): TreeNode[] => (isLeaf(node) ? [] : node[3]);

const extrapolatedCache = new WeakMap<TreeNode, boolean>();

/** Whether a node's figures count hot-site samples for the values they stand for (≈): any declaration under it does. */
function extrapolatedOf(report: Report, node: TreeNode): boolean {
  if (isLeaf(node)) return report.sites[node[0]]?.extrapolated === true;
  let known = extrapolatedCache.get(node);
  if (known === undefined) {
    known = childrenOf(node).some((child) => extrapolatedOf(report, child));
    extrapolatedCache.set(node, known);
  }
  return known;
}

const approx = (yes: boolean | undefined): string => (yes ? "≈" : "");

function nameOf(report: Report, node: TreeNode): string {
  if (isLeaf(node)) {
    const site = report.sites[node[0]];
    return site ? `${site.name} :${site.line}` : "(unknown declaration)";
  }
  return report.str(node[0]);
}

/** Follows a route path from the root; stops at the first segment that does not resolve. */
export function resolvePath(report: Report, segments: string[]): Focus[] {
  const trail: Focus[] = [{ node: report.tree, from: 0, depth: 0, label: "all tracked memory", href: "#treemap", category: "" }];
  let href = "#treemap";
  for (const segment of segments) {
    const current = trail[trail.length - 1] as Focus;
    const members = childrenOf(current.node);
    if (segment.startsWith("o")) {
      const from = Number(segment.slice(1));
      if (!Number.isInteger(from) || from <= current.from || from >= members.length) break;
      href += `/${segment}`;
      trail.push({ ...current, from, label: `(${formatCount(members.length - from)} others)`, href });
      continue;
    }
    const at = Number(segment);
    const child = members[at];
    if (!Number.isInteger(at) || !child || isLeaf(child)) break;
    href += `/${segment}`;
    trail.push({ node: child, from: 0, depth: current.depth + 1, label: nameOf(report, child), href, category: current.depth === 0 ? nameOf(report, child) : current.category });
  }
  return trail;
}

/** The display tree for one focus: its members (SHOWN largest + others), each with INNER of its own. */
function displayTree(report: Report, focus: Focus, total: number): { root: HierarchyNode; targets: Map<HierarchyNode, string> } {
  const targets = new Map<HierarchyNode, string>();
  const members = childrenOf(focus.node);
  const group = (node: TreeNode, href: string, limit: number, withChildren: boolean, category: string): HierarchyNode => {
    const out: HierarchyNode = { level: "type", name: nameOf(report, node), bytes: node[1], count: node[2], percent_of_parent: 0, percent_of_total: total > 0 ? (node[1] / total) * 100 : 0 };
    (out as HierarchyNode & { category?: string }).category = category;
    if (extrapolatedOf(report, node)) out.extrapolated = true;
    targets.set(out, isLeaf(node) ? siteHref(node[0]) : href);
    if (withChildren && !isLeaf(node)) out.children = fold(childrenOf(node), 0, href, limit, false, category);
    return out;
  };
  const fold = (list: TreeNode[], from: number, base: string, limit: number, withChildren: boolean, category: string): HierarchyNode[] => {
    const nodes: HierarchyNode[] = [];
    const kept = list.length - from > limit + 1 ? limit : list.length - from;
    for (let i = 0; i < kept; i++) {
      const node = list[from + i] as TreeNode;
      if (node[1] <= 0) continue;
      nodes.push(group(node, `${base}/${from + i}`, INNER, withChildren, category || (focus.depth === 0 && withChildren ? nameOf(report, node) : category)));
    }
    if (from + kept < list.length) {
      const rest = list.slice(from + kept);
      const bytes = rest.reduce((sum, node) => sum + node[1], 0);
      const others: HierarchyNode = { level: "type", name: `(${formatCount(rest.length)} others)`, bytes, count: rest.reduce((sum, node) => sum + node[2], 0), percent_of_parent: 0, percent_of_total: total > 0 ? (bytes / total) * 100 : 0 };
      (others as HierarchyNode & { category?: string; others?: boolean }).category = category;
      (others as HierarchyNode & { others?: boolean }).others = true;
      if (rest.some((node) => extrapolatedOf(report, node))) others.extrapolated = true;
      targets.set(others, `${base}/o${from + kept}`);
      if (bytes > 0) nodes.push(others);
    }
    return nodes;
  };
  const root: HierarchyNode = { level: "root", name: focus.label, bytes: 0, count: 0, percent_of_parent: 100, percent_of_total: 100 };
  root.children = fold(members, focus.from, focus.href.replace(/\/o\d+$/, ""), SHOWN, true, focus.category);
  root.bytes = root.children.reduce((sum, node) => sum + node.bytes, 0);
  return { root, targets };
}

export function treemapView(report: Report, segments: string[]): HTMLElement {
  const trail = resolvePath(report, segments);
  const focus = trail[trail.length - 1] as Focus;
  const total = report.tree[1];
  const view = h("div", { class: "view treemap-view" });
  const crumbs = h("nav", { class: "crumbs", ariaLabel: "Treemap path" });
  trail.forEach((step, at) => {
    if (at > 0) crumbs.appendChild(h("span", { class: "sep" }, "›"));
    crumbs.appendChild(at === trail.length - 1 ? h("span", { class: "crumb current" }, step.label) : link(step.href, step.label, "crumb"));
  });
  const level = LEVELS[Math.min(focus.depth + 1, LEVELS.length - 1)] as string;
  view.appendChild(
    h(
      "div",
      { class: "panel" },
      crumbs,
      h(
        "p",
        { class: "quiet" },
        `${approx(extrapolatedOf(report, focus.node))}${formatBytes(focus.node[1])} in ${approx(extrapolatedOf(report, focus.node))}${formatCount(focus.node[2])} objects · ${formatPercent(total > 0 ? (focus.node[1] / total) * 100 : 0)} of all tracked memory · tiles by ${level}, ${report.model.treeMeasure === "precise_exclusive" ? "area ∝ exact retained bytes (precise mode), each byte counted once, under the nearest tracked object holding it" : "area ∝ bytes, each object counted once"}. Click a tile to zoom in, a declaration to open it, a breadcrumb to zoom out.`,
      ),
    ),
  );
  const box = h("div", { class: "treemap", role: "group", ariaLabel: "Treemap" });
  view.appendChild(h("div", { class: "panel" }, box));
  const { root, targets } = displayTree(report, focus, total);

  const draw = (): void => {
    clear(box);
    const width = Math.max(320, box.clientWidth || 1100);
    const height = Math.round(Math.min(620, Math.max(360, width * 0.52)));
    box.style.height = `${height}px`;
    const tiles = layoutTreemap(root, width, height);
    if (tiles.length === 0) {
      box.appendChild(h("div", { class: "empty-box" }, "No tracked bytes here."));
      return;
    }
    let outerIndex = -1;
    // The layout lists tiles level by level: find an inner tile's group by position.
    const groups = tiles.filter((tile) => tile.depth === 1 && !tile.isLeaf);
    const alongGroupTop = (tile: (typeof tiles)[number]): boolean =>
      groups.some((group) => Math.abs(group.y0 - tile.y0) < 1 && tile.x0 >= group.x0 - 0.5 && tile.x0 < group.x1);
    for (const tile of tiles) {
      if (tile.depth === 1) outerIndex++;
      const node = tile.node as HierarchyNode & { category?: string; others?: boolean };
      const category = node.category || (focus.depth === 0 ? node.name : focus.category);
      const w = tile.x1 - tile.x0;
      const ht = tile.y1 - tile.y0;
      const base = categoryColor(category);
      const fill = node.others ? "#CBD2D9" : shade(base, tile.depth === 1 ? 0.12 * (outerIndex % 4) : 0.18 + 0.1 * (tile.index % 5));
      const target = targets.get(tile.node) ?? "";
      const outer = tile.depth === 1;
      const hasInner = outer && !tile.isLeaf;
      const element = h("a", {
        class: `tile depth${tile.depth}${hasInner ? " group" : ""}${node.others ? " others" : ""}`,
        href: target,
        title: `${tile.path.join(" › ")}\n${approx(node.extrapolated)}${formatBytes(node.bytes)} · ${approx(node.extrapolated)}${formatCount(node.count)} objects · ${formatPercent(node.percent_of_total)} of all tracked memory${node.extrapolated ? "\n≈: hot-site samples count for the values they stand for" : ""}${node.others ? "\nclick to open these members" : ""}`,
        style: { left: `${tile.x0}px`, top: `${tile.y0}px`, width: `${Math.max(0, w)}px`, height: `${Math.max(0, ht)}px`, background: hasInner ? "transparent" : fill, color: inkOn(fill) },
      });
      if ((hasInner && w > 50 && ht > 18) || (!hasInner && w > 46 && ht > 30)) {
        element.appendChild(h("span", { class: "tile-name" }, node.name));
        if (!hasInner && ht > 44) element.appendChild(h("span", { class: "tile-bytes" }, approx(node.extrapolated) + formatBytes(node.bytes)));
        if (hasInner) element.appendChild(h("span", { class: "tile-bytes" }, ` ${approx(node.extrapolated)}${formatBytes(node.bytes)}`));
      }
      if (hasInner) element.style.borderColor = shade(base, -0.25);
      // Inner tiles along their group's top edge keep their label clear of the group's.
      else if (tile.depth === 2 && alongGroupTop(tile)) element.classList.add("under-label");
      box.appendChild(element);
    }
  };
  requestAnimationFrame(draw);
  new ResizeObserver(() => draw()).observe(box);

  // The same members as a list, with exact figures.
  const members = childrenOf(focus.node);
  const table = h("table", { class: "plain" });
  table.appendChild(h("tr", null, h("th", null, level), h("th", { class: "right" }, "bytes"), h("th", { class: "right" }, "objects"), h("th", { class: "right" }, "of parent")));
  const shownMembers = members.slice(focus.from, focus.from + 200);
  shownMembers.forEach((member, i) => {
    const at = focus.from + i;
    const href = isLeaf(member) ? siteHref(member[0]) : `${focus.href.replace(/\/o\d+$/, "")}/${at}`;
    table.appendChild(
      h(
        "tr",
        null,
        h("td", null, link(href, nameOf(report, member))),
        h("td", { class: "right" }, approx(extrapolatedOf(report, member)) + formatBytes(member[1])),
        h("td", { class: "right" }, approx(extrapolatedOf(report, member)) + formatCount(member[2])),
        h("td", { class: "right" }, formatPercent(focus.node[1] > 0 ? (member[1] / focus.node[1]) * 100 : 0)),
      ),
    );
  });
  const listPanel = h("div", { class: "panel" }, h("h2", null, `Members (${formatCount(members.length - focus.from)})`), table);
  if (members.length - focus.from > 200) listPanel.appendChild(h("p", { class: "quiet" }, `+ ${formatCount(members.length - focus.from - 200)} more: open the "(others)" tile, or use the Declarations view.`));
  view.appendChild(listPanel);
  return view;
}
