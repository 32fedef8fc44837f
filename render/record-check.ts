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

/** "integer, minimum 0" as ajv checks it: a finite whole number ≥ 0 (-0 included). */
function isCount(value: unknown): boolean {
  return typeof value === "number" && Number.isInteger(value) && value >= 0;
}

function isInteger(value: unknown): boolean {
  return typeof value === "number" && Number.isInteger(value);
}

/** "number, minimum 0": finite (ajv's type "number" excludes Infinity and NaN) and ≥ 0. */
function isTime(value: unknown): boolean {
  return typeof value === "number" && Number.isFinite(value) && value >= 0;
}

function isCategory(value: unknown): boolean {
  return value === "collection" || value === "string" || value === "box" || value === "dynamic";
}

function isHistory(value: unknown): boolean {
  if (!Array.isArray(value)) return false;
  for (const step of value as unknown[]) {
    if (!Array.isArray(step) || step.length !== 2 || !isTime(step[0]) || !isCount(step[1])) return false;
  }
  return true;
}

/** The record's properties that the schema knows (for additionalProperties: false). */
const KNOWN = new Set<string>(Object.keys(ALLOCATION_DEFINITIONS.allocation.properties));

/**
 * True only when the schema surely accepts `value` as an allocation record; false means
 * "let ajv decide". Reads the properties the way ajv's code does (`data.x`, `for…in`), so
 * inherited or odd properties count the same way.
 */
export function surelyValidRecord(value: unknown): boolean {
  if (value === null || typeof value !== "object" || Array.isArray(value)) return false;
  const r = value as Record<string, unknown>;
  for (const key in r) if (!KNOWN.has(key)) return false;
  if (
    !(
      isCount(r["id"]) &&
      typeof r["variable_name"] === "string" &&
      typeof r["type_name"] === "string" &&
      isCategory(r["category"]) &&
      typeof r["subcategory"] === "string" &&
      isCount(r["size_bytes"]) &&
      isCount(r["external_bytes"]) &&
      isTime(r["allocation_time"]) &&
      (r["scope_exit_time"] === null || isTime(r["scope_exit_time"])) &&
      (r["collected_time"] === null || isTime(r["collected_time"])) &&
      typeof r["file"] === "string" &&
      isCount(r["line"]) &&
      isCount(r["column"]) &&
      isInteger(r["scope_id"]) &&
      isInteger(r["scope_instance"]) &&
      isInteger(r["site_id"]) &&
      isCount(r["thread_id"])
    )
  ) {
    return false;
  }
  const self = r["precise_self_bytes"];
  if (self !== undefined && self !== null && !isCount(self)) return false;
  const retained = r["precise_retained_bytes"];
  if (retained !== undefined && retained !== null && !isCount(retained)) return false;
  const history = r["size_history"];
  return history === undefined || isHistory(history);
}
