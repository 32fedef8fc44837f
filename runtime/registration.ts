/**
 * The hot path: what the emitted code calls. Each entry point validates its
 * arguments with a few comparisons (NaN and unknown handles fail them), then writes
 * numbers into the store's typed arrays. Nothing here throws into user code.
 */
import { INITIALIZER_KINDS, SITE_SCOPE, SITE_VAR, type SiteTuple } from "../format/protocol.js";
import {
  type Store, F_DEAD, F_EXITED, F_NAME, F_SHARED, GENERATIONS, INIT_ALLOCATES, INIT_CALL, INIT_LITERAL_STRING, INIT_READS, REL_ALIAS, REL_CLONE,
  REL_MOVE, ROLE_SCOPE, ROLE_VAR, SITE_INVALID, SLOT_BITS, SLOT_LIMIT, SLOT_MASK,
} from "./store.js";
import { estimate, lastExternal, lastKind, isResizable, Kind } from "./estimate.js";
import { LAYOUT } from "./layout.js";
import { isArray, isInteger, mathFloor, toNumber, toString } from "./intrinsics.js";
import { isRopeShaped, nameStringBytes, ropeShapedBytes, SHAPE_NONE } from "./string-shape.js";

const MAX_UINT32 = 0xffffffff;
/** The countdown is an int32; a stride past it keeps one in 2^31 (weights stay exact below). */
const MAX_SKIP = 0x7fffffff;

/** Adds a file's site table; returns the global id of its first site. */
export function addSites(store: Store, file: unknown, sites: unknown): number {
  if (!isArray(sites)) {
    store.invalidSiteCalls++;
    return NaN;
  }
  const base = store.siteCount;
  const fileName = typeof file === "string" ? file : toString(file);
  for (let i = 0; i < sites.length; i++) addSite(store, base, fileName, sites[i] as unknown);
  return base;
}

function localToGlobal(base: number, local: unknown): number {
  return typeof local === "number" && isInteger(local) && local >= 0 ? base + local : -1;
}

function addSite(store: Store, base: number, file: string, tuple: unknown): void {
  const t = isArray(tuple) ? (tuple as unknown as SiteTuple) : null;
  let kind = t !== null && (t[0] === SITE_SCOPE || t[0] === SITE_VAR) ? t[0] : SITE_INVALID;
  if (t === null || (kind === SITE_VAR && t.length < 9) || (kind === SITE_SCOPE && t.length < 5)) kind = SITE_INVALID;
  if (kind === SITE_INVALID) store.invalidSiteCalls++;
  store.ensureSiteCapacity();
  const id = store.siteCount++;
  store.siteKind[id] = kind;
  store.siteRole[id] = kind === SITE_SCOPE ? ROLE_SCOPE : kind === SITE_VAR ? ROLE_VAR : 0;
  store.siteSkip[id] = 0;
  store.siteFile[id] = file;
  store.siteLatest[id] = -1;
  store.siteWatched[id] = 0;
  store.foldCount[id] = 0;
  store.foldBytes[id] = 0;
  store.siteSeen[id] = 0;
  store.siteSampledOut[id] = 0;
  store.keptBytes[id] = 0;
  store.sampleBytes[id] = 0;
  store.sampleCount[id] = 0;
  store.siteStride[id] = 1;
  store.siteStrideKept[id] = 0;
  store.siteRepresented[id] = 0;
  store.siteLastKept[id] = -1;
  store.scopeTimedWeight[id] = 0;
  store.scopeWeightedMs[id] = 0;
  store.scopeInvocations[id] = 0;
  store.scopeCompleted[id] = 0;
  store.scopeMinMs[id] = Infinity;
  store.scopeMaxMs[id] = 0;
  store.scopeTimed[id] = 0;
  if (kind === SITE_VAR) {
    const v = t as readonly [number, string, string, string, string, number, number, number, number, unknown?, unknown?];
    store.varSiteCount++;
    store.siteName[id] = toString(v[1]);
    store.siteType[id] = toString(v[2]);
    store.siteCategory[id] = toString(v[3]);
    store.siteSub[id] = toString(v[4]);
    store.siteLine[id] = toNumber(v[5]) || 0;
    store.siteColumn[id] = toNumber(v[6]) || 0;
    store.siteScope[id] = localToGlobal(base, v[7]);
    store.siteClone[id] = localToGlobal(base, v[8]);
    const init = INITIALIZER_KINDS.indexOf(v[9] as never);
    store.siteInit[id] = init >= 0 ? init : INIT_CALL;
    store.siteShape[id] = typeof v[10] === "number" && isInteger(v[10]) ? v[10] : SHAPE_NONE;
  } else if (kind === SITE_SCOPE) {
    const s = t as readonly [number, string, number, number, number];
    store.siteName[id] = toString(s[1]);
    store.siteType[id] = "";
    store.siteCategory[id] = "";
    store.siteSub[id] = "";
    store.siteLine[id] = toNumber(s[2]) || 0;
    store.siteColumn[id] = toNumber(s[3]) || 0;
    store.siteScope[id] = localToGlobal(base, s[4]);
    store.siteClone[id] = -1;
    store.siteInit[id] = INIT_CALL;
    store.siteShape[id] = SHAPE_NONE;
  } else {
    store.siteName[id] = "";
    store.siteType[id] = "";
    store.siteCategory[id] = "";
    store.siteSub[id] = "";
    store.siteLine[id] = 0;
    store.siteColumn[id] = 0;
    store.siteScope[id] = -1;
    store.siteClone[id] = -1;
    store.siteInit[id] = INIT_CALL;
    store.siteShape[id] = SHAPE_NONE;
  }
}

/** A site whose registrations name values that existed before (they add no bytes). */
export function namesExisting(store: Store, site: number): boolean {
  const init = store.siteInit[site];
  return init === INIT_READS || init === INIT_LITERAL_STRING;
}

/**
 * Hot-site sampling, one rule for both kinds of site: the first `hotSiteRecords`
 * registrations (var site) or invocations (scope site) are kept (timed); past that,
 * 1 in `hotSiteKeepEvery`, and the stride doubles each time another `hotSiteRecords`
 * were kept at the current one, so a site that stays hot for hours keeps a number of
 * records that grows with the logarithm of its registrations, not in proportion.
 * `siteSkip` counts down the ones to leave out, so the common case on a hot site is one
 * typed-array read and write (see index.ts). Called for each kept one (`seen` counts
 * the kept ones, this one included); returns the stride the kept one stands for
 * (1 within the budget).
 */
function afterKept(store: Store, site: number, seen: number): number {
  const budget = store.config.hotSiteRecords;
  if (seen < budget) return 1;
  // The budget's last one stands for itself; the first sampled one is `keepEvery` later.
  const stride = seen === budget ? 1 : store.siteStride[site]!;
  let next = seen === budget ? store.config.hotSiteKeepEvery : stride;
  if (seen > budget && ++store.siteStrideKept[site]! >= budget) {
    store.siteStrideKept[site] = 0;
    next = stride * 2;
  }
  store.siteStride[site] = next;
  store.siteSkip[site] = next > MAX_SKIP ? MAX_SKIP : next - 1;
  return stride;
}

/**
 * Opens a scope instance; returns its handle (0 when the site is unknown). Called for
 * every invocation: past the budget only 1 in N invocations reads the clock (a clock
 * read costs more than a small function's whole body), counted down in `siteSkip`.
 */
export function openScope(store: Store, scopeSite: number): number {
  if (store.siteRole[scopeSite] !== ROLE_SCOPE) {
    store.invalidSiteCalls++;
    return 0;
  }
  let slot: number;
  if (store.freeTop === 0 && store.slotUsed >= SLOT_LIMIT) reclaimAbandoned(store);
  if (store.freeTop > 0) slot = store.freeSlots[--store.freeTop]!;
  else if (store.slotUsed < SLOT_LIMIT) {
    store.ensureSlotCapacity();
    slot = store.slotUsed++;
  } else {
    store.invalidScopeCalls++;
    return 0;
  }
  const invocation = ++store.scopeInvocations[scopeSite]!;
  const skip = store.siteSkip[scopeSite]!;
  if (skip > 0) {
    store.siteSkip[scopeSite] = skip - 1;
    return startInstance(store, slot, scopeSite, NaN);
  }
  store.slotStride[slot] = afterKept(store, scopeSite, invocation);
  return startInstance(store, slot, scopeSite, store.now());
}

/**
 * Starts an instance of `scopeSite` on a free `slot` (its next generation) and returns
 * its handle; `enterTime` is NaN for an untimed invocation. Shared with index.ts's
 * inlined fast path.
 */
export function startInstance(store: Store, slot: number, scopeSite: number, enterTime: number): number {
  const previous = store.slotGeneration[slot]!;
  const generation = previous >= GENERATIONS ? 1 : previous + 1;
  store.slotGeneration[slot] = generation;
  const handle = (generation << SLOT_BITS) | slot;
  store.slotHandle[slot] = handle;
  store.slotSite[slot] = scopeSite;
  store.slotSeq[slot] = ++store.instanceSeq;
  store.slotHead[slot] = -1;
  store.slotEnter[slot] = enterTime;
  return handle;
}

/** Ends the instance on `slot`: counts it completed and frees the slot. Shared with index.ts's fast path. */
export function releaseSlot(store: Store, slot: number): void {
  store.scopeCompleted[store.slotSite[slot]!]!++;
  store.slotHandle[slot] = 0;
  store.freeSlots[store.freeTop++] = slot;
}

/** Slot of a live handle, or -1. */
function slotOf(store: Store, handle: number): number {
  if (!(handle > 0)) return -1;
  const slot = handle & SLOT_MASK;
  return slot < store.slotUsed && store.slotHandle[slot] === handle ? slot : -1;
}

/** Stamps the exit time on the records of an instance (its chain from `record`), ends its strings. */
function endRecords(store: Store, record: number, time: number): void {
  while (record >= 0) {
    const next = store.recExitOrNext[record]!;
    store.recExitOrNext[record] = time;
    store.recFlags[record]! |= F_EXITED;
    // Strings have no GC hook: their lifetime ends with their scope.
    if (store.recKind[record] === Kind.String) store.markDead(record, time);
    record = next;
  }
}

/** Share of the open instances closed when every slot is taken: the oldest eighth. */
const RECLAIM_SHARE = 8;

/**
 * Every slot holds an open instance: almost always instances that will never exit — a
 * generator abandoned after its first next(), an async function whose promise never
 * settles (their finally never runs). Closing the oldest eighth (by start order) frees
 * slots for the rest of the run, at O(slots) once per SLOT_LIMIT / 8 openings. Their
 * records get the time of the reclaim as scope exit; a late exit() of one is counted in
 * `lateScopeExits`, not as a bad call.
 */
export function reclaimAbandoned(store: Store): void {
  const used = store.slotUsed;
  const seqs = new Float64Array(used);
  for (let slot = 0; slot < used; slot++) seqs[slot] = store.slotHandle[slot] === 0 ? Infinity : store.slotSeq[slot]!;
  const sorted = seqs.slice().sort();
  const threshold = sorted[mathFloor(used / RECLAIM_SHARE)]!;
  const time = store.now();
  for (let slot = 0; slot < used; slot++) {
    if (seqs[slot]! > threshold) continue;
    const record = store.slotHead[slot]!;
    store.slotHandle[slot] = 0;
    store.freeSlots[store.freeTop++] = slot;
    store.abandonedScopes++;
    endRecords(store, record, time);
  }
}

/** Closes a scope instance: stamps the exit time on its records, ends its strings. */
export function closeScope(store: Store, handle: number): void {
  const slot = slotOf(store, handle);
  if (slot < 0) {
    // A handle of an instance the runtime closed for want of slots, or a bad call.
    if (store.abandonedScopes > 0 && handle > 0 && (handle & SLOT_MASK) < store.slotUsed) store.lateScopeExits++;
    else store.invalidScopeCalls++;
    return;
  }
  const site = store.slotSite[slot]!;
  const enter = store.slotEnter[slot]!;
  const record = store.slotHead[slot]!;
  releaseSlot(store, slot);
  // An untimed invocation with no kept record needs no clock read.
  if (record < 0 && enter !== enter) return;
  const time = store.now();
  endRecords(store, record, time);
  if (enter !== enter) return;
  const duration = time - enter;
  const stride = store.slotStride[slot]!;
  store.scopeTimed[site]!++;
  store.scopeTimedWeight[site]! += stride;
  store.scopeWeightedMs[site]! += duration * stride;
  if (duration < store.scopeMinMs[site]!) store.scopeMinMs[site] = duration;
  if (duration > store.scopeMaxMs[site]!) store.scopeMaxMs[site] = duration;
}

/**
 * Records one registration that the fast path (index.ts `track`) did not count as
 * sampled out. `value` is a string or a non-null object, `site` a valid var site.
 * Hot-site sampling: past `hotSiteRecords` registrations of one site only 1 in
 * `hotSiteKeepEvery` is kept as a record; the others are only counted by the fast path
 * (no size estimate, clock read, registry cell, WeakMap entry or WeakRef: those are
 * what cost time and GC work). Their bytes are extrapolated at export from the sizes
 * of the site's kept sample (`sampleBytes / sampleCount`). A registration at a site that
 * names an existing value (`namesExisting`) is a record of 0 new bytes: it counts in no
 * total, and its sampled-out siblings extrapolate to 0.
 */
export function addRecord(store: Store, value: unknown, site: number, handle: number): number {
  const seen = ++store.siteSeen[site]!;
  const sampled = seen > store.config.hotSiteRecords;
  const stride = afterKept(store, site, seen);
  const name = namesExisting(store, site);
  const shape = store.siteShape[site]!;
  let size: number;
  let kind: number;
  let external: number;
  if (typeof value === "string" && (name || isRopeShaped(shape, value.length))) {
    // Read no code unit of these: it would make V8 flatten a rope (string-shape.ts).
    size = name ? nameStringBytes(value.length) : ropeShapedBytes(shape);
    kind = Kind.String;
    external = 0;
  } else {
    size = estimate(value, LAYOUT, store.siteInit[site] === INIT_ALLOCATES);
    kind = lastKind;
    external = lastExternal;
  }
  const bytes = name ? 0 : size + external;
  store.keptBytes[site]! += bytes;
  if (sampled) {
    store.sampleBytes[site]! += bytes * stride;
    store.sampleCount[site]! += stride;
  }
  if (store.count >= store.config.maxRecords) {
    // Past the record cap: counted per site with its measured size.
    store.droppedRecords++;
    store.foldCount[site]!++;
    store.foldBytes[site]! += bytes;
    store.siteLatest[site] = -1;
    return -1;
  }
  store.ensureRecordCapacity();
  // The record is written whole before it is counted, and nothing that can throw runs
  // between counting it and linking it into its scope: a RangeError (the program's
  // stack nearly exhausted) caught half-way leaves no half-written record behind.
  const record = store.count;
  const time = store.now();
  const slot = slotOf(store, handle);
  store.recSite[record] = site;
  store.recKind[record] = kind;
  store.recSize[record] = size > MAX_UINT32 ? MAX_UINT32 : size;
  store.setExternal(record, external);
  store.recWeight[record] = stride > MAX_UINT32 ? MAX_UINT32 : stride;
  store.recAllocTime[record] = time;
  store.recCollectedTime[record] = NaN;
  const flags = name ? F_NAME | F_SHARED : 0;
  store.recFlags[record] = flags;
  if (slot >= 0) {
    store.recInstance[record] = store.slotSeq[slot]!;
    store.recExitOrNext[record] = store.slotHead[slot]!;
  } else {
    if (handle !== 0 || store.siteScope[site]! >= 0) store.invalidScopeCalls++;
    store.recInstance[record] = 0;
    store.recExitOrNext[record] = NaN;
  }
  store.count = record + 1;
  store.siteRepresented[site]! += stride - 1;
  store.siteLastKept[site] = record;
  if (slot >= 0) store.slotHead[slot] = record;
  if (!name) {
    const weight = store.recWeight[record]!;
    store.liveBytes += (store.recSize[record]! + external) * weight;
    store.liveCount += weight;
  }
  if (kind !== Kind.String) {
    if (name) trackName(store, value as object, record, time);
    else trackObject(store, value as object, record, site, kind, time);
  }
  const cloneSource = store.siteClone[site]!;
  if (cloneSource >= 0) {
    const source = store.siteLatest[cloneSource]!;
    if (source >= 0 && (store.recFlags[source]! & F_DEAD) === 0) store.addRelation(REL_CLONE, source, record, time);
  }
  store.siteLatest[site] = record;
  return record;
}

/**
 * A name of an existing object (a `reads` site): an alias of the object's current holder
 * when the object is tracked, else the object's first record, marked as not allocated
 * here (F_NAME, shared from the start). It is never re-measured and never a holder.
 */
function trackName(store: Store, object: object, record: number, time: number): void {
  const first = store.owner.get(object);
  if (first === undefined) {
    store.owner.set(object, record);
    store.registry!.register(object, record);
    return;
  }
  store.addRelation(REL_ALIAS, store.holderOf.get(first) ?? first, record, time);
  addSharer(store, first, record);
}

function addSharer(store: Store, first: number, record: number): void {
  let sharers = store.sharers.get(first);
  if (sharers === undefined) {
    sharers = [];
    store.sharers.set(first, sharers);
  }
  sharers.push(record);
}

function trackObject(store: Store, object: object, record: number, site: number, kind: number, time: number): void {
  const first = store.owner.get(object);
  if (first === undefined) {
    store.owner.set(object, record);
    store.registry!.register(object, record);
    // Module-level objects of every kind are watched: the export holds them through its own GC (liveness.ts).
    if (store.config.precise || isResizable(kind) || store.isModuleLevelSite(site)) store.maybeWatch(record, site, object, time);
    return;
  }
  const holder = store.holderOf.get(first) ?? first;
  let alias = false;
  if ((store.recFlags[holder]! & F_NAME) !== 0) {
    // The object was first seen under a name (not allocated where it was tracked): this
    // registration is the first that may own it, so it becomes the holder the object's
    // bytes are counted on, and the name a later holder of it.
    store.addRelation(REL_ALIAS, record, holder, time);
    store.holderOf.set(first, record);
  } else if ((store.recFlags[holder]! & F_EXITED) !== 0) {
    // The same object under a second variable after the current holder's scope
    // exited: ownership passed out of that scope, a move. The new record becomes the
    // holder (the next registration relates to it), the old one a shared holder, so
    // a chain of moves (`let s = map.get(k)` in a loop) counts the object once.
    store.addRelation(REL_MOVE, holder, record, time);
    store.markShared(holder);
    store.holderOf.set(first, record);
  } else {
    // A second name for an object whose holder is still in scope: an alias, counted
    // under its holder.
    store.addRelation(REL_ALIAS, holder, record, time);
    store.markShared(record);
    alias = true;
  }
  // No registry cell: the record ends when the first record's object is collected.
  addSharer(store, first, record);
  // An alias's size is its holder's: only holders are re-measured (precise mode measures all).
  // A module-level holder is watched whatever its kind: the export holds it (liveness.ts).
  if (store.config.precise || (!alias && isResizable(kind)) || store.isModuleLevelSite(site)) store.maybeWatch(record, site, object, time);
}
