/**
 * A quick pre-check of allocation records against the schema's `allocation` definition,
 * for schema.ts's schemaProblem. The ajv validator costs ~3–4 µs per record in a
 * short-lived export child (cold code, an options object and a path string per record),
 * which made the schema check a sixth of a small export's wall time.
 *
 * It only ever says "this record surely passes" or "ask ajv": a record it accepts is
 * one the schema accepts (the property test in test/render/record-check.test.ts
 * compares it with ajv on mutated records), and a record it does not accept goes to ajv,
 * which decides and words the error. So it may be stricter than the schema, never looser.
 *
 * It implements exactly the definitions in ALLOCATION_DEFINITIONS; schema.ts uses it only
 * while the schema's own `$defs.allocation` and `$defs.category` are equal to them, so a
 * schema change can never make it wave through a record the new schema rejects (a test
 * fails until this module and its copy are brought up to date).
 */

/** The schema text this module implements (copied from schema/snapshot.schema.json `$defs`). */
export const ALLOCATION_DEFINITIONS = {
  category: { enum: ["collection", "string", "box", "dynamic"] },
  allocation: {
    type: "object",
    properties: {
      id: { type: "integer", minimum: 0 },
      variable_name: { type: "string" },
      type_name: { type: "string" },
      category: { $ref: "#/$defs/category" },
      subcategory: { type: "string" },
      size_bytes: { type: "integer", minimum: 0 },
      external_bytes: { type: "integer", minimum: 0 },
      precise_self_bytes: { type: ["integer", "null"], minimum: 0 },
      precise_retained_bytes: { type: ["integer", "null"], minimum: 0 },
      allocation_time: { type: "number", minimum: 0 },
      scope_exit_time: { type: ["number", "null"], minimum: 0 },
      collected_time: { type: ["number", "null"], minimum: 0 },
      file: { type: "string" },
      line: { type: "integer", minimum: 0 },
      column: { type: "integer", minimum: 0 },
      scope_id: { type: "integer" },
      scope_instance: { type: "integer" },
      site_id: { type: "integer" },
      thread_id: { type: "integer", minimum: 0 },
      size_history: {
        type: "array",
        items: {
          type: "array",
          prefixItems: [
            { type: "number", minimum: 0 },
            { type: "integer", minimum: 0 },
          ],
          minItems: 2,
          items: false,
        },
      },
    },
    required: [
      "id",
      "variable_name",
      "type_name",
      "category",
      "subcategory",
      "size_bytes",
      "external_bytes",
      "allocation_time",
      "scope_exit_time",
      "collected_time",
      "file",
      "line",
      "column",
      "scope_id",
      "scope_instance",
      "site_id",
      "thread_id",
    ],
    additionalProperties: false,
  },
} as const;

/** Whether `defs` (the schema's `$defs`) holds exactly the definitions this module implements. */
export function implementsSchemaDefinitions(defs: unknown): boolean {
  if (!defs || typeof defs !== "object") return false;
  const given = defs as Record<string, unknown>;
  return (
    JSON.stringify(given["allocation"]) === JSON.stringify(ALLOCATION_DEFINITIONS.allocation) &&
    JSON.stringify(given["category"]) === JSON.stringify(ALLOCATION_DEFINITIONS.category)
  );
}

/**
 * The property checks are written out inline, not as small helpers: the export child's
 * code never warms up, and in V8's interpreter the calls were half the check's cost
 * (8k records: ~10 ms with helpers and a Set, ~5 ms inline). The tricks, all exact:
 * `v >= 0` is false for NaN; `v % 1 === 0` is false for NaN and ±Infinity, so it is
 * ajv's "integer"; `v !== Infinity` after `v >= 0` is ajv's finite "number".
 */

function isHistory(value: unknown): boolean {
  if (!Array.isArray(value)) return false;
  for (const step of value as unknown[]) {
    if (!Array.isArray(step) || step.length !== 2) return false;
    const [time, bytes] = step as [unknown, unknown];
    if (!(typeof time === "number" && time >= 0 && time !== Infinity)) return false;
    if (!(typeof bytes === "number" && bytes >= 0 && bytes % 1 === 0)) return false;
  }
  return true;
}

/** The record's properties that the schema knows (for additionalProperties: false); no prototype. */
const KNOWN: Record<string, true | undefined> = Object.create(null) as Record<string, true | undefined>;
for (const key of Object.keys(ALLOCATION_DEFINITIONS.allocation.properties)) KNOWN[key] = true;

/**
 * True only when the schema surely accepts `value` as an allocation record; false means
 * "let ajv decide". Reads the properties the way ajv's code does (`data.x`, `for…in`), so
 * inherited or odd properties count the same way.
 */
export function surelyValidRecord(value: unknown): boolean {
  if (value === null || typeof value !== "object" || Array.isArray(value)) return false;
  const r = value as Record<string, unknown>;
  for (const key in r) if (KNOWN[key] !== true) return false;
  let v: unknown;
  // integer, minimum 0
  v = r["id"];
  if (!(typeof v === "number" && v >= 0 && v % 1 === 0)) return false;
  v = r["size_bytes"];
  if (!(typeof v === "number" && v >= 0 && v % 1 === 0)) return false;
  v = r["external_bytes"];
  if (!(typeof v === "number" && v >= 0 && v % 1 === 0)) return false;
  v = r["line"];
  if (!(typeof v === "number" && v >= 0 && v % 1 === 0)) return false;
  v = r["column"];
  if (!(typeof v === "number" && v >= 0 && v % 1 === 0)) return false;
  v = r["thread_id"];
  if (!(typeof v === "number" && v >= 0 && v % 1 === 0)) return false;
  // integer
  v = r["scope_id"];
  if (!(typeof v === "number" && v % 1 === 0)) return false;
  v = r["scope_instance"];
  if (!(typeof v === "number" && v % 1 === 0)) return false;
  v = r["site_id"];
  if (!(typeof v === "number" && v % 1 === 0)) return false;
  // number, minimum 0 (and null where allowed)
  v = r["allocation_time"];
  if (!(typeof v === "number" && v >= 0 && v !== Infinity)) return false;
  v = r["scope_exit_time"];
  if (v !== null && !(typeof v === "number" && v >= 0 && v !== Infinity)) return false;
  v = r["collected_time"];
  if (v !== null && !(typeof v === "number" && v >= 0 && v !== Infinity)) return false;
  // strings, and the category enum
  if (typeof r["variable_name"] !== "string" || typeof r["type_name"] !== "string") return false;
  if (typeof r["subcategory"] !== "string" || typeof r["file"] !== "string") return false;
  v = r["category"];
  if (v !== "collection" && v !== "string" && v !== "box" && v !== "dynamic") return false;
  // optional: integer or null, minimum 0; the size history
  v = r["precise_self_bytes"];
  if (v !== undefined && v !== null && !(typeof v === "number" && v >= 0 && v % 1 === 0)) return false;
  v = r["precise_retained_bytes"];
  if (v !== undefined && v !== null && !(typeof v === "number" && v >= 0 && v % 1 === 0)) return false;
  v = r["size_history"];
  return v === undefined || isHistory(v);
}
