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
 * fails until format/record.ts is brought up to date).
 */
import { CATEGORIES } from "../../format/categories.js";
import { RECORD_FIELDS, RECORD_KEYS, RECORD_SCHEMA_DEFINITIONS, type RecordField } from "../../format/record.js";

/** The schema text this module implements: format/record.ts's declaration of the record. */
export const ALLOCATION_DEFINITIONS = RECORD_SCHEMA_DEFINITIONS;

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
 * The property checks are written out inline, not as calls to small helpers: the export
 * child's code never warms up, and in V8's interpreter the calls were half the check's
 * cost (8k records: ~10 ms with helpers and a Set, ~5 ms inline). So the check is
 * generated once from format/record.ts's fields. The tricks, all exact: `v >= 0` is
 * false for NaN; `v % 1 === 0` is false for NaN and ±Infinity, so it is ajv's
 * "integer"; `v !== Infinity` after `v >= 0` (or `v - v === 0`) is ajv's finite "number".
 */

/** A `size_history` value the schema accepts. */
export function isHistory(value: unknown): boolean {
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
for (const key of RECORD_KEYS) KNOWN[key] = true;

/** The JavaScript condition under which `v` is a valid value of the field. */
function validValue(field: RecordField): string {
  let condition: string;
  switch (field.type) {
    case "string":
      condition = 'typeof v === "string"';
      break;
    case "category":
      condition = CATEGORIES.map((c) => `v === ${JSON.stringify(c)}`).join(" || ");
      break;
    case "history":
      condition = "isHistory(v)";
      break;
    case "integer":
      condition = `typeof v === "number" && ${field.nonNegative ? "v >= 0 && " : ""}v % 1 === 0`;
      break;
    case "number":
      condition = `typeof v === "number" && ${field.nonNegative ? "v >= 0 && v !== Infinity" : "v - v === 0"}`;
      break;
  }
  if (field.nullable) condition = `v === null || (${condition})`;
  if (field.optional) condition = `v === undefined || (${condition})`;
  return condition;
}

type RecordCheck = (value: unknown) => boolean;

const generatedCheck = new Function(
  "KNOWN",
  "isHistory",
  [
    "return function surelyValidRecord(value) {",
    "  if (value === null || typeof value !== \"object\" || Array.isArray(value)) return false;",
    "  const r = value;",
    "  for (const key in r) if (KNOWN[key] !== true) return false;",
    "  let v;",
    ...RECORD_FIELDS.flatMap((field) => [`  v = r[${JSON.stringify(field.key)}];`, `  if (!(${validValue(field)})) return false;`]),
    "  return true;",
    "};",
  ].join("\n"),
)(KNOWN, isHistory) as RecordCheck;

/**
 * True only when the schema surely accepts `value` as an allocation record; false means
 * "let ajv decide". Reads the properties the way ajv's code does (`data.x`, `for…in`), so
 * inherited or odd properties count the same way.
 */
export function surelyValidRecord(value: unknown): boolean {
  return generatedCheck(value);
}
