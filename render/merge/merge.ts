/**
 * `memscope merge`: snapshots of one build from several processes (cluster workers,
 * pods) as one snapshot. Pure: snapshots in, a snapshot out (its derived sections —
 * summary, hierarchy — computed by buildSnapshot over the merged records).
 *
 * - Declarations are matched by file:line + name, scopes by file:line:column + name:
 *   each gets one site id, so per-declaration figures sum over the processes.
 * - Every record keeps its process: each (process, thread) gets a thread id of its own,
 *   listed in `threads` with its pid, so a record's `thread_id` names its process.
 * - Times are put on one axis: milliseconds since the earliest process start
 *   (`metadata.processes[].time_offset_ms` says what was added to each).
 * - The heap timeline is the sum over the processes, each holding its latest sample
 *   until its next (and its last one after it, since a process's last sample is its
 *   export, not necessarily its end); V8 heap counters and GC totals are summed.
 * - Leak candidates are each process's own (judged against its own export time), one
 *   per (kind, declaration) as in any snapshot: bytes summed over the processes.
 */
import type {
  AllocationRecord, FoldedSite, GcEvent, HeapSection, LeakCandidate, Metadata, ProcessInfo, RawSnapshot, RuntimeCounters, ScopeRecord,
  Snapshot, ThreadInfo, TimelineSample,
} from "../../format/snapshot.js";
import * as path from "node:path";
import { RECORD_KEYS } from "../../format/record.js";
import { buildSnapshot } from "../derive/snapshot.js";
import { formatBytes, formatCount } from "../units.js";
import { sortLeaks } from "../derive/leak-reasons.js";

export interface MergeInput {
  /** Where the snapshot came from (a file name), for messages and `metadata.processes`. */
  source: string;
  snapshot: Snapshot;
}

export interface MergeOptions {
  /** `metadata.name` of the merged snapshot (default: the first input's). */
  name?: string;
  /**
   * The inputs are the workers of one test run (Vitest, Jest): each ran other test files,
   * so they need not share an instrumented file or an entry script; the checks that
   * remain (tool version, the same functions and declarations wherever two loaded the
   * same file) still refuse a mix of builds.
   */
  testRun?: boolean;
}

/** Snapshots that cannot be merged (different builds, nothing to merge): one line a user can act on. */
export class MergeError extends Error {
  override name = "MergeError";
}

function declarationKey(file: string, line: number, name: string): string {
  return `v\u0000${file}\u0000${line}\u0000${name}`;
}

function scopeSiteKey(scope: ScopeRecord): string {
  return `s\u0000${scope.file}\u0000${scope.line}\u0000${scope.column}\u0000${scope.name}`;
}

/**
 * Throws a MergeError unless the snapshots come from the same build: the same tool
 * version, the same entry script (its file name), instrumented files in common, the
 * same functions at the same places in every file they both loaded, and each
 * declaration (file:line + name) with the same column and declared type.
 */
export function checkSameBuild(inputs: readonly MergeInput[], options: Pick<MergeOptions, "testRun"> = {}): void {
  const first = inputs[0]!;
  const entry = (input: MergeInput): string => path.basename(input.snapshot.metadata.argv[1] ?? "");
  const filesOf = (input: MergeInput): Set<string> => new Set([...input.snapshot.scopes.map((s) => s.file), ...input.snapshot.allocations.map((a) => a.file)]);
  const firstFiles = filesOf(first);
  const scopesOf = (input: MergeInput): Map<string, string> => {
    const byFile = new Map<string, Set<string>>();
    for (const scope of input.snapshot.scopes) {
      let set = byFile.get(scope.file);
      if (!set) byFile.set(scope.file, (set = new Set()));
      set.add(`${scope.name} at ${scope.line}:${scope.column}`);
    }
    return new Map([...byFile].map(([file, set]) => [file, [...set].sort().join("\n")]));
  };
  const firstScopes = scopesOf(first);
  const declarations = new Map<string, { column: number; type: string; source: string }>();
  for (const input of inputs) {
    const { metadata } = input.snapshot;
    if (metadata.tool_version !== first.snapshot.metadata.tool_version) {
      throw new MergeError(
        `${input.source} was written by memscope-ts ${metadata.tool_version}, ${first.source} by ${first.snapshot.metadata.tool_version}: not the same build`,
      );
    }
    if (input !== first) {
      if (options.testRun !== true && entry(input) !== entry(first)) {
        throw new MergeError(`${input.source} ran ${entry(input) || "(no script)"}, ${first.source} ran ${entry(first) || "(no script)"}: not the same program`);
      }
      if (options.testRun !== true && ![...filesOf(input)].some((file) => firstFiles.has(file))) {
        throw new MergeError(`${input.source} and ${first.source} have no instrumented file in common: not the same build`);
      }
      for (const [file, scopes] of scopesOf(input)) {
        const expected = firstScopes.get(file);
        if (expected !== undefined && expected !== scopes) {
          const mine = new Set(scopes.split("\n"));
          const theirs = new Set(expected.split("\n"));
          const odd = [...mine].find((s) => !theirs.has(s)) ?? [...theirs].find((s) => !mine.has(s));
          throw new MergeError(`${input.source} and ${first.source} are not from the same build: ${file} differs (function ${odd ?? "?"} is in one only)`);
        }
      }
    }
    for (const record of input.snapshot.allocations) {
      const key = declarationKey(record.file, record.line, record.variable_name);
      const seen = declarations.get(key);
      if (seen === undefined) declarations.set(key, { column: record.column, type: record.type_name, source: input.source });
      else if (seen.column !== record.column || seen.type !== record.type_name) {
        throw new MergeError(
          `${input.source} and ${seen.source} are not from the same build: ${record.file}:${record.line} ${record.variable_name} is ` +
            `'${record.type_name}' at column ${record.column} in one and '${seen.type}' at column ${seen.column} in the other`,
        );
      }
    }
  }
}

/** Site ids of the merged snapshot, one per declaration and per scope site. */
class SiteTable {
  private readonly ids = new Map<string, number>();
  id(key: string): number {
    let id = this.ids.get(key);
    if (id === undefined) this.ids.set(key, (id = this.ids.size));
    return id;
  }
  get size(): number {
    return this.ids.size;
  }
}

function startMs(metadata: Metadata): number {
  const time = Date.parse(metadata.start_time);
  return Number.isFinite(time) ? time : 0;
}

const round = (ms: number): number => Math.round(ms * 1000) / 1000;

export function mergeSnapshots(inputs: readonly MergeInput[], options: MergeOptions = {}): Snapshot {
  if (inputs.length === 0) throw new MergeError("nothing to merge");
  checkSameBuild(inputs, options);
  const base = Math.min(...inputs.map((input) => startMs(input.snapshot.metadata)));
  const sites = new SiteTable();
  const allocations: AllocationRecord[] = [];
  const scopes: ScopeRecord[] = [];
  const relations: RawSnapshot["relations"] = [];
  const threads: ThreadInfo[] = [];
  const gcEvents: GcEvent[] = [];
  const folded = new Map<number, FoldedSite>();
  const leakGroups = new Map<string, { leak: LeakCandidate; largest: number; pids: number[] }>();
  const processes: ProcessInfo[] = [];
  let recordShift = 0;
  let droppedRecords = 0;
  let trackedSites = 0;
  let duration = 0;
  let latest = inputs[0]!.snapshot.metadata.timestamp;

  for (const input of inputs) {
    const snapshot = input.snapshot;
    const { metadata } = snapshot;
    const offset = startMs(metadata) - base;
    const at = (time: number): number => round(time + offset);
    const atOrNull = (time: number | null): number | null => (time === null ? null : at(time));
    // This input's scope ids, and its threads, in the merged numbering.
    const scopeIds = new Map<number, number>();
    for (const scope of snapshot.scopes) scopeIds.set(scope.id, sites.id(scopeSiteKey(scope)));
    const threadIds = new Map<number, number>();
    const threadOf = (thread: number): number => {
      let id = threadIds.get(thread);
      if (id === undefined) {
        id = threads.length;
        threadIds.set(thread, id);
        const info = snapshot.threads.find((t) => t.thread_id === thread);
        const pid = info?.pid ?? metadata.pid;
        const name = info?.pid !== undefined ? info.name : `pid ${pid} ${info?.name ?? `thread ${thread}`}`;
        threads.push({ thread_id: id, name, records: 0, pid });
      }
      return id;
    };
    for (const t of snapshot.threads) threadOf(t.thread_id);
    let maxId = -1;
    for (const record of snapshot.allocations) {
      maxId = Math.max(maxId, record.id);
      const thread = threadOf(record.thread_id);
      threads[thread]!.records++;
      const merged: AllocationRecord = {
        ...record,
        id: record.id + recordShift,
        allocation_time: at(record.allocation_time),
        scope_exit_time: atOrNull(record.scope_exit_time),
        collected_time: atOrNull(record.collected_time),
        scope_id: record.scope_id >= 0 ? (scopeIds.get(record.scope_id) ?? sites.id(`u\u0000${input.source}\u0000${record.scope_id}`)) : record.scope_id,
        site_id: sites.id(declarationKey(record.file, record.line, record.variable_name)),
        thread_id: thread,
      };
      if (record.size_history) merged.size_history = record.size_history.map(([time, bytes]) => [at(time), bytes]);
      allocations.push(inDeclaredOrder(merged));
    }
    for (const scope of snapshot.scopes) {
      scopes.push({
        ...scope,
        id: scopeIds.get(scope.id)!,
        parent_id: scope.parent_id === null ? null : (scopeIds.get(scope.parent_id) ?? null),
        thread_id: threadOf(scope.thread_id),
      });
    }
    for (const relation of snapshot.relations) {
      relations.push({ ...relation, from: relation.from + recordShift, to: relation.to + recordShift, time: at(relation.time) });
    }
    for (const event of snapshot.gc.events) gcEvents.push({ ...event, time: at(event.time) });
    for (const site of snapshot.folded_sites) {
      const id = sites.id(declarationKey(site.file, site.line, site.variable_name));
      const into = folded.get(id);
      if (!into) folded.set(id, { ...site, site_id: id });
      else {
        into.count += site.count;
        into.bytes += site.bytes;
        if (site.sampled !== undefined) into.sampled = (into.sampled ?? 0) + site.sampled;
        if (site.bytes_extrapolated !== undefined) into.bytes_extrapolated = (into.bytes_extrapolated ?? 0) + site.bytes_extrapolated;
      }
    }
    for (const leak of snapshot.leaks) {
      const key = `${leak.kind}\u0000${declarationKey(leak.file, leak.line, leak.variable_name)}`;
      const group = leakGroups.get(key);
      const shifted = { ...leak, record_id: leak.record_id + recordShift };
      if (!group) leakGroups.set(key, { leak: shifted, largest: leak.bytes, pids: [metadata.pid] });
      else {
        group.pids.push(metadata.pid);
        const total = group.leak.bytes + leak.bytes;
        if (leak.bytes > group.largest) {
          group.leak = shifted;
          group.largest = leak.bytes;
        }
        group.leak.bytes = total;
      }
    }
    processes.push({
      pid: metadata.pid,
      source: input.source,
      start_time: metadata.start_time,
      timestamp: metadata.timestamp,
      node_version: metadata.node_version,
      exit_reason: metadata.exit_reason,
      records: snapshot.allocations.length,
      time_offset_ms: round(offset),
    });
    recordShift += maxId + 1;
    droppedRecords += snapshot.dropped_records;
    trackedSites = Math.max(trackedSites, snapshot.tracked_sites);
    duration = Math.max(duration, offset + metadata.duration_ms);
    if (Date.parse(metadata.timestamp) > Date.parse(latest)) latest = metadata.timestamp;
  }

  const declarationsSeen = new Set(allocations.map((a) => a.site_id));
  for (const id of folded.keys()) declarationsSeen.add(id);
  const first = inputs[0]!.snapshot.metadata;
  const timeline = mergeTimelines(
    inputs.map((input) => ({ samples: input.snapshot.timeline, offset: startMs(input.snapshot.metadata) - base, ended: processEnded(input.snapshot.metadata) })),
  );
  const metadata: Metadata = {
    ...first,
    timestamp: latest,
    start_time: new Date(base).toISOString(),
    duration_ms: round(duration),
    thread_count: threads.length,
    name: options.name ?? first.name,
    precise: inputs.every((input) => input.snapshot.metadata.precise),
    exit_reason: "merge",
    processes,
  };
  const counters = sumCounters(inputs.map((input) => input.snapshot.metadata.runtime_counters));
  if (counters) metadata.runtime_counters = counters;
  else delete metadata.runtime_counters;
  gcEvents.sort((a, b) => a.time - b.time);
  const gcTotals = (pick: (gc: Snapshot["gc"]) => number | null): number | null => {
    const values = inputs.map((input) => pick(input.snapshot.gc)).filter((v): v is number => v !== null);
    return values.length === 0 ? null : values.reduce((s, v) => s + v, 0);
  };
  const raw: RawSnapshot = {
    metadata,
    allocations,
    scopes,
    relations,
    timeline,
    gc: {
      available: inputs.some((input) => input.snapshot.gc.available),
      events: gcEvents,
      allocated_bytes: gcTotals((gc) => gc.allocated_bytes),
      freed_bytes: gcTotals((gc) => gc.freed_bytes),
    },
    heap: sumHeaps(inputs.map((input) => input.snapshot.heap), timeline),
    threads,
    dropped_records: droppedRecords,
    folded_sites: [...folded.values()].sort((a, b) => a.site_id - b.site_id),
    tracked_sites: Math.max(trackedSites, declarationsSeen.size),
  };
  const merged = buildSnapshot(raw);
  merged.leaks = sortLeaks(
    [...leakGroups.values()].map(({ leak, pids }) =>
      pids.length === 1
        ? { ...leak, reason: `pid ${pids[0]}: ${leak.reason}` }
        : {
            ...leak,
            reason:
              `In ${formatCount(pids.length)} processes (pids ${pids.join(", ")}), ${formatBytes(leak.bytes)} in all; ` +
              `the largest: ${leak.reason}`,
          },
    ),
  );
  return merged;
}

/** The record's keys in the order every writer writes them (format/record.ts). */
function inDeclaredOrder(record: AllocationRecord): AllocationRecord {
  const ordered: Record<string, unknown> = {};
  const source = record as unknown as Record<string, unknown>;
  for (const key of RECORD_KEYS) if (source[key] !== undefined) ordered[key] = source[key];
  return ordered as unknown as AllocationRecord;
}

/** A snapshot written at the end of its process (not by exportNow / the snapshot signal, "api", nor an earlier merge). */
function processEnded(metadata: Metadata): boolean {
  return metadata.exit_reason !== "api" && metadata.exit_reason !== "merge";
}

/**
 * The sum over processes of their samples, on the merged time axis: at each sample time
 * of any process, each process's latest sample at or before it — none before its first,
 * and none after the last of a process that ended; a process snapshotted while running
 * holds its last sample.
 */
export function mergeTimelines(parts: ReadonlyArray<{ samples: readonly TimelineSample[]; offset: number; ended: boolean }>): TimelineSample[] {
  const shifted = parts.map(({ samples, offset }) => samples.map((s) => ({ ...s, time: round(s.time + offset) })).sort((a, b) => a.time - b.time));
  const times = [...new Set(shifted.flatMap((samples) => samples.map((s) => s.time)))].sort((a, b) => a - b);
  const cursor = shifted.map(() => -1);
  const merged: TimelineSample[] = [];
  for (const time of times) {
    const sum: TimelineSample = { time, heap_used: 0, heap_total: 0, rss: 0, external: 0, array_buffers: 0, tracked_live_bytes: 0, tracked_live_count: 0 };
    shifted.forEach((samples, p) => {
      while (cursor[p]! + 1 < samples.length && samples[cursor[p]! + 1]!.time <= time) cursor[p]!++;
      const sample = samples[cursor[p]!];
      // Before its first sample, and after the last one of a process that ended, a process adds nothing.
      if (sample === undefined || (parts[p]!.ended && time > samples[samples.length - 1]!.time)) return;
      sum.heap_used += sample.heap_used;
      sum.heap_total += sample.heap_total;
      sum.rss += sample.rss;
      sum.external += sample.external;
      sum.array_buffers += sample.array_buffers;
      sum.tracked_live_bytes += sample.tracked_live_bytes;
      sum.tracked_live_count += sample.tracked_live_count;
    });
    merged.push(sum);
  }
  return merged;
}

function sumHeaps(heaps: readonly HeapSection[], timeline: readonly TimelineSample[]): HeapSection {
  const spaces = new Map<string, HeapSection["spaces"][number]>();
  for (const heap of heaps) {
    for (const space of heap.spaces) {
      const into = spaces.get(space.name);
      if (!into) spaces.set(space.name, { ...space });
      else {
        into.size += space.size;
        into.used += space.used;
        into.available += space.available;
        into.physical += space.physical;
      }
    }
  }
  const sum = (pick: (heap: HeapSection) => number): number => heaps.reduce((s, heap) => s + pick(heap), 0);
  // Peaks of different processes need not coincide: the merged timeline's peak, else the sum of the peaks.
  const timelinePeak = timeline.length > 0 ? Math.max(...timeline.map((s) => s.heap_used)) : null;
  const peaks = heaps.map((heap) => heap.peak_heap_used).filter((v): v is number => v !== null);
  return {
    total_heap_size: sum((h) => h.total_heap_size),
    total_physical_size: sum((h) => h.total_physical_size),
    used_heap_size: sum((h) => h.used_heap_size),
    heap_size_limit: sum((h) => h.heap_size_limit),
    malloced_memory: sum((h) => h.malloced_memory),
    external_memory: sum((h) => h.external_memory),
    peak_heap_used: timelinePeak ?? (peaks.length > 0 ? peaks.reduce((s, v) => s + v, 0) : null),
    spaces: [...spaces.values()],
  };
}

function sumCounters(all: ReadonlyArray<RuntimeCounters | undefined>): RuntimeCounters | null {
  const present = all.filter((c): c is RuntimeCounters => c !== undefined);
  if (present.length === 0) return null;
  const total: RuntimeCounters = { internal_errors: 0, invalid_site_calls: 0, invalid_scope_calls: 0, untracked_values: 0, unwatched_collections: 0 };
  for (const c of present) {
    total.internal_errors += c.internal_errors;
    total.invalid_site_calls += c.invalid_site_calls;
    total.invalid_scope_calls += c.invalid_scope_calls;
    total.untracked_values += c.untracked_values;
    total.unwatched_collections += c.unwatched_collections;
  }
  return total;
}
