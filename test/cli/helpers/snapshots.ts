/**
 * Hand-made snapshots for CLI tests: every field typed from format/snapshot.ts so
 * the documents have the shape the runtime and renderers produce.
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import type { Category } from "../../../format/protocol.js";
import {
  FORMAT_VERSION,
  type AllocationRecord,
  type LeakCandidate,
  type Snapshot,
} from "../../../format/snapshot.js";

export interface RecordSpec {
  name: string;
  type?: string;
  category?: Category;
  subcategory?: string;
  bytes: number;
  external?: number;
  file?: string;
  line: number;
  /** Default: alive at export. */
  collected?: boolean;
  scopeExited?: boolean;
}

export function makeSnapshot(
  name: string,
  records: RecordSpec[],
  leaks: Array<Pick<LeakCandidate, "variable_name" | "line" | "bytes"> & Partial<LeakCandidate>> = [],
): Snapshot {
  const siteIds = new Map<string, number>();
  const allocations: AllocationRecord[] = records.map((spec, i) => {
    const file = spec.file ?? "src/app.ts";
    const key = `${file}:${spec.line} ${spec.name}`;
    if (!siteIds.has(key)) siteIds.set(key, siteIds.size + 1);
    return {
      id: i + 1,
      variable_name: spec.name,
      type_name: spec.type ?? "number[]",
      category: spec.category ?? "collection",
      subcategory: spec.subcategory ?? "Array",
      size_bytes: spec.bytes,
      external_bytes: spec.external ?? 0,
      allocation_time: i,
      scope_exit_time: spec.scopeExited || spec.collected ? i + 1 : null,
      collected_time: spec.collected ? i + 2 : null,
      file,
      line: spec.line,
      column: 7,
      scope_id: 0,
      scope_instance: 1,
      site_id: siteIds.get(key)!,
      thread_id: 0,
    };
  });
  const live = allocations.filter((r) => r.collected_time === null);
  const sizes = allocations.map((r) => r.size_bytes).sort((a, b) => a - b);
  const activeBytes = live.reduce((sum, r) => sum + r.size_bytes, 0);
  const totalBytes = sizes.reduce((sum, size) => sum + size, 0);
  return {
    metadata: {
      format_version: FORMAT_VERSION,
      tool_version: "0.1.0",
      timestamp: "2026-01-01T00:00:01.000Z",
      start_time: "2026-01-01T00:00:00.000Z",
      duration_ms: 1000,
      node_version: process.version,
      v8_version: process.versions.v8,
      platform: process.platform,
      arch: process.arch,
      pointer_compression: false,
      pid: 4242,
      argv: ["node", "app.js"],
      thread_count: 1,
      name,
      sample_interval_ms: 50,
      precise: false,
      exit_reason: "exit",
    },
    allocations,
    scopes: [
      {
        id: 0,
        name: "<module>",
        file: "src/app.ts",
        line: 1,
        column: 1,
        parent_id: null,
        thread_id: 0,
        invocations: 1,
        completed: 1,
        total_duration_ms: 1000,
        min_duration_ms: 1000,
        max_duration_ms: 1000,
      },
    ],
    relations: [],
    timeline: [
      {
        time: 0,
        heap_used: 4_000_000,
        heap_total: 6_000_000,
        rss: 40_000_000,
        external: 1000,
        array_buffers: 100,
        tracked_live_bytes: activeBytes,
        tracked_live_count: live.length,
      },
    ],
    gc: { available: true, events: [], allocated_bytes: 0, freed_bytes: 0 },
    heap: {
      total_heap_size: 6_000_000,
      total_physical_size: 6_000_000,
      used_heap_size: 4_000_000,
      heap_size_limit: 4_000_000_000,
      malloced_memory: 100_000,
      external_memory: 1000,
      peak_heap_used: 4_000_000,
      spaces: [],
    },
    threads: [{ thread_id: 0, name: "main", records: allocations.length }],
    dropped_records: 0,
    folded_sites: [],
    tracked_sites: siteIds.size,
    summary: {
      active_memory_bytes: activeBytes,
      peak_memory_bytes: activeBytes,
      v8_peak_heap_used_bytes: 4_000_000,
      active_allocations: live.length,
      memory_efficiency_percent: activeBytes > 0 ? 100 : 0,
      median_allocation_bytes: sizes[Math.floor(sizes.length / 2)] ?? 0,
      p95_allocation_bytes: sizes[sizes.length - 1] ?? 0,
      heap_fragmentation_percent: 33.3,
      allocation_density: siteIds.size > 0 ? allocations.length / siteIds.size : 0,
      total_allocations: allocations.length,
      total_bytes: totalBytes,
      tracked_sites: siteIds.size,
    },
    memory_hierarchy: {
      level: "root",
      name: "tracked",
      bytes: totalBytes,
      count: allocations.length,
      percent_of_parent: 100,
      percent_of_total: 100,
      children: [],
    },
    leaks: leaks.map((leak, i) => ({
      kind: "outlived_scope",
      record_id: i + 1,
      type_name: "number[]",
      file: "src/app.ts",
      reason: "alive 2.0 s after its scope exited",
      ...leak,
    })),
  };
}

export function tempDir(prefix = "memscope-cli-"): string {
  return mkdtempSync(path.join(tmpdir(), prefix));
}

export function writeSnapshot(dir: string, fileName: string, snapshot: unknown): string {
  const file = path.join(dir, fileName);
  writeFileSync(file, typeof snapshot === "string" ? snapshot : JSON.stringify(snapshot));
  return file;
}
