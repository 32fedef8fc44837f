/**
 * The snapshot: the one data model shared by the runtime (which records it) and
 * the renderers (which turn it into files). Declared once, here; the JSON Schema
 * beside it (`schema/snapshot.schema.json`) describes the same shape and tests
 * validate every written snapshot against it.
 *
 * Conventions: snake_case keys; sizes in bytes (integers); times in milliseconds
 * since the run started (monotonic clock, `metadata.start_time` is the wall-clock
 * origin); percentages are numbers in [0, 100]; a value that was not measured is
 * `null`, never a made-up number.
 *
 * The runtime produces a `RawSnapshot` (what it observed). `render/` derives the
 * rest (`summary`, `memory_hierarchy`, `leaks`) with pure functions and writes the
 * full `Snapshot`.
 */
import type { Category, InitializerKind } from "./protocol.js";

export const FORMAT_VERSION = 1;

export interface Metadata {
  format_version: number;
  tool_version: string;
  /** Wall-clock time of export, ISO 8601. */
  timestamp: string;
  /** Wall-clock time the runtime started, ISO 8601: the origin of every `*_time`. */
  start_time: string;
  /** Monotonic milliseconds from start to export. */
  duration_ms: number;
  node_version: string;
  v8_version: string;
  platform: string;
  arch: string;
  pointer_compression: boolean;
  pid: number;
  argv: string[];
  /** Threads that contributed records (main thread included). */
  thread_count: number;
  /** Name of the report (entry script's base name unless MEMSCOPE_NAME). */
  name: string;
  sample_interval_ms: number;
  /** True when MEMSCOPE_PRECISE=1 measured exact sizes from a V8 heap snapshot. */
  precise: boolean;
  /** What ended the run: "exit", "process.exit", "uncaught-exception", "SIGINT", "SIGTERM", "api". */
  exit_reason: string;
  /**
   * Hot-site sampling in effect (MEMSCOPE_HOT_SITES): past `site_budget` records of one
   * variable site, 1 in `keep_every` registrations was kept, and that stride doubled each
   * time another `stride_doubles_after` records were kept at it (absent: it never
   * doubled); null when off. Absent from older writers.
   */
  hot_site_sampling?: { site_budget: number; keep_every: number; stride_doubles_after?: number } | null;
  /** What the runtime counted instead of recording, summed over threads. Absent from older writers. */
  runtime_counters?: RuntimeCounters;
  /** The processes a merged snapshot (`memscope merge`) was made from, in input order. */
  processes?: ProcessInfo[];
  /** How liveness was settled before the export (runtime/liveness.ts). Absent from older writers. */
  liveness?: LivenessSettlement;
  /** Precise mode was requested but measured nothing: why, in words. */
  precise_unavailable?: string;
}

export interface ProcessInfo {
  pid: number;
  /** The snapshot file it was read from, as given on the command line. */
  source: string;
  start_time: string;
  timestamp: string;
  node_version: string;
  exit_reason: string;
  records: number;
  /** Added to this process's times to put them on the merged time axis (ms since the earliest start_time). */
  time_offset_ms: number;
}

/**
 * "gc-and-callbacks": a full GC ran and every finalization callback it caused was seen.
 * "gc-and-weak-refs": a synchronous exit; a full GC ran, watched collections were settled
 * through their WeakRefs, and `unsettled_records` objects whose collection could not be
 * observed are reported alive. "gc-and-heap-snapshot": a synchronous exit whose other
 * objects were settled from a heap snapshot (none left unsettled). "none": no GC could be forced.
 */
export interface LivenessSettlement {
  method: "gc-and-callbacks" | "gc-and-weak-refs" | "gc-and-heap-snapshot" | "none";
  unsettled_records: number;
}

/** Input the runtime ignored or could not act on: counted, never silent. */
export interface RuntimeCounters {
  /** Errors the runtime caught in itself (the program never sees them): some registrations may be missing. */
  internal_errors: number;
  /** registerFile/track calls with a malformed site table or a site id that is not a variable site. */
  invalid_site_calls: number;
  /** enter/exit/track calls with a scope handle that is not live. */
  invalid_scope_calls: number;
  /** track calls whose value is not a string or an object (nothing to record). */
  untracked_values: number;
  /** Collections never re-measured after registration (watch budget full, or made in a long synchronous stretch). */
  unwatched_collections: number;
  /** Scope instances still open when every scope slot was taken (generators never finished), closed by the runtime (absent from older writers). */
  abandoned_scopes?: number;
  /** exit() calls for those instances after the runtime closed them (absent from older writers). */
  late_scope_exits?: number;
}

export interface AllocationRecord {
  id: number;
  variable_name: string;
  /** Static type text from the checker, untruncated (`Map<string, User[]>`). */
  type_name: string;
  category: Category;
  /** `Array`, `Map`, `Uint8Array`, `string`, `class`, `object`, ... */
  subcategory: string;
  /** Estimated on-heap size at the last measurement (O(1) estimate, V8 layout). */
  size_bytes: number;
  /** Off-heap bytes (ArrayBuffer backing stores); 0 when none. */
  external_bytes: number;
  /** Exact shallow size from a V8 heap snapshot, when precise mode measured it. */
  precise_self_bytes?: number | null;
  /** Exact retained size (dominator tree), when precise mode measured it. */
  precise_retained_bytes?: number | null;
  /**
   * The part of precise_retained_bytes that no other tracked object's retained size
   * counts (its retained size minus those of the tracked objects nearest below it in
   * the dominator tree): distinct objects' values add up without overlap.
   */
  precise_exclusive_bytes?: number | null;
  allocation_time: number;
  scope_exit_time: number | null;
  collected_time: number | null;
  file: string;
  line: number;
  column: number;
  /** Id of the scope *site* (`scopes[].id`) the binding was declared in. */
  scope_id: number;
  /** Which invocation of that scope (unique per thread). */
  scope_instance: number;
  /** Id of the variable site: records from the same declaration share it. */
  site_id: number;
  thread_id: number;
  /**
   * Registrations of its declaration this record stands for: with hot-site sampling, a
   * record kept 1 in N past the site's budget stands for itself and the N − 1 values left
   * out before it (the site's last record also for those left out after it). Every figure
   * counts the record `weight` times (marked ≈). Absent: 1 (kept within the budget, or
   * sampling off).
   */
  weight?: number;
  /**
   * Re-measurements by the sampler where the size changed: `[time_ms, size_bytes]`,
   * oldest first, bounded (decimated) per record. Absent when never re-measured.
   */
  size_history?: Array<[number, number]>;
}

export interface ScopeRecord {
  /** Scope site id, referenced by `allocations[].scope_id`. */
  id: number;
  /** Function name, or `<anonymous>`, or `<module>`; renderers add file:line when anonymous. */
  name: string;
  file: string;
  line: number;
  column: number;
  parent_id: number | null;
  thread_id: number;
  invocations: number;
  /** Invocations that have exited (duration known). */
  completed: number;
  /**
   * Sum of the completed invocations' durations; when `timed_invocations` <
   * `completed` (hot-scope sampling) it is the timed invocations' mean × completed.
   */
  total_duration_ms: number;
  /** Over the timed invocations. */
  min_duration_ms: number | null;
  max_duration_ms: number | null;
  /**
   * Completed invocations whose duration was measured: all of them, except for hot
   * scopes past the MEMSCOPE_HOT_SITES budget (1 in N timed). Absent from older writers.
   */
  timed_invocations?: number;
}

export type RelationKind = "alias" | "move" | "clone";

export interface Relation {
  kind: RelationKind;
  /**
   * Record id of the object's holder when the relation was seen (alias, move; after a
   * move the new record is the holder) or the clone's source. Live-byte totals count
   * each object once: alias `to` and move `from` records are shared holders.
   */
  from: number;
  /** Record id of the second holder or the clone. */
  to: number;
  time: number;
}

export interface TimelineSample {
  time: number;
  heap_used: number;
  heap_total: number;
  rss: number;
  external: number;
  array_buffers: number;
  tracked_live_bytes: number;
  tracked_live_count: number;
}

export interface GcEvent {
  time: number;
  /** V8's GC type name: "Scavenge", "MarkSweepCompact", "MinorMarkSweep", ... */
  type: string;
  duration_ms: number;
  heap_before: number;
  heap_after: number;
}

export interface GcSection {
  /** False when v8.GCProfiler was not available; events is then empty. */
  available: boolean;
  events: GcEvent[];
  /** Sum over GCs of (heap used before this GC − heap used after the previous one). */
  allocated_bytes: number | null;
  /** Sum over GCs of (heap used before − heap used after). */
  freed_bytes: number | null;
}

export interface HeapSpace {
  name: string;
  size: number;
  used: number;
  available: number;
  physical: number;
}

export interface HeapSection {
  /** v8.getHeapStatistics() at export. */
  total_heap_size: number;
  total_physical_size: number;
  used_heap_size: number;
  heap_size_limit: number;
  malloced_memory: number;
  external_memory: number;
  /** Highest heap used seen by the sampler, or null when no sample was taken. */
  peak_heap_used: number | null;
  spaces: HeapSpace[];
}

/**
 * Registrations of one variable site not kept as records: past MEMSCOPE_MAX_RECORDS
 * (estimated one by one), or left out by hot-site sampling (counted only).
 */
export interface FoldedSite {
  site_id: number;
  variable_name: string;
  file: string;
  line: number;
  count: number;
  bytes: number;
  /**
   * How many of `count` were left out by hot-site sampling (the rest hit
   * MEMSCOPE_MAX_RECORDS). Absent from older writers. Registrations at the site =
   * its kept records + `count`.
   */
  sampled?: number;
  /**
   * The part of `bytes` that was extrapolated rather than measured: the sampled-out
   * registrations times the mean size of the site's sampled records (kept 1 in N past
   * the budget). 0 when every folded registration was measured. Absent from older
   * writers, whose `bytes` were all measured.
   */
  bytes_extrapolated?: number;
}

/**
 * One tracked declaration (variable site) as the transformer described it, with what its
 * initializer does. Records of a site whose initializer `reads` or binds a
 * `literal_string` name values that existed before: they add no bytes to any total and
 * are never leak candidates themselves (the object's own first record is).
 */
export interface VariableSite {
  site_id: number;
  variable_name: string;
  file: string;
  line: number;
  initializer: InitializerKind;
}

/**
 * One step of a retainer path in a V8 heap snapshot: the edge followed and the node it
 * leads to, as V8 names them (an edge of a Map's or Set's table is named "entry key" or
 * "entry value"), with the record of the tracked object the node is, when it is one.
 */
export interface RetainerStep {
  /** V8's edge type: "property", "element", "context", "internal", "hidden", "shortcut"… */
  edge_type: string;
  /** Property or variable name, element index, or V8's internal name (at most 80 characters). */
  edge: string;
  /** V8's node type: "object", "closure", "array", "string", "synthetic"… */
  node_type: string;
  /** Constructor or function name, a string's text, or V8's name for the node (at most 80 characters). */
  node: string;
  /** The tracked object this node is (its first record in this snapshot), or null. */
  record_id: number | null;
}

/** Who holds a tracked object at export (precise mode): its shortest retainer path from V8's GC roots. */
export interface RetainerPath {
  record_id: number;
  /** From the root down to the object itself (its own node is the last step's). */
  steps: RetainerStep[];
  /** Steps left out between the first four and the last ones of a long path. */
  omitted_steps: number;
}

export interface ThreadInfo {
  thread_id: number;
  name: string;
  records: number;
  /** The thread's process, in a snapshot merged from several processes (`memscope merge`): a record's process is its thread's. */
  pid?: number;
}

/** What the runtime observed. */
export interface RawSnapshot {
  metadata: Metadata;
  allocations: AllocationRecord[];
  scopes: ScopeRecord[];
  relations: Relation[];
  timeline: TimelineSample[];
  gc: GcSection;
  heap: HeapSection;
  threads: ThreadInfo[];
  /** Number of records not kept individually (folded into `folded_sites`). */
  dropped_records: number;
  folded_sites: FoldedSite[];
  /** Count of tracked variable sites (declarations) registered, for allocation density. */
  tracked_sites: number;
  /** Every registered variable site, with its initializer kind. Absent from older writers (every site then counts as `call`). */
  variable_sites?: VariableSite[];
  /**
   * Precise mode: retainer paths of live tracked objects, those that outlived their
   * scope first, largest retained first, at most 256 per thread. Absent otherwise.
   */
  retainers?: RetainerPath[];
}

export interface Summary {
  active_memory_bytes: number;
  peak_memory_bytes: number;
  /**
   * Where peak_memory_bytes came from: "timeline" (max of the samples' tracked_live_bytes
   * and the export instant), "records" (no samples: rebuilt from the records' allocation,
   * collected and scope-exit events), "none" (nothing recorded). Optional for older writers.
   */
  peak_memory_source?: "timeline" | "records" | "none";
  /** V8 peak heap used, shown beside peak memory; null when not sampled. */
  v8_peak_heap_used_bytes: number | null;
  active_allocations: number;
  memory_efficiency_percent: number;
  median_allocation_bytes: number;
  p95_allocation_bytes: number;
  /** (committed − used) / committed × 100 from V8 at export; null if unknown. */
  heap_fragmentation_percent: number | null;
  allocation_density: number;
  total_allocations: number;
  total_bytes: number;
  tracked_sites: number;
  /**
   * The O(1) estimator's error against precise mode's exact self sizes, over the
   * records precise mode measured. Absent when the run was not precise; null when
   * precise mode measured no record. Optional for older writers.
   */
  precision?: PrecisionSummary | null;
  /**
   * Hot-site sampling's share of the figures: which summary figures count records with a
   * weight above 1 (extrapolated, shown with ≈) and their sampling error. Absent when no
   * record has a weight above 1 (and from older writers).
   */
  sampling?: SamplingSummary | null;
  /**
   * Present only when the run recorded nothing (no record kept, folded or dropped): why,
   * in words ("No tracked binding ran: ..."), as the SVGs and `memscope run` say it.
   */
  no_records_reason?: string;
}

/**
 * Records kept 1 in N by hot-site sampling stand for N values each (`weight`). The
 * margins are 95% (1.96 standard errors) of the estimate from the records kept, each
 * declaration's records at one stride taken as a systematic sample of its values
 * (successive differences), a stride with one record as a Poisson draw.
 */
export interface SamplingSummary {
  /** Kept records with a weight above 1. */
  weighted_records: number;
  /** The registrations those records stand for (the sum of their weights). */
  represented_registrations: number;
  /** The summary keys whose value includes weighted records (shown with ≈). */
  figures: string[];
  /** ± bytes of `active_memory_bytes` (95%). */
  active_memory_margin_bytes: number;
  /** ± objects of `active_allocations` (95%). */
  active_allocations_margin: number;
}

/** Estimates (`size_bytes`) against exact self sizes (`precise_self_bytes`) for a set of measured records. */
export interface PrecisionStats {
  /** Records with a measured `precise_self_bytes`. */
  measured: number;
  /** Sum of their `size_bytes` (on-heap estimate; off-heap `external_bytes` left out, as V8's self size does). */
  estimated_bytes: number;
  /** Sum of their `precise_self_bytes`. */
  precise_self_bytes: number;
  /** Sum of their `precise_retained_bytes` where measured. */
  precise_retained_bytes: number;
  /** (estimated − precise self) ÷ precise self × 100; null when the precise sum is 0. */
  total_error_percent: number | null;
  /**
   * Mean over the records whose exact self size is > 0 of |estimate − self| ÷ self × 100;
   * null when there is no such record.
   */
  mean_absolute_percentage_error: number | null;
}

export interface PrecisionGroup extends PrecisionStats {
  category: Category;
  subcategory: string;
}

export interface PrecisionSummary extends PrecisionStats {
  /** Per (category, subcategory), largest exact self bytes first. */
  by_subcategory: PrecisionGroup[];
}

export type HierarchyLevel = "root" | "category" | "subcategory" | "type" | "variable";

export interface HierarchyNode {
  level: HierarchyLevel;
  name: string;
  bytes: number;
  count: number;
  percent_of_parent: number;
  percent_of_total: number;
  /** For variable nodes: where the declaration is. */
  file?: string;
  line?: number;
  site_id?: number;
  /** True when its bytes and count include records with a weight above 1 (hot-site sampling: ≈). */
  extrapolated?: boolean;
  /**
   * On the root, in a precise run: "precise_exclusive" when objects precise mode measured
   * count their exact retained bytes that no other tracked object counts (the rest their
   * estimates). Absent: every figure is the estimate.
   */
  measure?: "precise_exclusive";
  children?: HierarchyNode[];
}

export type LeakKind = "outlived_scope" | "unbounded_growth";

export interface LeakCandidate {
  kind: LeakKind;
  record_id: number;
  variable_name: string;
  type_name: string;
  file: string;
  line: number;
  bytes: number;
  /**
   * Precise mode: the objects' retained sizes (dominator tree) summed, the estimate
   * standing in for an object precise mode did not measure. Candidates are ranked by it
   * when present. Absent outside precise mode.
   */
  retained_bytes?: number;
  /** True when `bytes` includes records with a weight above 1 (hot-site sampling: ≈). */
  extrapolated?: boolean;
  /** A sentence a user can act on, computed from the recorded times and sizes. */
  reason: string;
  /**
   * Precise mode: who holds it, as readable steps from the outermost holder worth naming
   * (a tracked declaration, a variable, a global) down to the object, e.g.
   * ["`searchMemo` Map (src/cache.ts:12)", "entry value", "User", ".avatar"]. Absent
   * when no retainer path was measured for this finding.
   */
  retainer_path?: string[];
}

/** The full snapshot written to `<name>_snapshot.json`. */
export interface Snapshot extends RawSnapshot {
  summary: Summary;
  memory_hierarchy: HierarchyNode;
  leaks: LeakCandidate[];
}
