import test from "ava";
import fc from "fast-check";
import type { HierarchyNode } from "../../format/snapshot.js";
import { buildSnapshot } from "../../render/index.js";
import { pruneHierarchy } from "../../render/draw/analysis/model.js";
import { layoutTreemap, type Tile } from "../../render/draw/analysis/treemap-layout.js";
import { generateRaw } from "./generate-raw.js";
import { hierarchyOf, record } from "./fixtures.js";

const W = 1336;
const H = 560;
const EPS = 1e-6;

function checkLayout(t: import("ava").ExecutionContext, root: HierarchyNode): void {
  const tiles = layoutTreemap(root, W, H);
  const byPath = new Map<string, Tile>(tiles.map((tile) => [tile.path.join("\u0000"), tile]));
  const leaves = tiles.filter((tile) => tile.isLeaf);
  t.true(leaves.length > 0);
  for (const tile of tiles) {
    t.true(tile.x0 >= -EPS && tile.y0 >= -EPS && tile.x1 <= W + EPS && tile.y1 <= H + EPS, "inside the map");
    const parent = byPath.get(tile.path.slice(0, -1).join("\u0000"));
    if (parent) {
      t.true(
        tile.x0 >= parent.x0 - EPS && tile.y0 >= parent.y0 - EPS && tile.x1 <= parent.x1 + EPS && tile.y1 <= parent.y1 + EPS,
        `${tile.path.join("/")} inside its parent`,
      );
    }
    // Area proportional to bytes, within 1%.
    const expected = (tile.value / root.bytes) * W * H;
    const area = (tile.x1 - tile.x0) * (tile.y1 - tile.y0);
    t.true(Math.abs(area - expected) <= expected * 0.01 + EPS, `${tile.path.join("/")}: area ${area} vs ${expected}`);
    t.is(tile.value, tile.node.bytes);
  }
  // Leaves never overlap (pairwise intersection area is zero).
  for (let i = 0; i < leaves.length; i++) {
    for (let j = i + 1; j < leaves.length; j++) {
      const a = leaves[i]!;
      const b = leaves[j]!;
      const overlap = Math.max(0, Math.min(a.x1, b.x1) - Math.max(a.x0, b.x0)) * Math.max(0, Math.min(a.y1, b.y1) - Math.max(a.y0, b.y0));
      t.true(overlap < 1e-6, `${a.path.join("/")} overlaps ${b.path.join("/")}`);
    }
  }
  const leafArea = leaves.reduce((s, tile) => s + (tile.x1 - tile.x0) * (tile.y1 - tile.y0), 0);
  t.true(Math.abs(leafArea - W * H) < 1e-3 * W * H, "leaves fill the map");
}

test("treemap of a realistic snapshot: tiles inside parents, no overlap, area ∝ bytes", (t) => {
  const snapshot = buildSnapshot(generateRaw({ records: 3000, seed: 5 }));
  checkLayout(t, pruneHierarchy(snapshot.memory_hierarchy, 8));
  checkLayout(t, snapshot.memory_hierarchy);
});

test("treemap invariants hold for arbitrary record sets (property)", (t) => {
  const recordArb = fc.record({
    size: fc.integer({ min: 1, max: 5_000_000 }),
    site: fc.integer({ min: 0, max: 40 }),
    category: fc.constantFrom("collection", "string", "box", "dynamic" as const),
    type: fc.constantFrom("A", "B", "C<T>", "D[]"),
  });
  fc.assert(
    fc.property(fc.array(recordArb, { minLength: 1, maxLength: 120 }), (specs) => {
      const root = hierarchyOf(
        specs.map((s) => record({ size_bytes: s.size, site_id: s.site, category: s.category, subcategory: s.category, type_name: s.type })),
      );
      let ok = true;
      const inner = {
        true: (v: boolean) => {
          if (!v) ok = false;
        },
        is: (a: unknown, b: unknown) => {
          if (a !== b) ok = false;
        },
      } as unknown as import("ava").ExecutionContext;
      checkLayout(inner, pruneHierarchy(root, 8));
      return ok;
    }),
    { numRuns: 60 },
  );
  t.pass("60 random hierarchies laid out correctly");
});

test("an empty or all-zero hierarchy lays out to no tiles", (t) => {
  t.deepEqual(layoutTreemap(hierarchyOf([]), W, H), []);
  t.deepEqual(layoutTreemap(hierarchyOf([record({ size_bytes: 0 })]), W, H), []);
});
