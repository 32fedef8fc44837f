import test from "ava";
import type { HierarchyNode } from "../../format/snapshot.js";
import { hierarchyOf, record } from "./fixtures.js";

function walk(node: HierarchyNode, visit: (node: HierarchyNode, parent: HierarchyNode | null) => void, parent: HierarchyNode | null = null): void {
  visit(node, parent);
  for (const child of node.children ?? []) walk(child, visit, node);
}

test("category → subcategory → type → variable with bytes, counts and percentages", (t) => {
  const root = hierarchyOf([
    record({ site_id: 1, variable_name: "a", size_bytes: 600 }),
    record({ site_id: 1, variable_name: "a", size_bytes: 200 }),
    record({ site_id: 2, variable_name: "m", type_name: "Map<string, number>", subcategory: "Map", size_bytes: 150 }),
    record({ site_id: 3, variable_name: "s", type_name: "string", category: "string", subcategory: "string", size_bytes: 50, file: "src/s.ts", line: 9 }),
  ]);
  t.is(root.level, "root");
  t.is(root.bytes, 1000);
  t.is(root.count, 4);
  t.deepEqual(root.children?.map((c) => [c.name, c.bytes, c.count, c.percent_of_total]), [
    ["collection", 950, 3, 95],
    ["string", 50, 1, 5],
  ]);
  const collection = root.children![0]!;
  t.deepEqual(collection.children?.map((c) => [c.level, c.name, c.percent_of_parent]), [
    ["subcategory", "Array", (800 / 950) * 100],
    ["subcategory", "Map", (150 / 950) * 100],
  ]);
  const variable = root.children![1]!.children![0]!.children![0]!.children![0]!;
  t.like(variable, { level: "variable", name: "s", file: "src/s.ts", line: 9, site_id: 3, bytes: 50, percent_of_parent: 100, percent_of_total: 5 });
  walk(root, (node) => {
    if (node.children && node.children.length > 0) {
      t.is(node.children.reduce((s, c) => s + c.bytes, 0), node.bytes);
      t.is(node.children.reduce((s, c) => s + c.count, 0), node.count);
    }
  });
});

test("wide levels fold the rest into one node, keeping totals", (t) => {
  const records = Array.from({ length: 30 }, (_, i) => record({ site_id: i, variable_name: `v${i}`, size_bytes: 100 + i }));
  const root = hierarchyOf(records, { variablesPerType: 5, typesPerSubcategory: 5 });
  const type = root.children![0]!.children![0]!.children![0]!;
  t.is(type.children!.length, 6);
  const folded = type.children![5]!;
  t.is(folded.name, "(25 other variables)");
  t.is(folded.count, 25);
  t.is(type.children!.reduce((s, c) => s + c.bytes, 0), type.bytes);
  t.deepEqual(type.children!.slice(0, 5).map((c) => c.name), ["v29", "v28", "v27", "v26", "v25"]);
});

test("all-zero sizes give 0% (not NaN)", (t) => {
  const root = hierarchyOf([record({ size_bytes: 0 })]);
  walk(root, (node) => {
    t.is(node.percent_of_total, 0);
    t.is(node.percent_of_parent, 0);
  });
});
