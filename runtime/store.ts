/**
 * The one store of runtime state for a thread (realm). It lives on globalThis under
 * Symbol.for(STORE_KEY) so that two copies of this module in one process share it.
 * Per-record data is a struct of typed arrays: registration writes numbers, never
 * allocates objects.
 */
import { type BroadcastChannel, isMainThread, threadId } from "node:worker_threads";
import { STORE_KEY } from "../format/protocol.js";
import { RAW_RECORD_ARRAYS, type RawRecordArray } from "../format/record.js";
import type { RawSnapshot, TimelineSample, GcEvent } from "../format/snapshot.js";
import type { RuntimeConfig } from "./config.js";
import type { GcProfilerLike } from "./gc-profiler.js";
import { monotonicNow } from "./clock.js";
import { grow } from "./growable.js";
import { mathMax } from "./intrinsics.js";

export const STORE_VERSION = 1;

/** Site kinds (SITE_SCOPE / SITE_VAR from the protocol, plus a marker for bad tuples). */
export const SITE_INVALID = -1;

/** Record flag bits. */
export const F_EXITED = 1;
/** Collected by V8, or (strings) ended at scope exit. */
export const F_DEAD = 2;
/**
 * The record's object is counted under another record (it is the second holder of
 * an alias, or the first holder of a move): it adds nothing to the live totals, so
 * each object is counted once (render's sharedHolders uses the same rule).
 */
export const F_SHARED = 4;
/**
 * The record names a value that existed before (its site's initializer `reads` or binds
 * a `literal_string`): it is always shared (adds nothing), and it never becomes the
 * object's holder; a later registration that is not a name takes over as the holder.
 */
export const F_NAME = 8;

/** Initializer kinds in `siteInit` (index into INITIALIZER_KINDS of the protocol). */
export const INIT_ALLOCATES = 0;
export const INIT_READS = 1;
export const INIT_LITERAL_STRING = 2;
export const INIT_CALL = 3;

/** Relation kinds (index into RELATION_NAMES). */
export const REL_ALIAS = 0;
export const REL_MOVE = 1;
export const REL_CLONE = 2;
export const RELATION_NAMES = ["alias", "move", "clone"] as const;

/** Site roles in `siteRole` (0: not a valid site). */
export const ROLE_SCOPE = 1;
export const ROLE_VAR = 2;

/**
 * Scope handles encode (generation, slot) as `generation << SLOT_BITS | slot`, with
 * generation in 1..GENERATIONS: a positive int32, so handles are small integers to V8.
 */
export const SLOT_BITS = 21;
export const SLOT_LIMIT = 1 << SLOT_BITS;
export const SLOT_MASK = SLOT_LIMIT - 1;
export const GENERATIONS = 1023;

/** Bounded series: past this many entries, every other one is dropped. */
export const SERIES_LIMIT = 4096;
/**
 * Watch-list budget. Creating a WeakRef keeps its target alive until the current
 * job ends (V8's KeepDuringJob set), so watching every collection made in a hot
 * loop would keep them all alive and cost GC time. Each site may have this many
 * live collections watched at once, within a global cap; slots free up when the
 * sampler finds a watched object collected.
 */
export const WATCH_PER_SITE = 32;
export const WATCH_LIMIT = 65536;
/**
 * A WeakRef keeps its target alive until the current job ends, and a job does not end
 * inside a long synchronous stretch (a batch program's main work, often the whole
 * initial module evaluation): every collection watched there, and all it references,
 * stays alive until the stretch is over, and the sampler cannot tick to re-measure it
 * meanwhile (at export, a temporary is dead). On the JSON bench job (60k orders) the
 * live heap after a mark-compact was 87 MB instead of the plain build's 43 MB, and
 * peak RSS 305 MB instead of 209 MB. So before the sampler's first tick, and when it
 * has not ticked for LONG_STRETCH_INTERVALS intervals (at least LONG_STRETCH_MIN_MS),
 * only module-level bindings (alive for the program anyway, and where a function's
 * result that outlives it is usually kept) get watched; function-level collections
 * registered then keep the size measured at registration and are counted as unwatched.
 */
export const LONG_STRETCH_INTERVALS = 4;
export const LONG_STRETCH_MIN_MS = 200;
/** Size-history points kept per record before decimation. */
export const HISTORY_LIMIT = 32;
/** Records that may carry a size history (later ones keep only their latest size). */
export const HISTORY_RECORDS_LIMIT = 16384;

const INITIAL_RECORDS = 1024;
const INITIAL_SITES = 256;
const INITIAL_SLOTS = 256;

export class Store {
  readonly version = STORE_VERSION;
  readonly t0 = monotonicNow();
  readonly startWall = Date.now();
  readonly threadId = threadId;
  readonly isMainThread = isMainThread;
  readonly config: RuntimeConfig;
  /** Hooks, sampler, registry installed (lazily, at first registration). */
  started = false;
  /** The at-exit export ran (or is running). */
  exited = false;
  /** An on-demand export (exportNow, the snapshot signal) in progress: the next request waits for it. */
  onDemandExport: Promise<unknown> | null = null;
  /** exportAll()-style checkpoints written so far: the next one is numbered checkpoints + 1 */
  checkpoints = 0;

  // ---- sites (few: plain arrays, except the counters the hot path touches) ----
  siteCount = 0;
  varSiteCount = 0;
  siteKind: number[] = [];
  siteName: string[] = [];
  siteType: string[] = [];
  siteCategory: string[] = [];
  siteSub: string[] = [];
  siteFile: string[] = [];
  siteLine: number[] = [];
  siteColumn: number[] = [];
  /** Scope sites: parent scope site (-1). Var sites: enclosing scope site (-1). */
  siteScope: number[] = [];
  /** Var sites: source var site of a clone initializer, or -1. */
  siteClone: number[] = [];
  /** Var sites: initializer kind (INIT_*). */
  siteInit: number[] = [];
  /** Var sites: how a string value is made (string-shape.ts: joins of a concatenation, -1 a slice, 0 other). */
  siteShape: number[] = [];
  /** Scope sites: shortest and longest timed invocation. */
  scopeMinMs: number[] = [];
  scopeMaxMs: number[] = [];
  /** Scope sites: completed invocations whose duration was measured (hot scopes are timed 1 in N). */
  scopeTimed: number[] = [];
  /** Var sites: records past MEMSCOPE_MAX_RECORDS (count, and bytes estimated one by one). */
  foldCount: number[] = [];
  foldBytes: number[] = [];
  /** Var sites: registrations that took the slow path (kept, or folded past the cap). */
  siteSeen: number[] = [];
  /** Var sites: bytes of the slow-path registrations (sizes at registration; `siteSeen` counts them), the extrapolation basis. */
  keptBytes: number[] = [];
  /**
   * Var sites: records kept by hot-site sampling past the budget, weighted by the
   * registrations each stands for (its stride): sum of bytes × stride, and of strides.
   */
  sampleBytes: number[] = [];
  sampleCount: number[] = [];
  /** Var sites: sampled-out registrations its records stand for (the sum of their weights − 1). */
  siteRepresented: number[] = [];
  /** Var sites: its latest kept record, or -1 (the one that also stands for the values left out after it). */
  siteLastKept: number[] = [];
  /** Hot-site sampling stride of a site past its budget (keeps 1 in `siteStride`), and how many it kept at that stride. */
  siteStride: number[] = [];
  siteStrideKept: number[] = [];
  /** Scope sites: sum of the strides of the timed invocations (each stands for `stride` invocations). */
  scopeTimedWeight: number[] = [];
  /** Scope sites: sum of duration × stride over the timed invocations. */
  scopeWeightedMs: number[] = [];
  /** trackVar's sites by "name\0file:line". */
  manualSites = new Map<string, number>();

  // Per-site state read and written by every enter/track/exit: typed arrays, so an
  // out-of-range or non-integer site id reads `undefined` (and fails the fast-path test)
  // instead of growing an array.
  siteCapacity = INITIAL_SITES;
  /** ROLE_SCOPE / ROLE_VAR for valid sites, 0 otherwise. */
  siteRole = new Uint8Array(INITIAL_SITES);
  /**
   * Hot-site sampling countdown: registrations (var site) or invocations (scope site)
   * still to pass, counted only, before the next one is kept (var) or timed (scope).
   */
  siteSkip = new Int32Array(INITIAL_SITES);
  /** Var sites: registrations left out by hot-site sampling (counted, not recorded). */
  siteSampledOut = new Float64Array(INITIAL_SITES);
  /** Var sites: latest record registered from the site, or -1 (also after a sampled-out registration). */
  siteLatest = new Int32Array(INITIAL_SITES);
  /** Var sites: collections of the site currently in the watch list. */
  siteWatched = new Int32Array(INITIAL_SITES);
  /** Scope sites: invocations opened and completed. */
  scopeInvocations = new Float64Array(INITIAL_SITES);
  scopeCompleted = new Float64Array(INITIAL_SITES);

  // ---- records (struct of arrays) ----
  count = 0;
  capacity = INITIAL_RECORDS;
  recSite = new Int32Array(INITIAL_RECORDS);
  /** Scope instance sequence number (unique per thread; 0 = none). */
  recInstance = new Uint32Array(INITIAL_RECORDS);
  recKind = new Uint8Array(INITIAL_RECORDS);
  recFlags = new Uint8Array(INITIAL_RECORDS);
  /** On-heap estimate, bytes (saturates at 2^32 - 1). */
  recSize = new Uint32Array(INITIAL_RECORDS);
  /** Off-heap bytes; values ≥ 2^32 - 1 live in `externalOverflow` (4 bytes per record, not 8). */
  recExternal = new Uint32Array(INITIAL_RECORDS);
  externalOverflow = new Map<number, number>();
  /**
   * Registrations the record stands for: its hot-site sampling stride when it was kept (1
   * within the budget). Live totals count it that many times (saturates at 2^32 - 1).
   */
  recWeight = new Uint32Array(INITIAL_RECORDS);
  recAllocTime = new Float64Array(INITIAL_RECORDS);
  /** While the scope is open: next record of the same instance (-1 ends). After exit: exit time. */
  recExitOrNext = new Float64Array(INITIAL_RECORDS);
  recCollectedTime = new Float64Array(INITIAL_RECORDS);
  /**
   * Live tracked bytes, each object once and each record `recWeight` times (the values
   * hot-site sampling left out): on-heap estimate + external (off-heap) bytes, as
   * render's recordBytes.
   */
  liveBytes = 0;
  liveCount = 0;
  droppedRecords = 0;

  // ---- scope instances (slots, recycled through a free list) ----
  slotCapacity = INITIAL_SLOTS;
  slotUsed = 0;
  slotHandle = new Int32Array(INITIAL_SLOTS);
  slotGeneration = new Uint16Array(INITIAL_SLOTS);
  slotSite = new Int32Array(INITIAL_SLOTS);
  slotSeq = new Uint32Array(INITIAL_SLOTS);
  slotEnter = new Float64Array(INITIAL_SLOTS);
  /** Timed instances: how many invocations the timing stands for (hot-site sampling stride). */
  slotStride = new Float64Array(INITIAL_SLOTS);
  slotHead = new Int32Array(INITIAL_SLOTS);
  freeSlots = new Int32Array(INITIAL_SLOTS);
  freeTop = 0;
  instanceSeq = 0;

  // ---- relations ----
  relCount = 0;
  relCapacity = 256;
  relKind = new Uint8Array(256);
  relFrom = new Int32Array(256);
  relTo = new Int32Array(256);
  relTime = new Float64Array(256);

  // ---- weak handles ----
  /**
   * First record of each tracked object (alias / move detection): the only record
   * of the object with a FinalizationRegistry cell.
   */
  owner = new WeakMap<object, number>();
  /** First record -> current holder, once a move handed the object on. */
  holderOf = new Map<number, number>();
  /**
   * First record -> later records of the same object (aliases, moves). They get no
   * registry cell of their own (72 bytes each, and GC work): they are marked
   * collected together with the first record.
   */
  sharers = new Map<number, number[]>();
  registry: FinalizationRegistry<number> | null = null;
  watchCount = 0;
  watchRec = new Int32Array(256);
  watchRefs: Array<WeakRef<object>> = [];
  watchCursor = 0;
  // ---- liveness at export (liveness.ts) ----
  /** V8's full GC once looked up (null: not available); undefined before. */
  gcFunction: (() => void) | null | undefined = undefined;
  /** Called by the registry when an asynchronous settle's sentinel is collected. */
  settleWaiter: (() => void) | null = null;
  /** The normal-exit settle ('beforeExit') was started. */
  settleStarted = false;
  /** The export's own GC is running: its collections do not end module-level records. */
  exportGcActive = false;
  /** Records registered when the last asynchronous settle completed. */
  settledCount = -1;
  /** An asynchronous settle completed and no export has used it yet. */
  settleFresh = false;
  /** How the last export settled liveness (metadata.liveness). */
  liveness: { method: string; unsettled: number } | null = null;
  /** Module-level objects held through the export's GC until the export has read them (liveness.ts). */
  moduleHold: object[] | null = null;
  /** Why precise mode measured nothing at the last export (metadata.precise_unavailable), or null. */
  preciseUnavailable: string | null = null;
  /** record index -> flat [time, size, time, size, ...] of re-measurements. */
  sizeHistory = new Map<number, number[]>();

  // ---- sampled series ----
  timeline: TimelineSample[] = [];
  peakHeapUsed: number | null = null;
  gcEvents: GcEvent[] = [];
  gcAvailable = false;
  gcAllocatedBytes = 0;
  gcFreedBytes = 0;
  /** heap used after the previous GC seen, for allocated-between-GCs. */
  gcLastAfter: number | null = null;
  /**
   * The running v8.GCProfiler (gc-counters.ts). Held here, not in a module variable,
   * like everything below: the package's bundle and dist/runtime/index.js are two
   * copies of the runtime's modules in one process, and both must see it.
   */
  gcProfiler: GcProfilerLike | null = null;

  // ---- threads ----
  workerParts: RawSnapshot[] = [];
  /** Main thread: the channel the workers' parts arrive on (threads.ts). */
  partsChannel: BroadcastChannel | null = null;

  // ---- counters of ignored input (never silent) ----
  invalidSiteCalls = 0;
  invalidScopeCalls = 0;
  untrackedValues = 0;
  /** Collections not re-measured because the watch budget was full. */
  unwatchedCollections = 0;
  internalErrors = 0;
  /** Scope instances closed by the runtime because every slot was taken (registration.ts reclaimAbandoned). */
  abandonedScopes = 0;
  /** exit() calls for such an instance, after the runtime had closed it. */
  lateScopeExits = 0;

  constructor(config: RuntimeConfig) {
    this.config = config;
  }

  now(): number {
    return monotonicNow() - this.t0;
  }

  ensureRecordCapacity(): void {
    if (this.count < this.capacity) return;
    const capacity = this.capacity * 2;
    const columns = this as unknown as Record<RawRecordArray["property"], Int32Array | Uint32Array | Uint8Array | Float64Array>;
    for (const { property } of RAW_RECORD_ARRAYS) columns[property] = grow(columns[property], capacity);
    this.capacity = capacity;
  }

  ensureSiteCapacity(): void {
    if (this.siteCount < this.siteCapacity) return;
    const capacity = this.siteCapacity * 2;
    this.siteRole = grow(this.siteRole, capacity);
    this.siteSkip = grow(this.siteSkip, capacity);
    this.siteSampledOut = grow(this.siteSampledOut, capacity);
    this.siteLatest = grow(this.siteLatest, capacity);
    this.siteWatched = grow(this.siteWatched, capacity);
    this.scopeInvocations = grow(this.scopeInvocations, capacity);
    this.scopeCompleted = grow(this.scopeCompleted, capacity);
    this.siteCapacity = capacity;
  }

  ensureSlotCapacity(): void {
    if (this.slotUsed < this.slotCapacity) return;
    const capacity = this.slotCapacity * 2;
    this.slotHandle = grow(this.slotHandle, capacity);
    this.slotGeneration = grow(this.slotGeneration, capacity);
    this.slotSite = grow(this.slotSite, capacity);
    this.slotSeq = grow(this.slotSeq, capacity);
    this.slotEnter = grow(this.slotEnter, capacity);
    this.slotStride = grow(this.slotStride, capacity);
    this.slotHead = grow(this.slotHead, capacity);
    this.freeSlots = grow(this.freeSlots, capacity);
    this.slotCapacity = capacity;
  }

  addRelation(kind: number, from: number, to: number, time: number): void {
    if (this.relCount === this.relCapacity) {
      const capacity = this.relCapacity * 2;
      this.relKind = grow(this.relKind, capacity);
      this.relFrom = grow(this.relFrom, capacity);
      this.relTo = grow(this.relTo, capacity);
      this.relTime = grow(this.relTime, capacity);
      this.relCapacity = capacity;
    }
    const i = this.relCount++;
    this.relKind[i] = kind;
    this.relFrom[i] = from;
    this.relTo[i] = to;
    this.relTime[i] = time;
  }

  /** Time of the sampler's last tick; NaN before the first. */
  lastTickTime = NaN;

  /**
   * Watches a collection if its site and the global budget allow and it is worth it
   * (see LONG_STRETCH_INTERVALS); precise mode watches all.
   */
  maybeWatch(record: number, site: number, target: object, time: number): void {
    if (this.config.precise) this.watch(record, target);
    else if (this.watchCount < WATCH_LIMIT && this.siteWatched[site]! < WATCH_PER_SITE && this.worthWatching(site, time)) {
      this.siteWatched[site]!++;
      this.watch(record, target);
    } else this.unwatchedCollections++;
  }

  /** False for a function-level binding registered inside a long synchronous stretch. */
  worthWatching(site: number, time: number): boolean {
    const stretchMs = mathMax(LONG_STRETCH_INTERVALS * this.config.sampleMs, LONG_STRETCH_MIN_MS);
    // Module level, or a manual trackVar site (no scope).
    return time - this.lastTickTime <= stretchMs || this.siteScope[site]! < 0 || this.isModuleLevelSite(site);
  }

  /**
   * A variable site declared at module level: its scope site has no parent. Manual
   * trackVar sites have no scope and are not: their values live wherever the caller
   * keeps them.
   */
  isModuleLevelSite(site: number): boolean {
    const scope = this.siteScope[site]!;
    return scope >= 0 && this.siteScope[scope]! < 0;
  }

  watch(record: number, target: object): void {
    if (this.watchCount === this.watchRec.length) this.watchRec = grow(this.watchRec, this.watchCount * 2);
    this.watchRec[this.watchCount++] = record;
    this.watchRefs.push(new WeakRef(target));
  }

  /** Marks a record dead at `time` and takes it out of the live totals. */
  markDead(record: number, time: number): void {
    const flags = this.recFlags[record]!;
    if ((flags & F_DEAD) !== 0) return;
    this.recFlags[record] = flags | F_DEAD;
    this.recCollectedTime[record] = time;
    if ((flags & F_SHARED) !== 0) return;
    const weight = this.recWeight[record]!;
    this.liveBytes -= (this.recSize[record]! + this.externalOf(record)) * weight;
    this.liveCount -= weight;
  }

  setExternal(record: number, bytes: number): void {
    if (bytes < 0xffffffff) this.recExternal[record] = bytes;
    else {
      this.recExternal[record] = 0xffffffff;
      this.externalOverflow.set(record, bytes);
    }
  }

  externalOf(record: number): number {
    const bytes = this.recExternal[record]!;
    return bytes === 0xffffffff ? (this.externalOverflow.get(record) ?? bytes) : bytes;
  }

  /** The object of `first` (a record with a registry cell) was collected: ends it and its sharers. */
  markCollected(first: number, time: number): void {
    this.markDead(first, time);
    const sharers = this.sharers.get(first);
    if (sharers === undefined) return;
    for (let i = 0; i < sharers.length; i++) this.markDead(sharers[i]!, time);
    this.sharers.delete(first);
    this.holderOf.delete(first);
  }

  /** Marks a record as a shared holder: its object is counted under another record from now on. */
  markShared(record: number): void {
    const flags = this.recFlags[record]!;
    if ((flags & F_SHARED) !== 0) return;
    this.recFlags[record] = flags | F_SHARED;
    if ((flags & F_DEAD) !== 0) return;
    const weight = this.recWeight[record]!;
    this.liveBytes -= (this.recSize[record]! + this.externalOf(record)) * weight;
    this.liveCount -= weight;
  }
}

/** Keeps the newest `limit` points of a series by dropping every other one when full. */
export function decimate<T>(series: T[], limit: number): void {
  if (series.length < limit) return;
  let write = 0;
  for (let read = 0; read < series.length; read += 2) series[write++] = series[read]!;
  series.length = write;
}

type StoreHolder = { [key: symbol]: Store | undefined };

/** The thread's store, created on first use with `config`. */
export function sharedStore(createConfig: () => RuntimeConfig): Store {
  const key = Symbol.for(STORE_KEY);
  const holder = globalThis as unknown as StoreHolder;
  const existing = holder[key];
  if (existing !== undefined && existing.version === STORE_VERSION) return existing;
  const store = new Store(createConfig());
  // Jest (30) wraps every property of what a test file left on its global in a
  // deprecation accessor at teardown; the exit hooks still write the store after that.
  Object.defineProperty(store, Symbol.for("$$jest-protect-from-deletion"), { value: [], enumerable: false });
  Object.defineProperty(globalThis, key, { value: store, configurable: true, enumerable: false, writable: true });
  return store;
}
