/**
 * The allocation record's fields, declared once: JSON key (in the order every writer
 * writes them), the reader's column name, the value's type and whether it may be null
 * or absent. Derived from it: the schema's `$defs.allocation` this code implements
 * (checked equal to schema/snapshot.schema.json), the reader's column table
 * (render/read/record-columns.ts) and the record pre-check (render/read/record-check.ts).
 * `AllocationRecord` (format/snapshot.ts) is the same shape as a TypeScript type; a
 * test holds the two together.
 *
 * The runtime keeps its records as typed arrays (RAW_RECORD_ARRAYS below, the Store's
 * per-record columns); each JSON field is computed from those and the site table.
 */
import { CATEGORIES } from "./categories.js";
import type { AllocationRecord } from "./snapshot.js";

/** integer / number carry `minimum: 0` when `nonNegative`; `category` is the category enum; `history` the size history. */
export type FieldType = "integer" | "number" | "string" | "category" | "history";

export interface RecordField {
  key: keyof AllocationRecord & string;
  /** The reader's column (render/read/record-columns.ts). */
  column: string;
  type: FieldType;
  nonNegative: boolean;
  /** null is a value (NaN in the reader's float columns). */
  nullable: boolean;
  /** May be absent (precise sizes outside precise mode, a size history never re-measured, a weight of 1). */
  optional: boolean;
}

const f = <const F extends RecordField>(declared: F): F => declared;

export const RECORD_FIELDS = [
  f({ key: "id", column: "id", type: "integer", nonNegative: true, nullable: false, optional: false }),
  f({ key: "variable_name", column: "variableName", type: "string", nonNegative: false, nullable: false, optional: false }),
  f({ key: "type_name", column: "typeName", type: "string", nonNegative: false, nullable: false, optional: false }),
  f({ key: "category", column: "category", type: "category", nonNegative: false, nullable: false, optional: false }),
  f({ key: "subcategory", column: "subcategory", type: "string", nonNegative: false, nullable: false, optional: false }),
  f({ key: "size_bytes", column: "sizeBytes", type: "integer", nonNegative: true, nullable: false, optional: false }),
  f({ key: "external_bytes", column: "externalBytes", type: "integer", nonNegative: true, nullable: false, optional: false }),
  f({ key: "precise_self_bytes", column: "preciseSelf", type: "integer", nonNegative: true, nullable: true, optional: true }),
  f({ key: "precise_retained_bytes", column: "preciseRetained", type: "integer", nonNegative: true, nullable: true, optional: true }),
  f({ key: "precise_exclusive_bytes", column: "preciseExclusive", type: "integer", nonNegative: true, nullable: true, optional: true }),
  f({ key: "allocation_time", column: "allocationTime", type: "number", nonNegative: true, nullable: false, optional: false }),
  f({ key: "scope_exit_time", column: "scopeExitTime", type: "number", nonNegative: true, nullable: true, optional: false }),
  f({ key: "collected_time", column: "collectedTime", type: "number", nonNegative: true, nullable: true, optional: false }),
  f({ key: "file", column: "file", type: "string", nonNegative: false, nullable: false, optional: false }),
  f({ key: "line", column: "line", type: "integer", nonNegative: true, nullable: false, optional: false }),
  f({ key: "column", column: "column", type: "integer", nonNegative: true, nullable: false, optional: false }),
  f({ key: "scope_id", column: "scopeId", type: "integer", nonNegative: false, nullable: false, optional: false }),
  f({ key: "scope_instance", column: "scopeInstance", type: "integer", nonNegative: false, nullable: false, optional: false }),
  f({ key: "site_id", column: "siteId", type: "integer", nonNegative: false, nullable: false, optional: false }),
  f({ key: "thread_id", column: "threadId", type: "integer", nonNegative: true, nullable: false, optional: false }),
  f({ key: "weight", column: "weight", type: "integer", nonNegative: true, nullable: false, optional: true }),
  f({ key: "size_history", column: "sizeHistory", type: "history", nonNegative: false, nullable: false, optional: true }),
] as const;

type DeclaredField = (typeof RECORD_FIELDS)[number];
/** Every AllocationRecord key is declared above (a compile error names the one that is not). */
const everyKeyDeclared: Record<Exclude<keyof AllocationRecord, DeclaredField["key"]>, never> = {};
void everyKeyDeclared;

export type NumberColumn = Extract<DeclaredField, { type: "integer" | "number" }>["column"];
export type StringColumn = Extract<DeclaredField, { type: "string" | "category" }>["column"];

export const RECORD_KEYS: readonly string[] = RECORD_FIELDS.map((d) => d.key);

/** The reader's number columns (Float64Array, null as NaN), in declaration order. */
export const NUMBER_COLUMNS: readonly NumberColumn[] = RECORD_FIELDS.filter((d) => d.type === "integer" || d.type === "number").map((d) => d.column as NumberColumn);
/** The reader's string columns (indices into one string table), in declaration order. */
export const STRING_COLUMNS: readonly StringColumn[] = RECORD_FIELDS.filter((d) => d.type === "string" || d.type === "category").map((d) => d.column as StringColumn);

/** `[time_ms, size_bytes]` steps, as the schema declares them. */
const HISTORY_DEFINITION = {
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
} as const;

function propertyDefinition(d: RecordField): unknown {
  switch (d.type) {
    case "string":
      return { type: "string" };
    case "category":
      return { $ref: "#/$defs/category" };
    case "history":
      return HISTORY_DEFINITION;
    default:
      return { type: d.nullable ? [d.type, "null"] : d.type, ...(d.nonNegative ? { minimum: 0 } : {}) };
  }
}

/** The schema's `$defs.category` and `$defs.allocation`, as this declaration says them. */
export const RECORD_SCHEMA_DEFINITIONS = {
  category: { enum: [...CATEGORIES] },
  allocation: {
    type: "object",
    properties: Object.fromEntries(RECORD_FIELDS.map((d) => [d.key, propertyDefinition(d)])),
    required: RECORD_FIELDS.filter((d) => !d.optional).map((d) => d.key),
    additionalProperties: false,
  },
};

/** A per-record typed array of the runtime's Store: its property name and element type. */
export interface RawRecordArray {
  property: "recSite" | "recInstance" | "recKind" | "recFlags" | "recSize" | "recExternal" | "recWeight" | "recAllocTime" | "recExitOrNext" | "recCollectedTime";
  array: Int32ArrayConstructor | Uint32ArrayConstructor | Uint8ArrayConstructor | Float64ArrayConstructor;
}

/** The Store's per-record columns (growth, and what a record is computed from). */
export const RAW_RECORD_ARRAYS: readonly RawRecordArray[] = [
  { property: "recSite", array: Int32Array },
  { property: "recInstance", array: Uint32Array },
  { property: "recKind", array: Uint8Array },
  { property: "recFlags", array: Uint8Array },
  { property: "recSize", array: Uint32Array },
  { property: "recExternal", array: Uint32Array },
  { property: "recWeight", array: Uint32Array },
  { property: "recAllocTime", array: Float64Array },
  { property: "recExitOrNext", array: Float64Array },
  { property: "recCollectedTime", array: Float64Array },
];
