/**
 * A RawSnapshot of a chosen number of records, shaped like a real run's: a few
 * thousand variable sites across a hundred files with a skewed record count per site,
 * sizes spread over several orders of magnitude, most records collected, some
 * outliving their scope, relations, a sampled timeline and GC events. Deterministic
 * (seeded). Written to disk in chunks so a million records never become one string,
 * in the layout the runtime writes (format/raw-layout.ts): the sections first, then one
 * record per line. The records are generated twice from the same seed: once for the
 * sections they shape (scope invocations, relations, live totals), once to be written.
 */
import { closeSync, openSync, writeSync } from "node:fs";
import type { Category } from "../../format/protocol.js";
import { RAW_END, RAW_RECORD_SEPARATOR, rawHeadText, type RawHead } from "../../format/raw-layout.js";
import { RawColumnsEncoder } from "../../format/raw-columns.js";
import {
  FORMAT_VERSION,
  type AllocationRecord,
  type GcSection,
  type HeapSection,
  type Metadata,
  type Relation,
  type ScopeRecord,
  type TimelineSample,
} from "../../format/snapshot.js";

/** mulberry32: small, seeded, good enough to spread synthetic data. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface VarSite {
  id: number;
  name: string;
  type: string;
  category: Category;
  subcategory: string;
  file: string;
  line: number;
  column: number;
  scope: number;
}

const KINDS: ReadonlyArray<[Category, string, string]> = [
  ["collection", "Array", "number[]"],
  ["collection", "Array", "Order[]"],
  ["collection", "Map", "Map<string, User[]>"],
  ["collection", "Set", "Set<string>"],
  ["collection", "Uint8Array", "Uint8Array"],
  ["string", "string", "string"],
  ["string", "string", '"pending" | "done"'],
  ["box", "object", "{ id: number; name: string; }"],
  ["box", "class", "Session"],
  ["box", "Promise", "Promise<Response>"],
  ["dynamic", "unknown", "any"],
];

function sizeFor(category: Category, random: () => number): number {
  switch (category) {
    case "string":
      return 16 + 4 * Math.floor(Math.exp(random() * 8));
    case "box":
      return 24 + 8 * Math.floor(random() * 24);
    default:
      return 16 + 8 * Math.floor(Math.exp(random() * 13));
  }
}

export interface SyntheticShape {
  records: number;
  sites: number;
  scopes: number;
  durationMs: number;
}

export function shapeFor(records: number): SyntheticShape {
  return {
    records,
    sites: Math.min(5000, Math.max(20, Math.round(records / 200))),
    scopes: Math.min(1000, Math.max(5, Math.round(records / 1000))),
    durationMs: Math.max(1000, Math.round(records / 50)),
  };
}

/**
 * Writes a RawSnapshot with `records` allocations to `file`; returns the byte count.
 * `layout`: the JSON line layout (format/raw-layout.ts, the reader still accepts it), or
 * the column layout the runtime writes (format/raw-columns.ts); the same records either way.
 */
export function writeSyntheticRawSnapshot(file: string, records: number, seed = 7, layout: "json" | "columns" = "json"): number {
  const seeded = seededRandom(seed);
  let draws = 0;
  let random = (): number => {
    draws++;
    return seeded();
  };
  const shape = shapeFor(records);
  const files = Array.from({ length: 100 }, (_, n) => `src/module-${n}.ts`);

  const scopes: ScopeRecord[] = Array.from({ length: shape.scopes }, (_, id) => ({
    id,
    name: id === 0 ? "<module>" : `handler${id}`,
    file: files[id % files.length]!,
    line: 1 + id * 3,
    column: 1,
    parent_id: id === 0 ? null : 0,
    thread_id: 0,
    invocations: 0,
    completed: 0,
    total_duration_ms: 0,
    min_duration_ms: null,
    max_duration_ms: null,
  }));
  const sites: VarSite[] = Array.from({ length: shape.sites }, (_, id) => {
    const [category, subcategory, type] = KINDS[Math.floor(random() * KINDS.length)]!;
    const scope = Math.floor(random() * shape.scopes);
    return { id, name: `value${id}`, type, category, subcategory, file: scopes[scope]!.file, line: 2 + id, column: 9, scope };
  });

  const fd = openSync(file, "w");
  let bytes = 0;
  const write = (text: string): void => {
    bytes += writeSync(fd, text);
  };
  const writeBytes = (pieces: readonly Uint8Array[]): void => {
    for (const piece of pieces) bytes += writeSync(fd, piece);
  };
  try {
    const metadata: Metadata = {
      format_version: FORMAT_VERSION,
      tool_version: "bench-synthetic",
      timestamp: new Date(Date.UTC(2026, 0, 1, 0, 0, shape.durationMs / 1000)).toISOString(),
      start_time: new Date(Date.UTC(2026, 0, 1)).toISOString(),
      duration_ms: shape.durationMs,
      node_version: process.version,
      v8_version: process.versions.v8,
      platform: process.platform,
      arch: process.arch,
      pointer_compression: false,
      pid: 1,
      argv: ["node", "synthetic.js"],
      thread_count: 1,
      name: "synthetic",
      sample_interval_ms: 50,
      precise: false,
      exit_reason: "exit",
    };
    const relations: Relation[] = [];
    let live = 0;
    let liveBytes = 0;
    /** One pass over the records: the first (`emit` null) also tallies what the sections say about them. */
    const generate = (emit: ((record: AllocationRecord) => void) | null): void => {
      let scopeInstance = 0;
      for (let id = 0; id < records; id++) {
        // Skewed: a few sites hold most records, as in real programs.
        const site = sites[Math.floor(shape.sites * random() ** 3)]!;
        const scope = scopes[site.scope]!;
        const time = (id / records) * shape.durationMs;
        if (random() < 0.3) scopeInstance++;
        const roll = random();
        const scopeExit = roll < 0.05 ? null : time + random() * 20;
        const collected = roll < 0.1 ? null : (scopeExit ?? time) + random() * 500;
        const size = sizeFor(site.category, random);
        if (emit === null) {
          scope.invocations++;
          if (collected === null) {
            live++;
            liveBytes += size;
          }
        }
        const record: AllocationRecord = {
          id,
          variable_name: site.name,
          type_name: site.type,
          category: site.category,
          subcategory: site.subcategory,
          size_bytes: size,
          external_bytes: site.subcategory === "Uint8Array" ? size : 0,
          allocation_time: Math.round(time * 1000) / 1000,
          scope_exit_time: scopeExit === null ? null : Math.round(scopeExit * 1000) / 1000,
          collected_time: collected === null ? null : Math.round(collected * 1000) / 1000,
          file: site.file,
          line: site.line,
          column: site.column,
          scope_id: scope.id,
          scope_instance: scopeInstance,
          site_id: site.id,
          thread_id: 0,
        };
        if (site.category === "collection" && random() < 0.01) {
          record.size_history = [
            [record.allocation_time, size >> 1],
            [record.allocation_time + 10, size],
          ];
        }
        if (id > 0 && random() < 0.02) {
          const relation = { kind: (["alias", "move", "clone"] as const)[id % 3]!, from: Math.floor(random() * id), to: id, time: record.allocation_time };
          if (emit === null) relations.push(relation);
        }
        emit?.(record);
      }
    };
    const drawsBeforeRecords = draws;
    generate(null);

    for (const scope of scopes) {
      scope.completed = scope.invocations;
      scope.total_duration_ms = scope.invocations * 0.05;
      scope.min_duration_ms = scope.invocations > 0 ? 0.01 : null;
      scope.max_duration_ms = scope.invocations > 0 ? 2.5 : null;
    }
    const samples = Math.min(4000, Math.floor(shape.durationMs / 50));
    const timeline: TimelineSample[] = Array.from({ length: samples }, (_, n) => {
      const heapUsed = 20e6 + Math.round(30e6 * Math.sin((n / samples) * Math.PI)) + Math.round(random() * 1e6);
      return {
        time: n * 50,
        heap_used: heapUsed,
        heap_total: heapUsed + 8e6,
        rss: heapUsed + 40e6,
        external: 2e6,
        array_buffers: 1e6,
        tracked_live_bytes: Math.round((liveBytes * (n + 1)) / samples),
        tracked_live_count: Math.round((live * (n + 1)) / samples),
      };
    });
    const gc: GcSection = {
      available: true,
      events: Array.from({ length: Math.min(2000, Math.floor(records / 500) + 1) }, (_, n) => ({
        time: (n * shape.durationMs) / (Math.floor(records / 500) + 1),
        type: n % 10 === 9 ? "MarkSweepCompact" : "Scavenge",
        duration_ms: 0.5 + random() * 3,
        heap_before: 40e6,
        heap_after: 30e6,
      })),
      allocated_bytes: records * 120,
      freed_bytes: records * 100,
    };
    const heap: HeapSection = {
      total_heap_size: 80e6,
      total_physical_size: 78e6,
      used_heap_size: 60e6,
      heap_size_limit: 4345298944,
      malloced_memory: 1e6,
      external_memory: 2e6,
      peak_heap_used: 70e6,
      spaces: [
        { name: "new_space", size: 16e6, used: 8e6, available: 8e6, physical: 16e6 },
        { name: "old_space", size: 60e6, used: 50e6, available: 10e6, physical: 60e6 },
      ],
    };
    const head: RawHead = {
      metadata,
      scopes,
      relations,
      timeline,
      gc,
      heap,
      threads: [{ thread_id: 0, name: "main", records }],
      dropped_records: 0,
      folded_sites: [],
      tracked_sites: shape.sites,
    };
    // The same records again: the generator rewound to where the first pass began.
    const rewound = seededRandom(seed);
    for (let i = 0; i < drawsBeforeRecords; i++) rewound();
    random = rewound;
    if (layout === "columns") {
      const encoder = new RawColumnsEncoder();
      writeBytes(encoder.start(head));
      generate((record) => {
        encoder.addRecord(record);
        if (encoder.full) writeBytes(encoder.takeBlock());
      });
      writeBytes(encoder.takeBlock());
      writeBytes(encoder.end());
      return bytes;
    }
    write(rawHeadText(head));
    const chunk: string[] = [];
    let written = 0;
    const flush = (): void => {
      write((written > chunk.length ? RAW_RECORD_SEPARATOR : "") + chunk.join(RAW_RECORD_SEPARATOR));
      chunk.length = 0;
    };
    generate((record) => {
      chunk.push(JSON.stringify(record));
      written++;
      if (chunk.length === 5000) flush();
    });
    if (chunk.length > 0) flush();
    write(RAW_END);
  } finally {
    closeSync(fd);
  }
  return bytes;
}
