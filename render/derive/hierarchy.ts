/**
 * memory_hierarchy: category → subcategory → type → variable (one node per variable
 * site, i.e. per declaration, summing its records, each `weight` times: ≈ `extrapolated`). Children are sorted by bytes,
 * largest first. Wide levels keep their largest members and fold the rest into one
 * "(N other …)" node so a million records never become a million nodes.
 *
 * In a precise run an object precise mode measured counts its exact retained bytes that
 * no other tracked object counts (precise_exclusive_bytes: each byte under the nearest
 * tracked object that dominates it, so tiles never overlap); an object it did not
 * measure (collected before the export) counts its estimate. The root says which
 * (`measure`).
 */
import type { HierarchyLevel, HierarchyNode } from "../../format/snapshot.js";
import type { RecordIndex } from "./record-index.js";
import { objectExclusiveAt } from "./summary.js";
import { formatEnUs } from "../units.js";

export interface HierarchyLimits {
  /** Variable nodes kept per type node before the rest are folded. */
  variablesPerType: number;
  /** Type nodes kept per subcategory node before the rest are folded. */
  typesPerSubcategory: number;
}

export const DEFAULT_HIERARCHY_LIMITS: HierarchyLimits = { variablesPerType: 50, typesPerSubcategory: 50 };

interface Bucket {
  name: string;
  bytes: number;
  count: number;
  /** Some record in it has a weight above 1. */
  extrapolated: boolean;
  children: Map<string | number, Bucket>;
  site?: { file: string; line: number; site_id: number };
}

function bucket(name: string): Bucket {
  return { name, bytes: 0, count: 0, extrapolated: false, children: new Map() };
}

function child(parent: Bucket, key: string | number, name: string): Bucket {
  let found = parent.children.get(key);
  if (!found) {
    found = bucket(name);
    parent.children.set(key, found);
  }
  return found;
}

/** One object, `weight` times (the values its record stands for). */
function addTo(b: Bucket, bytes: number, weight: number): void {
  b.bytes += bytes * weight;
  b.count += weight;
  if (weight > 1) b.extrapolated = true;
}

const LEVELS: HierarchyLevel[] = ["root", "category", "subcategory", "type", "variable"];

/**
 * Over the record columns: buckets keyed by string-table ids and site slots (one id
 * stands for one string), filled in record order; an object registered under several
 * names lives under its first holder.
 */
export function hierarchyFromIndex(index: RecordIndex, limits: HierarchyLimits = DEFAULT_HIERARCHY_LIMITS): HierarchyNode {
  const root = bucket("all tracked memory");
  const strings = index.columns.strings;
  const { category, subcategory, typeName, variableName, file } = index.columns.texts;
  const { line, siteId } = index.columns.numbers;
  // A site's records nearly always share category, subcategory and type: remember each
  // site's last bucket path and skip the four Map lookups when it repeats.
  const exclusive = index.columns.numbers.preciseExclusive;
  let measured = false;
  for (let row = 0; row < index.count && !measured; row++) measured = exclusive[row] === exclusive[row];
  let anyExclusive = false;
  const lastPath: Array<{ c: number; s: number; t: number; buckets: [Bucket, Bucket, Bucket, Bucket] } | undefined> = new Array(index.siteCount);
  for (let row = 0; row < index.count; row++) {
    if (index.shared[row] === 1) continue;
    let bytes = index.objectBytes[row] as number;
    if (measured) {
      const exact = objectExclusiveAt(index, row);
      if (exact === exact) {
        bytes = exact;
        anyExclusive = true;
      }
    }
    const weight = index.weight[row] as number;
    const c = category[row] as number;
    const s = subcategory[row] as number;
    const t = typeName[row] as number;
    const slot = index.siteSlot[row] as number;
    let path = lastPath[slot];
    if (path === undefined || path.c !== c || path.s !== s || path.t !== t) {
      const categoryBucket = child(root, c, strings[c] as string);
      const subcategoryBucket = child(categoryBucket, s, strings[s] as string);
      const typeBucket = child(subcategoryBucket, t, strings[t] as string);
      const variable = child(typeBucket, slot, strings[variableName[row] as number] as string);
      variable.site ??= { file: strings[file[row] as number] as string, line: line[row] as number, site_id: siteId[row] as number };
      path = { c, s, t, buckets: [categoryBucket, subcategoryBucket, typeBucket, variable] };
      lastPath[slot] = path;
    }
    const [categoryBucket, subcategoryBucket, typeBucket, variable] = path.buckets;
    addTo(root, bytes, weight);
    addTo(categoryBucket, bytes, weight);
    addTo(subcategoryBucket, bytes, weight);
    addTo(typeBucket, bytes, weight);
    addTo(variable, bytes, weight);
  }
  const node = toNode(root, 0, root.bytes, root.bytes, limits);
  if (anyExclusive) node.measure = "precise_exclusive";
  return node;
}

function toNode(b: Bucket, depth: number, parentBytes: number, totalBytes: number, limits: HierarchyLimits): HierarchyNode {
  const level = LEVELS[depth] as HierarchyLevel;
  const node: HierarchyNode = {
    level,
    name: b.name,
    bytes: b.bytes,
    count: b.count,
    percent_of_parent: percentOf(b.bytes, parentBytes),
    percent_of_total: percentOf(b.bytes, totalBytes),
  };
  if (b.site) {
    node.file = b.site.file;
    node.line = b.site.line;
    node.site_id = b.site.site_id;
  }
  if (b.extrapolated) node.extrapolated = true;
  if (depth < LEVELS.length - 1) {
    const sorted = [...b.children.values()].sort((x, y) => y.bytes - x.bytes || y.count - x.count || compareText(x.name, y.name));
    const limit = level === "type" ? limits.variablesPerType : level === "subcategory" ? limits.typesPerSubcategory : Infinity;
    const kept = sorted.slice(0, limit);
    const children = kept.map((c) => toNode(c, depth + 1, b.bytes, totalBytes, limits));
    const rest = sorted.slice(limit);
    if (rest.length > 0) {
      const noun = level === "type" ? "variables" : "types";
      const folded = bucket(`(${formatEnUs(rest.length)} other ${noun})`);
      for (const r of rest) {
        folded.bytes += r.bytes;
        folded.count += r.count;
        folded.extrapolated ||= r.extrapolated;
      }
      children.push(toNode(folded, depth + 1, b.bytes, totalBytes, limits));
    }
    node.children = children;
  }
  return node;
}

export function percentOf(part: number, whole: number): number {
  if (!(whole > 0)) return 0;
  return Math.min(100, Math.max(0, (part / whole) * 100));
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
