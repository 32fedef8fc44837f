/**
 * main's record-by-record derivations of the summary, the hierarchy and the precision
 * section, frozen here as the reference the column derivation (render/index-*.ts,
 * hierarchyFromIndex) is checked against. Moved verbatim out of render/ when nothing
 * there used them any more.
 */
import type { AllocationRecord, HierarchyLevel, HierarchyNode, PrecisionGroup, PrecisionSummary, RawSnapshot, Summary, TimelineSample } from "../../../format/snapshot.js";
import { declarationKey, indexObjects, isAliveAtExport, objectBytes, recordEndTime, NO_SHARED_OBJECTS, type ObjectIndex } from "../../../render/derive/record-objects.js";
import { heapFragmentationPercent, percentileSorted, type PeakSource } from "../../../render/derive/metrics.js";
import { DEFAULT_HIERARCHY_LIMITS, percentOf, type HierarchyLimits } from "../../../render/derive/hierarchy.js";
import { accumulate, emptyAccumulator, preciseSelf, precisionStats, type PrecisionAccumulator } from "../../../render/derive/precision.js";
import { formatEnUs } from "../../../render/units.js";

/**
 * Live tracked bytes over time rebuilt from the records' own events (allocation +,
 * end −), for runs where the sampler took no sample. Returns the maximum.
 */
export function peakLiveBytesFromRecords(records: readonly AllocationRecord[], objects: ObjectIndex = NO_SHARED_OBJECTS): number {
  const n = records.length;
  if (n === 0) return 0;
  const times = new Float64Array(n * 2);
  const deltas = new Float64Array(n * 2);
  let events = 0;
  for (const record of records) {
    if (objects.shared.has(record.id)) continue;
    const bytes = objectBytes(record, objects);
    times[events] = record.allocation_time;
    deltas[events++] = bytes;
    const end = recordEndTime(record);
    if (end !== null) {
      times[events] = end;
      deltas[events++] = -bytes;
    }
  }
  const order = new Uint32Array(events);
  for (let i = 0; i < events; i++) order[i] = i;
  // At equal times apply frees before allocations: an object freed at t and another
  // allocated at t were not both live at once.
  order.sort((i, j) => (times[i] as number) - (times[j] as number) || (deltas[i] as number) - (deltas[j] as number));
  let live = 0;
  let peak = 0;
  for (let k = 0; k < events; k++) {
    live += deltas[order[k] as number] as number;
    if (live > peak) peak = live;
  }
  return peak;
}

export function peakSource(timeline: readonly TimelineSample[], records: readonly AllocationRecord[]): PeakSource {
  if (timeline.length > 0) return "timeline";
  return records.length > 0 ? "records" : "none";
}

/** Count of tracked variable sites: the runtime's count, or the distinct sites seen when it reported none. */
export function trackedSiteCount(raw: RawSnapshot): number {
  if (raw.tracked_sites > 0) return raw.tracked_sites;
  const sites = new Set<number>();
  for (const record of raw.allocations) sites.add(record.site_id);
  for (const folded of raw.folded_sites) sites.add(folded.site_id);
  return sites.size;
}

/**
 * Summary definitions (see DESIGN.md §5). Memory and object counts are per object: a
 * record sharing its object with another (alias target, move source) adds nothing.
 * - active: records alive at export (objects not collected; strings whose scope is open).
 * - peak: max of tracked_live_bytes over the samples, and of active memory at export (the
 *   export instant is the last point of the timeline, so efficiency never exceeds 100%).
 *   Without samples it is rebuilt from the records' allocation/collected/scope-exit events.
 * - median / p95: over every kept record's bytes, linear interpolation; 0 without records.
 * - density: (kept + folded records) / tracked sites; 0 without sites.
 */
export function computeSummary(raw: RawSnapshot, objects: ObjectIndex = indexObjects(raw.allocations, raw.relations)): Summary {
  const records = raw.allocations;
  const sizes = new Float64Array(records.length);
  let objectCount = 0;
  let activeBytes = 0;
  let activeCount = 0;
  let totalBytes = 0;
  for (let i = 0; i < records.length; i++) {
    const record = records[i] as AllocationRecord;
    if (objects.shared.size > 0 && objects.shared.has(record.id)) continue;
    const bytes = objectBytes(record, objects);
    sizes[objectCount++] = bytes;
    totalBytes += bytes;
    if (isAliveAtExport(record)) {
      activeBytes += bytes;
      activeCount++;
    }
  }
  const objectSizes = sizes.subarray(0, objectCount).sort();

  let peak = activeBytes;
  if (raw.timeline.length > 0) {
    for (const sample of raw.timeline) if (sample.tracked_live_bytes > peak) peak = sample.tracked_live_bytes;
  } else {
    peak = Math.max(peak, peakLiveBytesFromRecords(records, objects));
  }

  let v8Peak = raw.heap.peak_heap_used;
  for (const sample of raw.timeline) if (v8Peak === null || sample.heap_used > v8Peak) v8Peak = sample.heap_used;

  const sites = trackedSiteCount(raw);
  const trackedRecords = records.length + raw.dropped_records;
  return {
    active_memory_bytes: activeBytes,
    peak_memory_bytes: peak,
    peak_memory_source: peakSource(raw.timeline, records),
    v8_peak_heap_used_bytes: v8Peak,
    active_allocations: activeCount,
    memory_efficiency_percent: peak > 0 ? (activeBytes / peak) * 100 : 0,
    median_allocation_bytes: percentileSorted(objectSizes, 50),
    p95_allocation_bytes: percentileSorted(objectSizes, 95),
    heap_fragmentation_percent: heapFragmentationPercent(raw.heap),
    allocation_density: sites > 0 ? trackedRecords / sites : 0,
    total_allocations: records.length,
    total_bytes: totalBytes,
    tracked_sites: sites,
  };
}

interface Bucket {
  name: string;
  bytes: number;
  count: number;
  children: Map<string | number, Bucket>;
  site?: { file: string; line: number; site_id: number };
}

function bucket(name: string): Bucket {
  return { name, bytes: 0, count: 0, children: new Map() };
}

function child(parent: Bucket, key: string | number, name: string): Bucket {
  let found = parent.children.get(key);
  if (!found) {
    found = bucket(name);
    parent.children.set(key, found);
  }
  return found;
}

const LEVELS: HierarchyLevel[] = ["root", "category", "subcategory", "type", "variable"];

export function buildHierarchy(
  records: readonly AllocationRecord[],
  limits: HierarchyLimits = DEFAULT_HIERARCHY_LIMITS,
  objects: ObjectIndex = NO_SHARED_OBJECTS,
): HierarchyNode {
  const root = bucket("all tracked memory");
  for (const record of records) {
    // An object registered under several names lives under its first holder.
    if (objects.shared.has(record.id)) continue;
    const bytes = objectBytes(record, objects);
    const category = child(root, record.category, record.category);
    const subcategory = child(category, record.subcategory, record.subcategory);
    const type = child(subcategory, record.type_name, record.type_name);
    const variable = child(type, declarationKey(record), record.variable_name);
    variable.site ??= { file: record.file, line: record.line, site_id: record.site_id };
    for (const level of [root, category, subcategory, type, variable]) {
      level.bytes += bytes;
      level.count++;
    }
  }
  return toNode(root, 0, root.bytes, root.bytes, limits);
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
      }
      children.push(toNode(folded, depth + 1, b.bytes, totalBytes, limits));
    }
    node.children = children;
  }
  return node;
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** One object's estimate and exact sizes over its holders; null when precise mode did not measure it. */
export function objectSizes(record: AllocationRecord, objects: ObjectIndex): { estimate: number; self: number; retained: number | null } | null {
  let estimate = record.size_bytes;
  let self = preciseSelf(record);
  let retained = record.precise_retained_bytes ?? null;
  for (const holder of objects.laterHolders.get(record.id) ?? []) {
    estimate = Math.max(estimate, holder.size_bytes);
    if (self === null) {
      self = preciseSelf(holder);
      retained = holder.precise_retained_bytes ?? null;
    }
  }
  return self === null ? null : { estimate, self, retained };
}

/** The estimator's error over the measured objects; null when no record was measured. */
export function computePrecision(records: readonly AllocationRecord[], objects: ObjectIndex = NO_SHARED_OBJECTS): PrecisionSummary | null {
  const total = emptyAccumulator();
  const groups = new Map<string, { category: AllocationRecord["category"]; subcategory: string; acc: PrecisionAccumulator }>();
  for (const record of records) {
    if (objects.shared.has(record.id)) continue;
    const sizes = objectSizes(record, objects);
    if (sizes === null) continue;
    accumulate(total, sizes.estimate, sizes.self, sizes.retained);
    const key = `${record.category}\u0000${record.subcategory}`;
    let group = groups.get(key);
    if (!group) {
      group = { category: record.category, subcategory: record.subcategory, acc: emptyAccumulator() };
      groups.set(key, group);
    }
    accumulate(group.acc, sizes.estimate, sizes.self, sizes.retained);
  }
  if (total.measured === 0) return null;
  const bySubcategory: PrecisionGroup[] = [...groups.values()]
    .map((g) => ({ category: g.category, subcategory: g.subcategory, ...precisionStats(g.acc) }))
    .sort(
      (a, b) =>
        b.precise_self_bytes - a.precise_self_bytes ||
        a.category.localeCompare(b.category) ||
        a.subcategory.localeCompare(b.subcategory),
    );
  return { ...precisionStats(total), by_subcategory: bySubcategory };
}
