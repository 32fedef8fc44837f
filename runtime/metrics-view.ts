/**
 * Live figures per declaration for metrics (memscope-ts/otel), read from the store at
 * collection time with the export's definitions (render/record-index.ts,
 * render/index-leaks.ts): each object counted once, on its first record's declaration,
 * as the largest current measurement among its holders; alive until V8 reported it
 * collected (strings: until their scope exited); outlived-scope and growth candidates
 * judged per object and counted per declaration.
 *
 * Cost per collection: the records alive at the previous collection plus the ones
 * registered since (a record found dead is dropped from the list for good, so a
 * short-lived record is visited once), a few typed-array reads each; plus one pass
 * over the variable sites (sort for the top N). Memory: 4 bytes per live record for
 * the list, 16 bytes per site. Nothing here runs unless metrics are asked for.
 *
 * Figures lag the export by one GC: the export forces a full GC before it counts, a
 * collection does not (it must stay cheap), so objects that are garbage but not yet
 * reclaimed still count until V8's next GC reclaims them.
 */
import { type Store, F_DEAD, F_EXITED, ROLE_VAR } from "./store.js";
import { Kind } from "./estimate.js";
import { recordCategory, recordWeight } from "./collect.js";
import { grow } from "./growable.js";
import { mathMax } from "./intrinsics.js";

/** Re-measurements that must each be larger than the one before for "keeps growing" (render/leaks.ts MIN_GROWTH_MEASUREMENTS). */
const MIN_GROWTH_MEASUREMENTS = 3;
/** A reported declaration gives its series up only to one holding this many times its live bytes. */
const REPLACE_FACTOR = 1.5;

export interface DeclarationFigures {
  site: number;
  liveBytes: number;
  liveObjects: number;
}

export interface MetricsFigures {
  /** The reported declarations, in a stable order (a declaration keeps its place while it is reported). */
  declarations: DeclarationFigures[];
  /** Every other declaration, summed. */
  other: { liveBytes: number; liveObjects: number };
  /** Live tracked bytes and objects, each object once: the export's active memory and allocations. */
  liveBytes: number;
  liveObjects: number;
  /** Records kept one by one. */
  records: number;
  /** Registrations left out by hot-site sampling (counted per site; the export extrapolates their bytes). */
  sampledOut: number;
  /** Registrations past MEMSCOPE_MAX_RECORDS (counted per site with their measured bytes). */
  capped: number;
  /** Declarations with outlived-scope / unbounded-growth candidates: the export's leak list, per kind. */
  outlivedDeclarations: number;
  growthDeclarations: number;
  /** Records visited by this collection, and its duration. */
  visited: number;
  durationMs: number;
}

export class LiveFigures {
  private live = new Int32Array(1024);
  private liveCount = 0;
  /** Records below this index were visited before (new ones start here). */
  private scanned = 0;
  private siteBytes = new Float64Array(256);
  private siteObjects = new Float64Array(256);
  /** Per site: the collection that last counted it as a leak / growth declaration. */
  private outlivedStamp = new Uint32Array(256);
  private growthStamp = new Uint32Array(256);
  private generation = 0;
  private readonly later = new Set<number>();
  /** Site ids with a series, in the order they got it. */
  private readonly reported: number[] = [];

  constructor(
    private readonly store: Store,
    private readonly top: number,
  ) {}

  collect(): MetricsFigures {
    const started = performance.now();
    const store = this.store;
    this.prepareSites(store.siteCount);
    const gen = ++this.generation;
    const now = store.now();
    const leakMs = store.config.leakMs;
    // Later holders of a live object (aliases, moves) are counted under its first record.
    const later = this.later;
    later.clear();
    for (const holders of store.sharers.values()) for (let i = 0; i < holders.length; i++) later.add(holders[i]!);

    let outlived = 0;
    let growth = 0;
    let write = 0;
    let visited = 0;
    // Most programs share few objects and re-measure few collections: skip those lookups when there are none.
    const anyShared = store.sharers.size > 0;
    const anyHistory = store.sizeHistory.size > 0;
    const visit = (record: number): boolean => {
      visited++;
      if ((store.recFlags[record]! & F_DEAD) !== 0) return false;
      if (anyShared && later.has(record)) return true;
      const holders = anyShared ? store.sharers.get(record) : undefined;
      let bytes = store.recSize[record]! + store.externalOf(record);
      if (holders !== undefined) for (const h of holders) bytes = mathMax(bytes, store.recSize[h]! + store.externalOf(h));
      const site = store.recSite[record]!;
      // A record kept 1 in N by hot-site sampling stands for N values, as in the export.
      const weight = recordWeight(store, record);
      this.siteBytes[site]! += bytes * weight;
      this.siteObjects[site]! += weight;
      if (store.recKind[record] === Kind.String) return true;
      const judged = holders === undefined ? outlivedAt(store, record, now, leakMs) : outlivedShared(store, record, holders, now, leakMs);
      if (judged >= 0 && this.outlivedStamp[store.recSite[judged]!] !== gen) {
        this.outlivedStamp[store.recSite[judged]!] = gen;
        outlived++;
      }
      if (!anyHistory) return true;
      let growing = growingAt(store, record) ? record : -1;
      if (holders !== undefined) for (let h = 0; growing < 0 && h < holders.length; h++) if (growingAt(store, holders[h]!)) growing = holders[h]!;
      if (growing >= 0 && this.growthStamp[store.recSite[growing]!] !== gen) {
        this.growthStamp[store.recSite[growing]!] = gen;
        growth++;
      }
      return true;
    };
    // In place: the kept ones move down, the new ones are appended after them.
    for (let read = 0; read < this.liveCount; read++) {
      const record = this.live[read]!;
      if (visit(record)) this.live[write++] = record;
    }
    const count = store.count;
    for (let record = this.scanned; record < count; record++) {
      if (!visit(record)) continue;
      if (write === this.live.length) this.live = grow(this.live, write * 2);
      this.live[write++] = record;
    }
    this.liveCount = write;
    this.scanned = count;

    let liveBytes = 0;
    let liveObjects = 0;
    let sampledOut = 0;
    for (let site = 0; site < store.siteCount; site++) {
      liveBytes += this.siteBytes[site]!;
      liveObjects += this.siteObjects[site]!;
      sampledOut += store.siteSampledOut[site]!;
    }
    this.updateReported();
    const declarations: DeclarationFigures[] = [];
    let reportedBytes = 0;
    let reportedObjects = 0;
    for (const site of this.reported) {
      const figures = { site, liveBytes: this.siteBytes[site]!, liveObjects: this.siteObjects[site]! };
      reportedBytes += figures.liveBytes;
      reportedObjects += figures.liveObjects;
      declarations.push(figures);
    }
    return {
      declarations,
      other: { liveBytes: liveBytes - reportedBytes, liveObjects: liveObjects - reportedObjects },
      liveBytes,
      liveObjects,
      records: count,
      sampledOut,
      capped: store.droppedRecords,
      outlivedDeclarations: outlived,
      growthDeclarations: growth,
      visited,
      durationMs: performance.now() - started,
    };
  }

  private prepareSites(sites: number): void {
    if (sites > this.siteBytes.length) {
      const capacity = mathMax(sites, this.siteBytes.length * 2);
      this.siteBytes = new Float64Array(capacity);
      this.siteObjects = new Float64Array(capacity);
      this.outlivedStamp = grow(this.outlivedStamp, capacity);
      this.growthStamp = grow(this.growthStamp, capacity);
    } else {
      this.siteBytes.fill(0, 0, sites);
      this.siteObjects.fill(0, 0, sites);
    }
  }

  /**
   * Bounded cardinality with stable series: up to `top` declarations have a series of
   * their own. A declaration that has one keeps it (reporting 0 once its objects are
   * gone) until the series are all taken and another declaration holds more than
   * REPLACE_FACTOR times the live bytes of the smallest reported one, which then hands
   * its place over; so two declarations of similar size do not take turns.
   */
  private updateReported(): void {
    const store = this.store;
    const bytes = this.siteBytes;
    const candidates: number[] = [];
    for (let site = 0; site < store.siteCount; site++) {
      if (store.siteRole[site] === ROLE_VAR && store.siteSeen[site]! + store.siteSampledOut[site]! > 0) candidates.push(site);
    }
    candidates.sort((a, b) => bytes[b]! - bytes[a]! || a - b);
    const reported = this.reported;
    const has = new Set(reported);
    for (let i = 0; i < candidates.length && i < this.top; i++) {
      const site = candidates[i]!;
      if (has.has(site)) continue;
      if (reported.length < this.top) {
        reported.push(site);
        has.add(site);
        continue;
      }
      let smallest = 0;
      for (let r = 1; r < reported.length; r++) if (bytes[reported[r]!]! < bytes[reported[smallest]!]!) smallest = r;
      if (bytes[site]! > REPLACE_FACTOR * bytes[reported[smallest]!]!) {
        has.delete(reported[smallest]!);
        reported[smallest] = site;
        has.add(site);
      }
    }
  }
}

/** A single-holder object's record if it outlived its scope by more than `leakMs`, else -1. */
function outlivedAt(store: Store, record: number, now: number, leakMs: number): number {
  if ((store.recFlags[record]! & F_EXITED) === 0) return -1;
  return now - store.recExitOrNext[record]! > leakMs ? record : -1;
}

/** An object with several holders: its most recent holder if every holder's scope exited more than `leakMs` ago, else -1. */
function outlivedShared(store: Store, first: number, holders: readonly number[], now: number, leakMs: number): number {
  if ((store.recFlags[first]! & F_EXITED) === 0) return -1;
  let lastExit = store.recExitOrNext[first]!;
  let latest = first;
  for (const holder of holders) {
    if ((store.recFlags[holder]! & F_EXITED) === 0) return -1;
    lastExit = mathMax(lastExit, store.recExitOrNext[holder]!);
    if (store.recAllocTime[holder]! >= store.recAllocTime[latest]!) latest = holder;
  }
  return now - lastExit > leakMs ? latest : -1;
}

/** A collection whose re-measured size rose at every one of at least three measurements. */
function growingAt(store: Store, record: number): boolean {
  const history = store.sizeHistory.get(record);
  if (history === undefined || history.length < 2 * MIN_GROWTH_MEASUREMENTS) return false;
  if (recordCategory(store, record) !== "collection") return false;
  for (let i = 3; i < history.length; i += 2) if (history[i]! <= history[i - 2]!) return false;
  return true;
}
