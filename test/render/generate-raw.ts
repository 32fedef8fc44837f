/**
 * Deterministic generator of realistic RawSnapshots for render tests, the 1M-record
 * scale check and the PNG previews: a small web service (request handlers, a cache
 * that leaks, a growing queue, parsed bodies, buffers) over a few seconds of run time.
 * Everything derived (samples' tracked bytes, scope statistics) is computed from the
 * generated records, so the data is self-consistent.
 */
import type { Category } from "../../format/protocol.js";
import {
  FORMAT_VERSION,
  type AllocationRecord,
  type GcEvent,
  type RawSnapshot,
  type Relation,
  type ScopeRecord,
  type TimelineSample,
} from "../../format/snapshot.js";

export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface ScopeSpec {
  name: string;
  file: string;
  line: number;
  parent: number | null;
  /** Typical invocation duration (ms); 0 for module scopes that never exit. */
  duration: number;
}

interface SiteSpec {
  name: string;
  type: string;
  category: Category;
  subcategory: string;
  scope: number;
  line: number;
  weight: number;
  /** Median size in bytes. */
  size: number;
  external?: boolean;
  /** Probability an object from this site outlives its scope until export. */
  leak: number;
  grows?: boolean;
}

const SCOPES: ScopeSpec[] = [
  { name: "<module>", file: "src/server.ts", line: 1, parent: null, duration: 0 },
  { name: "handleRequest", file: "src/server.ts", line: 42, parent: 0, duration: 14 },
  { name: "parseBody", file: "src/http/body.ts", line: 12, parent: 1, duration: 3 },
  { name: "SessionCache.remember", file: "src/cache/session-cache.ts", line: 27, parent: 0, duration: 1 },
  { name: "renderReport", file: "src/report/render.ts", line: 88, parent: 1, duration: 22 },
  { name: "<anonymous>", file: "src/jobs/queue.ts", line: 19, parent: 0, duration: 6 },
  { name: "compressPayload", file: "src/util/compress.ts", line: 9, parent: 4, duration: 9 },
  { name: "loadConfig", file: "src/config.ts", line: 5, parent: 0, duration: 40 },
];

const SITES: SiteSpec[] = [
  { name: "sessions", type: "Map<string, Session>", category: "collection", subcategory: "Map", scope: 0, line: 8, weight: 0.0005, size: 180_000, leak: 1, grows: true },
  { name: "jobQueue", type: "Job[]", category: "collection", subcategory: "Array", scope: 0, line: 11, weight: 0.0005, size: 64_000, leak: 1, grows: true },
  { name: "routes", type: "Set<string>", category: "collection", subcategory: "Set", scope: 0, line: 14, weight: 0.0005, size: 6_000, leak: 0 },
  { name: "headers", type: "Record<string, string>", category: "box", subcategory: "object", scope: 1, line: 44, weight: 0.16, size: 900, leak: 0 },
  { name: "url", type: "string", category: "string", subcategory: "string", scope: 1, line: 45, weight: 0.16, size: 96, leak: 0 },
  { name: "body", type: "RequestBody", category: "box", subcategory: "class", scope: 2, line: 13, weight: 0.12, size: 2_400, leak: 0 },
  { name: "rawChunks", type: "Buffer[]", category: "collection", subcategory: "Array", scope: 2, line: 15, weight: 0.08, size: 420, leak: 0 },
  { name: "payload", type: "Buffer", category: "collection", subcategory: "Buffer", scope: 2, line: 18, weight: 0.08, size: 16_384, external: true, leak: 0.01 },
  { name: "entry", type: "SessionEntry<User>", category: "box", subcategory: "class", scope: 3, line: 29, weight: 0.07, size: 1_300, leak: 0.65 },
  { name: "tags", type: "Set<'admin' | 'beta' | 'staff'>", category: "collection", subcategory: "Set", scope: 3, line: 31, weight: 0.05, size: 520, leak: 0.6 },
  { name: "rows", type: "ReportRow[]", category: "collection", subcategory: "Array", scope: 4, line: 90, weight: 0.06, size: 28_000, leak: 0 },
  { name: "byRegion", type: "Map<Region, number[]>", category: "collection", subcategory: "Map", scope: 4, line: 93, weight: 0.04, size: 9_000, leak: 0 },
  { name: "html", type: "string", category: "string", subcategory: "string", scope: 4, line: 97, weight: 0.05, size: 42_000, leak: 0 },
  { name: "job", type: "{ id: number; run: () => Promise<void> }", category: "box", subcategory: "object", scope: 5, line: 20, weight: 0.06, size: 240, leak: 0.02 },
  { name: "pending", type: "Promise<void>", category: "box", subcategory: "Promise", scope: 5, line: 22, weight: 0.04, size: 160, leak: 0 },
  { name: "compressed", type: "Uint8Array", category: "collection", subcategory: "Uint8Array", scope: 6, line: 11, weight: 0.025, size: 7_000, external: true, leak: 0 },
  { name: "dictionary", type: "Float64Array", category: "collection", subcategory: "Float64Array", scope: 6, line: 13, weight: 0.01, size: 32_768, external: true, leak: 0 },
  { name: "config", type: "AppConfig", category: "box", subcategory: "class", scope: 7, line: 6, weight: 0.0005, size: 3_200, leak: 0 },
  { name: "parsed", type: "unknown", category: "dynamic", subcategory: "unknown", scope: 7, line: 8, weight: 0.0005, size: 2_100, leak: 0 },
];

export interface GenerateOptions {
  records: number;
  seed?: number;
  durationMs?: number;
  sampleIntervalMs?: number;
  /** Replace names, types and paths with hostile text (escaping tests). */
  hostile?: boolean;
}

export const HOSTILE = `</text><script>alert(1);window.__pwned=1</script>& "quoted" onload="alert(2)" 'single' <T> ]]> <!--`;

export function generateRaw(options: GenerateOptions): RawSnapshot {
  const random = rng(options.seed ?? 7);
  const duration = options.durationMs ?? 5000;
  const interval = options.sampleIntervalMs ?? 50;
  const totalWeight = SITES.reduce((s, site) => s + site.weight, 0);
  const cumulative: number[] = [];
  let acc = 0;
  for (const site of SITES) cumulative.push((acc += site.weight / totalWeight));
  const gauss = (): number => Math.sqrt(-2 * Math.log(random() + 1e-12)) * Math.cos(2 * Math.PI * random());

  const allocations: AllocationRecord[] = [];
  const relations: Relation[] = [];
  const instances = SCOPES.map(() => 0);
  const scopeStats = SCOPES.map(() => ({ invocations: 0, completed: 0, total: 0, min: Infinity, max: 0 }));
  // Module-level sites are declared once, at start; the rest over the run.
  const singletons = new Set<number>();
  for (let i = 0; i < options.records; i++) {
    let siteIndex: number;
    const unplaced = SITES.findIndex((s, k) => s.weight < 0.001 && !singletons.has(k));
    if (unplaced !== -1 && i < 10) {
      siteIndex = unplaced;
      singletons.add(unplaced);
    } else {
      const r = random();
      siteIndex = cumulative.findIndex((c) => r <= c);
      if (siteIndex === -1) siteIndex = SITES.length - 1;
      if ((SITES[siteIndex] as SiteSpec).weight < 0.001) siteIndex = 3;
    }
    const site = SITES[siteIndex] as SiteSpec;
    const scope = SCOPES[site.scope] as ScopeSpec;
    const stats = scopeStats[site.scope]!;
    const moduleLevel = scope.duration === 0 || site.weight < 0.001;
    const created = moduleLevel ? 2 + random() * 30 : 40 + random() * (duration - 60);
    const scopeDuration = scope.duration * (0.4 + random() * 1.4);
    const scopeExit = scope.duration === 0 ? null : Math.min(duration, created + scopeDuration);
    instances[site.scope] = (instances[site.scope] ?? 0) + 1;
    stats.invocations++;
    if (scopeExit !== null && scopeExit < duration) {
      stats.completed++;
      stats.total += scopeDuration;
      stats.min = Math.min(stats.min, scopeDuration);
      stats.max = Math.max(stats.max, scopeDuration);
    }
    const bytes = Math.max(16, Math.round(site.size * Math.exp(gauss() * 0.6)));
    let collected: number | null = null;
    if (site.category !== "string" && scopeExit !== null && random() >= site.leak) {
      const at = scopeExit + 5 + random() * 600;
      collected = at < duration ? at : null;
    }
    const record: AllocationRecord = {
      id: i,
      variable_name: site.name,
      type_name: site.type,
      category: site.category,
      subcategory: site.subcategory,
      size_bytes: site.external ? 96 : bytes,
      external_bytes: site.external ? bytes : 0,
      allocation_time: round(created),
      scope_exit_time: scopeExit === null ? null : round(scopeExit),
      collected_time: collected === null ? null : round(collected),
      file: scope.file,
      line: site.line,
      column: 9,
      scope_id: site.scope,
      scope_instance: instances[site.scope] as number,
      site_id: siteIndex,
      thread_id: 0,
    };
    if (site.grows) {
      const history: Array<[number, number]> = [];
      let size = Math.round(bytes / 12);
      for (let t = 250; t < duration; t += 250) {
        size = Math.round(size * (1.08 + random() * 0.1));
        history.push([t, size]);
      }
      record.size_bytes = history.length ? (history[history.length - 1] as [number, number])[1] : bytes;
      record.size_history = history;
    }
    allocations.push(record);
    if (i > 0 && i % 97 === 0) {
      const kinds = ["alias", "move", "clone"] as const;
      const from = Math.floor(random() * i);
      relations.push({ kind: kinds[i % 3] as (typeof kinds)[number], from, to: i, time: record.allocation_time });
    }
  }
  // Relations between the largest records of a few scopes, so the timeline has some
  // to draw: a clone inside renderReport, an alias inside the session cache, and a
  // move of a parsed payload out of parseBody into the session cache.
  const largest = (scope: number, k: number, name?: string): AllocationRecord[] => {
    const top: AllocationRecord[] = [];
    for (const r of allocations) {
      if (r.scope_id !== scope || (name !== undefined && r.variable_name !== name)) continue;
      top.push(r);
      top.sort((a, b) => b.size_bytes + b.external_bytes - (a.size_bytes + a.external_bytes));
      if (top.length > k) top.pop();
    }
    return top;
  };
  const pairs: Array<[(typeof relations)[number]["kind"], AllocationRecord | undefined, AllocationRecord | undefined]> = [];
  const rows = largest(4, 2, "rows");
  const cache = largest(3, 4);
  const body = largest(2, 3);
  pairs.push(["clone", rows[0], rows[1]]);
  pairs.push(["alias", cache[0], cache[2]]);
  pairs.push(["move", body[0], cache[1]]);
  for (const [kind, from, to] of pairs) {
    if (from && to && from !== to) relations.push({ kind, from: from.id, to: to.id, time: Math.max(from.allocation_time, to.allocation_time) });
  }
  if (options.hostile) {
    for (const record of allocations) {
      record.variable_name = `${record.variable_name}${HOSTILE}`;
      record.type_name = `Map<${HOSTILE}, T>`;
      record.file = `src/${HOSTILE}/evil&file.ts`;
    }
  }

  const scopes: ScopeRecord[] = SCOPES.map((spec, id) => {
    const stats = scopeStats[id]!;
    return {
      id,
      name: options.hostile ? `${spec.name}${HOSTILE}` : spec.name,
      file: options.hostile ? `src/${HOSTILE}.ts` : spec.file,
      line: spec.line,
      column: 1,
      parent_id: spec.parent,
      thread_id: 0,
      invocations: stats.invocations,
      completed: stats.completed,
      total_duration_ms: round(stats.total),
      min_duration_ms: stats.completed ? round(stats.min) : null,
      max_duration_ms: stats.completed ? round(stats.max) : null,
    };
  }).filter((s) => s.invocations > 0);

  // Samples: tracked live bytes recomputed from the records at each sample time.
  const timeline: TimelineSample[] = [];
  const events: Array<[number, number]> = [];
  for (const r of allocations) {
    const bytes = r.size_bytes + r.external_bytes;
    events.push([r.allocation_time, bytes]);
    const end = r.collected_time ?? (r.category === "string" ? r.scope_exit_time : null);
    if (end !== null) events.push([end, -bytes]);
  }
  events.sort((a, b) => a[0] - b[0]);
  let live = 0;
  let liveCount = 0;
  let e = 0;
  const gcEvents: GcEvent[] = [];
  let heap = 6_000_000;
  let peakHeap = 0;
  for (let t = interval; t <= duration; t += interval) {
    while (e < events.length && (events[e] as [number, number])[0] <= t) {
      const delta = (events[e] as [number, number])[1];
      live += delta;
      liveCount += delta > 0 ? 1 : -1;
      e++;
    }
    heap += 180_000 + random() * 220_000;
    if (t % 400 < interval) {
      const before = heap;
      heap = Math.min(before, Math.max(5_000_000, heap * 0.55) + live * 0.2);
      gcEvents.push({ time: t - interval / 2, type: "Scavenge", duration_ms: round(0.4 + random()), heap_before: Math.round(before), heap_after: Math.round(heap) });
    }
    if (t % 1600 < interval) {
      const before = heap;
      heap = Math.max(4_500_000, heap * 0.8);
      gcEvents.push({ time: t - interval / 3, type: "MarkSweepCompact", duration_ms: round(3 + random() * 4), heap_before: Math.round(before), heap_after: Math.round(heap) });
    }
    const used = Math.round(heap + live);
    peakHeap = Math.max(peakHeap, used);
    timeline.push({
      time: t,
      heap_used: used,
      heap_total: Math.round(used * 1.25 + 2_000_000),
      rss: Math.round(used * 1.6 + 30_000_000),
      external: 1_200_000,
      array_buffers: 400_000,
      tracked_live_bytes: Math.max(0, live),
      tracked_live_count: Math.max(0, liveCount),
    });
  }
  const lastUsed = timeline.length ? (timeline[timeline.length - 1] as TimelineSample).heap_used : 8_000_000;
  return {
    metadata: {
      format_version: FORMAT_VERSION,
      tool_version: "0.1.0",
      timestamp: new Date(Date.UTC(2026, 10, 24, 12, 0, 5)).toISOString(),
      start_time: new Date(Date.UTC(2026, 10, 24, 12, 0, 0)).toISOString(),
      duration_ms: duration,
      node_version: "v20.20.2",
      v8_version: "11.3.244.8-node.33",
      platform: "linux",
      arch: "x64",
      pointer_compression: false,
      pid: 4242,
      argv: ["/usr/bin/node", "dist/server.js"],
      thread_count: 1,
      name: options.hostile ? `server${HOSTILE}` : "server",
      sample_interval_ms: interval,
      precise: false,
      exit_reason: "SIGINT",
    },
    allocations,
    scopes,
    relations,
    timeline,
    gc: {
      available: true,
      events: gcEvents,
      allocated_bytes: gcEvents.reduce((s, g) => s + g.heap_before, 0),
      freed_bytes: gcEvents.reduce((s, g) => s + g.heap_before - g.heap_after, 0),
    },
    heap: {
      total_heap_size: Math.round(lastUsed * 1.25),
      total_physical_size: Math.round(lastUsed * 1.2),
      used_heap_size: lastUsed,
      heap_size_limit: 4_345_298_944,
      malloced_memory: 262_144,
      external_memory: 1_200_000,
      peak_heap_used: peakHeap || null,
      spaces: [
        { name: "new_space", size: 2_097_152, used: 900_000, available: 1_100_000, physical: 2_097_152 },
        { name: "old_space", size: Math.round(lastUsed), used: Math.round(lastUsed * 0.8), available: Math.round(lastUsed * 0.2), physical: Math.round(lastUsed) },
      ],
    },
    threads: [{ thread_id: 0, name: "main", records: allocations.length }],
    dropped_records: 0,
    folded_sites: [],
    tracked_sites: SITES.length,
  };
}

/** A snapshot with nothing recorded: the runtime exported before any tracked binding ran. */
export function emptyRaw(): RawSnapshot {
  const raw = generateRaw({ records: 0, durationMs: 30, sampleIntervalMs: 50 });
  raw.tracked_sites = 0;
  raw.gc = { available: false, events: [], allocated_bytes: null, freed_bytes: null };
  raw.heap.peak_heap_used = null;
  return raw;
}

function round(value: number): number {
  return Math.round(value * 1000) / 1000;
}

/** Writes a raw snapshot the way the runtime does: JSON, one allocation per line. */
export async function writeRawFile(raw: RawSnapshot, path: string): Promise<void> {
  const { jsonLines } = await import("../../render/read/json-lines.js");
  const { writeStreamAtomic } = await import("../../render/write/atomic.js");
  await writeStreamAtomic(path, jsonLines(raw, ["metadata", "scopes", "relations", "timeline", "gc", "heap", "threads", "dropped_records", "folded_sites", "tracked_sites", "allocations"]));
}

/** The layout runtime/raw-file.ts writes: every other section on the first line, leading commas, `]}`. */
export async function writeRuntimeLayoutRawFile(raw: RawSnapshot, path: string): Promise<void> {
  const { writeFile } = await import("node:fs/promises");
  const { allocations, ...head } = raw;
  const lines = allocations.map((a, i) => (i === 0 ? JSON.stringify(a) : `,\n${JSON.stringify(a)}`));
  await writeFile(path, `${JSON.stringify(head).slice(0, -1)},"allocations":[\n${lines.join("")}\n]}\n`);
}
