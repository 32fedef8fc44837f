/**
 * record-check.ts may spare a record the ajv run only when the schema surely accepts it:
 * it must never vouch for a record the schema rejects (else the export would write a
 * snapshot `memscope render` cannot read back), and schemaProblem must give exactly the
 * verdict and message of running ajv on the records as before.
 */
import test from "ava";
import fc from "fast-check";
import type { AllocationRecord, Snapshot } from "../../format/snapshot.js";
import { buildSnapshot } from "../../render/index.js";
import { ALLOCATION_DEFINITIONS, implementsSchemaDefinitions, surelyValidRecord } from "../../render/read/record-check.js";
import { compileSnapshotValidator, describeAjvError, loadSchema, schemaProblem } from "../../render/read/schema.js";
import { generateRaw } from "./generate-raw.js";
import { rawWith, record } from "./fixtures.js";

const compiled = compileSnapshotValidator(loadSchema());
const base = buildSnapshot(
  rawWith([
    record({ scope_exit_time: 5, collected_time: 7, precise_self_bytes: 48, precise_retained_bytes: 4096, size_history: [[10, 64], [20, 128]] }),
    record({ precise_self_bytes: null, precise_retained_bytes: null }),
    record({ category: "string", subcategory: "string", type_name: "string" }),
  ]),
);
const thousand = buildSnapshot(generateRaw({ records: 1000, seed: 5 }));

/** What the schema says about one record (inside an otherwise valid snapshot). */
function schemaAccepts(value: unknown): boolean {
  return compiled({ ...base, allocations: [value] });
}

/** What schemaProblem said before the pre-check: ajv on the (sampled) records. */
function ajvProblem(document: Snapshot, maxRecords?: number): string | null {
  let subject: unknown = document;
  const all = document.allocations;
  if (maxRecords !== undefined && all.length > maxRecords) {
    const step = all.length / maxRecords;
    const sample = Array.from({ length: maxRecords }, (_, i) => all[Math.floor(i * step)]);
    sample[maxRecords - 1] = all[all.length - 1];
    subject = { ...document, allocations: sample };
  }
  return compiled(subject) ? null : describeAjvError(compiled.errors?.[0]);
}

test("record-check.ts implements the schema's current allocation and category definitions", (t) => {
  const defs = (loadSchema() as { $defs: Record<string, unknown> }).$defs;
  t.true(implementsSchemaDefinitions(defs), "schema/snapshot.schema.json changed $defs.allocation or $defs.category: update render/record-check.ts");
  const tightened = JSON.parse(JSON.stringify(defs)) as { allocation: { properties: Record<string, unknown> } };
  tightened.allocation.properties["line"] = { type: "integer", minimum: 1 };
  t.false(implementsSchemaDefinitions(tightened));
  t.false(implementsSchemaDefinitions({ ...defs, category: { enum: ["collection", "string", "box"] } }));
  t.false(implementsSchemaDefinitions(undefined));
  t.deepEqual(Object.keys(ALLOCATION_DEFINITIONS.allocation.properties).sort(), Object.keys((defs["allocation"] as { properties: object }).properties).sort());
});

test("it vouches for the records the export writes", (t) => {
  for (const r of [...base.allocations, ...thousand.allocations]) t.true(surelyValidRecord(r), JSON.stringify(r));
});

test("hand-made bad records: never vouched for, and the schema rejects them", (t) => {
  const good = base.allocations[0] as unknown as Record<string, unknown>;
  const withField = (key: string, value: unknown): Record<string, unknown> => ({ ...good, [key]: value });
  const without = (key: string): Record<string, unknown> => {
    const copy = { ...good };
    delete copy[key];
    return copy;
  };
  const inherited = Object.assign(Object.create({ extra: 1 }) as object, good);
  const hiddenRequired = { ...good, extra: 1 };
  Object.defineProperty(hiddenRequired, "id", { value: 3, enumerable: false });
  const bad: unknown[] = [
    null,
    [],
    "record",
    without("id"),
    without("thread_id"),
    withField("extra", 1),
    withField("__proto__", 1),
    withField("id", -1),
    withField("id", 1.5),
    withField("id", "1"),
    withField("size_bytes", Infinity),
    withField("size_bytes", NaN),
    withField("allocation_time", -0.5),
    withField("allocation_time", Infinity),
    withField("scope_exit_time", -1),
    withField("collected_time", "1"),
    withField("category", "number"),
    withField("subcategory", null),
    withField("line", null),
    withField("scope_id", 0.5),
    withField("precise_self_bytes", -1),
    withField("precise_retained_bytes", 1.5),
    withField("size_history", [[1, 2, 3]]),
    withField("size_history", [[1]]),
    withField("size_history", [[-1, 2]]),
    withField("size_history", [[1, 2.5]]),
    withField("size_history", {}),
    withField("size_history", null),
    inherited,
    hiddenRequired,
  ];
  for (const value of bad) {
    t.false(schemaAccepts(value), JSON.stringify(value));
    t.false(surelyValidRecord(value), JSON.stringify(value));
  }
  // An optional key set to undefined counts as absent for both (ajv reads `data.x !== undefined`).
  const undefinedOptional = withField("size_history", undefined);
  t.true(schemaAccepts(undefinedOptional));
  t.true(surelyValidRecord(undefinedOptional));
});

const leaf = fc.oneof(
  fc.constant(null),
  fc.constant(undefined),
  fc.boolean(),
  fc.integer(),
  fc.double(),
  fc.string(),
  fc.constant([]),
  fc.constant({}),
  fc.constant(-1),
  fc.constant(-0),
  fc.constant(1.5),
  fc.constant([[1, 2]]),
  fc.constant([[1, -2]]),
  fc.constantFrom("collection", "string", "box", "dynamic", "Array"),
);
const keys = fc.constantFrom(...Object.keys(ALLOCATION_DEFINITIONS.allocation.properties), "extra", "__proto__", "constructor");

test("random mutations of records: whatever it vouches for, the schema accepts (property)", (t) => {
  const records = [...base.allocations, ...thousand.allocations.slice(0, 50)] as unknown as Array<Record<string, unknown>>;
  const counts = { vouched: 0, rejectedBySchema: 0 };
  fc.assert(
    fc.property(
      fc.nat(records.length - 1),
      fc.array(fc.tuple(keys, fc.constantFrom("set", "delete"), leaf), { minLength: 1, maxLength: 3 }),
      (r, edits) => {
        const mutated: Record<string, unknown> = JSON.parse(JSON.stringify(records[r])) as Record<string, unknown>;
        for (const [key, action, value] of edits) {
          if (action === "delete") delete mutated[key];
          else Object.defineProperty(mutated, key, { value, enumerable: true, writable: true, configurable: true });
        }
        const vouched = surelyValidRecord(mutated);
        const accepted = schemaAccepts(mutated);
        if (vouched) counts.vouched++;
        if (!accepted) counts.rejectedBySchema++;
        return !vouched || accepted;
      },
    ),
    { numRuns: 3000 },
  );
  // Both sides must be exercised, or the property proves little.
  t.true(counts.vouched > 200 && counts.rejectedBySchema > 1000, JSON.stringify(counts));
});

test("schemaProblem gives ajv's verdict and first error on snapshots with a drifted record (property)", (t) => {
  const records = thousand.allocations as unknown as Array<Record<string, unknown>>;
  const seen = { valid: 0, invalid: 0 };
  fc.assert(
    fc.property(fc.nat(records.length - 1), keys, leaf, fc.constantFrom(undefined, 10, 200, 5000), (at, key, value, maxRecords) => {
      const allocations = records.slice();
      allocations[at] = { ...records[at], [key]: value };
      const document = { ...thousand, allocations } as unknown as Snapshot;
      const expected = ajvProblem(document, maxRecords);
      seen[expected === null ? "valid" : "invalid"]++;
      const actual = schemaProblem(document, maxRecords === undefined ? {} : { maxRecords });
      t.is(actual, expected);
      return actual === expected;
    }),
    { numRuns: 400 },
  );
  t.true(seen.invalid > 50 && seen.valid > 50, JSON.stringify(seen));
});

test("a bad record anywhere is reported by its place in the whole array", (t) => {
  const allocations = thousand.allocations.map((r, i) => (i === 777 ? ({ ...r, size_bytes: -4 } as AllocationRecord) : r));
  t.is(schemaProblem({ ...thousand, allocations }), "/allocations/777/size_bytes must be >= 0");
  const extra = thousand.allocations.map((r, i) => (i === 3 ? ({ ...r, surprise: true } as AllocationRecord) : r));
  t.is(schemaProblem({ ...thousand, allocations: extra }), '/allocations/3 has unexpected property "surprise"');
  t.is(schemaProblem(thousand), null);
});

test("with an enumerable property on Object.prototype the pre-check stands aside and ajv decides", (t) => {
  const proto = Object.prototype as Record<string, unknown>;
  proto["polluted"] = 1;
  try {
    t.is(schemaProblem(thousand), ajvProblem(thousand));
    t.not(schemaProblem(thousand), null);
  } finally {
    delete proto["polluted"];
  }
  t.is(schemaProblem(thousand), null);
});
