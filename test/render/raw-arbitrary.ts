/**
 * Generated raw snapshots for property tests: few distinct values per field, so ties,
 * shared names across sites, repeated lines, relations between any two records (or to
 * none), folded sites, precise sizes and far-apart ids (the Map lookups instead of the
 * dense tables) are common. Each value is `{ raw, threshold }` (the leak threshold).
 */
import fc from "fast-check";
import type { Category } from "../../format/protocol.js";
import type { AllocationRecord, FoldedSite, RawSnapshot, Relation } from "../../format/snapshot.js";
import { rawWith, sample } from "./fixtures.js";

const KINDS: ReadonlyArray<[Category, string]> = [
  ["collection", "Array"],
  ["collection", "Map"],
  ["string", "string"],
  ["box", "object"],
  ["dynamic", "unknown"],
];

/** Few distinct values per field, so ties, shared names across sites and repeated lines are common. */
const recordShape = fc.record({
  site: fc.oneof(fc.integer({ min: 0, max: 3 }), fc.integer({ min: 0, max: 70 })),
  kind: fc.integer({ min: 0, max: KINDS.length - 1 }),
  name: fc.constantFrom("a", "b", "cache", "<x>", "a"),
  type: fc.constantFrom("number[]", "Map<string, User>", "string", "any"),
  file: fc.constantFrom("src/a.ts", "src/b.ts", "src/c.ts"),
  line: fc.integer({ min: 1, max: 6 }),
  size: fc.oneof(fc.constantFrom(0, 16, 64, 64, 1024), fc.integer({ min: 0, max: 1_000_000 })),
  external: fc.constantFrom(0, 0, 0, 32),
  created: fc.integer({ min: 0, max: 5000 }),
  exit: fc.option(fc.integer({ min: 0, max: 3000 }), { nil: null, freq: 3 }),
  collected: fc.option(fc.integer({ min: 0, max: 9000 }), { nil: null, freq: 2 }),
  scope: fc.integer({ min: -1, max: 5 }),
  thread: fc.constantFrom(0, 0, 1),
  history: fc.option(fc.array(fc.integer({ min: 1, max: 500 }), { minLength: 1, maxLength: 5 }), { nil: undefined, freq: 3 }),
  preciseSelf: fc.option(fc.option(fc.integer({ min: 0, max: 5000 }), { nil: null }), { nil: undefined }),
  preciseRetained: fc.option(fc.option(fc.integer({ min: 0, max: 9000 }), { nil: null }), { nil: undefined }),
});

export const rawShape = fc
  .record({
    records: fc.array(recordShape, { maxLength: 160, size: "max" }),
    relations: fc.array(
      fc.record({ kind: fc.constantFrom<Relation["kind"]>("alias", "move", "clone"), from: fc.nat(200), to: fc.nat(200), time: fc.nat(5000) }),
      { maxLength: 40, size: "max" },
    ),
    folded: fc.array(
      fc.record({ site: fc.nat(80), name: fc.constantFrom("a", "folded"), file: fc.constantFrom("src/a.ts", "src/z.ts"), line: fc.integer({ min: 1, max: 6 }), count: fc.nat(50), bytes: fc.nat(100_000), sampled: fc.option(fc.nat(10), { nil: undefined }), extrapolated: fc.option(fc.nat(5_000), { nil: undefined }) }),
      { maxLength: 4 },
    ),
    withTimeline: fc.boolean(),
    trackedSites: fc.constantFrom(0, 7),
    precise: fc.boolean(),
    threshold: fc.constantFrom(0, 1000),
    // Far-apart ids and site ids take the Map lookups instead of the dense tables.
    idBase: fc.constantFrom(0, 0, 1e9),
  })
  .map(({ records, relations, folded, withTimeline, trackedSites, precise, threshold, idBase }) => {
    const allocations: AllocationRecord[] = records.map((r, i) => {
      const [category, subcategory] = KINDS[r.kind] as [Category, string];
      const record: AllocationRecord = {
        id: idBase + i * 2 + 1,
        variable_name: r.name,
        type_name: r.type,
        category,
        subcategory,
        size_bytes: r.size,
        external_bytes: r.external,
        allocation_time: r.created,
        scope_exit_time: r.exit === null ? null : r.created + r.exit,
        collected_time: r.collected === null ? null : r.created + r.collected,
        file: r.file,
        line: r.line,
        column: 3,
        scope_id: r.scope,
        scope_instance: i,
        site_id: idBase + r.site,
        thread_id: r.thread,
      };
      if (r.history) record.size_history = r.history.map((size, k): [number, number] => [r.created + k, size]);
      if (r.preciseSelf !== undefined) record.precise_self_bytes = r.preciseSelf;
      if (r.preciseRetained !== undefined) record.precise_retained_bytes = r.preciseRetained;
      return record;
    });
    const foldedSites: FoldedSite[] = folded.map((f) => ({
      site_id: f.site,
      variable_name: f.name,
      file: f.file,
      line: f.line,
      count: f.count,
      bytes: f.bytes,
      ...(f.sampled === undefined ? {} : { sampled: f.sampled }),
      ...(f.extrapolated === undefined ? {} : { bytes_extrapolated: f.extrapolated }),
    }));
    const raw = rawWith(allocations, {
      relations: relations.map((relation) => ({ ...relation, from: idBase + relation.from, to: idBase + relation.to })),
      folded_sites: foldedSites,
      tracked_sites: trackedSites,
      timeline: withTimeline ? [sample(0, 10), sample(50, 5_000_000)] : [],
    });
    raw.metadata = { ...raw.metadata, precise, duration_ms: 10_000 };
    raw.scopes = [0, 1, 2].map((id) => ({
      id,
      name: id === 1 ? "<anonymous>" : `fn${id}`,
      file: "src/a.ts",
      line: id,
      column: 1,
      parent_id: null,
      thread_id: 0,
      invocations: 3,
      completed: id,
      total_duration_ms: 4,
      min_duration_ms: 1,
      max_duration_ms: 2,
    }));
    return { raw, threshold };
  });

export type GeneratedRaw = { raw: RawSnapshot; threshold: number };
