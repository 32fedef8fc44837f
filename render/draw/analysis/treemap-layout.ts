/**
 * Squarified treemap layout of the memory hierarchy with d3-hierarchy. No padding:
 * every leaf's area is exactly proportional to its bytes; the drawing separates
 * groups with strokes instead, so the picture never lies about sizes.
 */
import { hierarchy, treemap, treemapSquarify, type HierarchyRectangularNode } from "d3-hierarchy";
import type { HierarchyNode } from "../../../format/snapshot.js";

export interface Tile {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
  /** 1 = category, 2 = subcategory, 3 = type, 4 = variable. */
  depth: number;
  node: HierarchyNode;
  /** Names from the category down to this node. */
  path: string[];
  category: string;
  /** Index of this node among its parent's children (for colour variation). */
  index: number;
  isLeaf: boolean;
  value: number;
}

export function layoutTreemap(root: HierarchyNode, width: number, height: number): Tile[] {
  const tree = hierarchy<HierarchyNode>(root, (d) => (d.children && d.children.length > 0 ? d.children : null))
    .sum((d) => (d.children && d.children.length > 0 ? 0 : Math.max(0, d.bytes)))
    .sort((a, b) => (b.value ?? 0) - (a.value ?? 0));
  if (!((tree.value ?? 0) > 0)) return [];
  const laid = treemap<HierarchyNode>().tile(treemapSquarify.ratio(1.4)).size([width, height]).round(false)(tree);
  const tiles: Tile[] = [];
  laid.each((node: HierarchyRectangularNode<HierarchyNode>) => {
    if (node.depth === 0 || !((node.value ?? 0) > 0)) return;
    const path = node
      .ancestors()
      .reverse()
      .slice(1)
      .map((a) => a.data.name);
    tiles.push({
      x0: node.x0,
      y0: node.y0,
      x1: node.x1,
      y1: node.y1,
      depth: node.depth,
      node: node.data,
      path,
      category: path[0] ?? "",
      index: node.parent?.children?.indexOf(node) ?? 0,
      isLeaf: !node.children || node.children.length === 0,
      value: node.value ?? 0,
    });
  });
  return tiles;
}
