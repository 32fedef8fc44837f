/**
 * The snapshot's JSON Schema (schema/snapshot.schema.json, draft 2020-12) as an ajv
 * validator, and a one-line description of the first problem for error messages.
 *
 * Compiling the schema costs ~150 ms (plus ~50 ms to load ajv's compiler), which the
 * export at every program exit used to pay. `npm run build` therefore also writes the
 * validator ajv would compile as a module (dist/render/snapshot-validator.generated.cjs,
 * ajv's standalone code, see scripts/generate-validator.ts). It is used only when it was
 * generated from this very schema text, by this ajv version, with these options (a
 * digest of the three); otherwise — not built by `npm run build`, or stale — the schema
 * is compiled here as before. Either way the checks are identical. The export child's
 * bundle (scripts/bundle.ts) carries a copy of the generated module, handed over by
 * provideBundledValidator and checked against the same digest before the file is tried.
 */
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import type { ErrorObject, Options, ValidateFunction } from "ajv";
import { EXPORT_LIMITS } from "../../format/export-plan.js";
import type { Snapshot } from "../../format/snapshot.js";
import { GENERATED_VALIDATOR_PATH, SCHEMA_PATH } from "../paths.js";
import { implementsSchemaDefinitions, surelyValidRecord } from "./record-check.js";

const require = createRequire(import.meta.url);

export { SCHEMA_PATH, GENERATED_VALIDATOR_PATH };

/** The ajv options of the snapshot validator, compiled here or generated at build time. */
export const AJV_OPTIONS: Readonly<Options> = { allErrors: false, strict: true };

export type ValidatorOrigin = "bundled" | "generated" | "compiled";

/** What a generated validator module exports (module.exports of the .cjs). */
export interface GeneratedValidatorModule {
  default?: unknown;
  validatorDigest?: unknown;
}

let compiled: ValidateFunction<Snapshot> | null = null;
let origin: ValidatorOrigin | null = null;
/** The generated module inlined into the export child's bundle; null when running unbundled. */
let bundled: GeneratedValidatorModule | null = null;

export function loadSchemaText(): string {
  return readFileSync(SCHEMA_PATH, "utf8");
}

export function loadSchema(): Record<string, unknown> {
  return JSON.parse(loadSchemaText()) as Record<string, unknown>;
}

export function installedAjvVersion(): string {
  return (require("ajv/package.json") as { version: string }).version;
}

/**
 * Identifies what a generated validator was made from: schema text, ajv version,
 * options. It guards against a stale build, not against an adversary, so a 64-bit
 * FNV-style hash (two 32-bit lanes over the UTF-8 bytes, a word at a time) plus the
 * byte length does, and the export child never loads node:crypto for it (~5–10 ms of
 * every export).
 */
export function validatorDigest(schemaText: string, ajvVersion: string): string {
  const text = JSON.stringify({ schema: schemaText, ajv: ajvVersion, options: AJV_OPTIONS });
  // Four bytes per step (a word view of the UTF-8 bytes): a quarter of the steps of a
  // char-by-char loop, which matters in a process whose code never warms up.
  const bytes = new Uint8Array((Buffer.byteLength(text, "utf8") + 3) & ~3);
  Buffer.from(bytes.buffer).write(text, "utf8");
  const words = new Uint32Array(bytes.buffer);
  let a = 0x811c9dc5;
  let b = 0x9e3779b9;
  for (let i = 0; i < words.length; i++) {
    const word = words[i] as number;
    // Multiplying only carries bits upwards: the rotation brings them down again.
    a = Math.imul(a ^ word, 0x01000193);
    a = (a << 13) | (a >>> 19);
    b = Math.imul(b ^ (word + 0x5bd1), 0x2c1b3c6d);
    b = (b << 17) | (b >>> 15);
  }
  const hex = (h: number): string => (h >>> 0).toString(16).padStart(8, "0");
  return `${hex(a)}${hex(b)}-${bytes.length}`;
}

/**
 * The generated validator at `path` when it carries `expectedDigest`; null when the file
 * is missing or was generated from something else (then the caller compiles).
 */
export function loadGeneratedValidator(path: string, expectedDigest: string): ValidateFunction<Snapshot> | null {
  let generated: GeneratedValidatorModule;
  try {
    generated = require(path) as GeneratedValidatorModule;
  } catch (error) {
    if (error && typeof error === "object" && "code" in error && error.code === "MODULE_NOT_FOUND") return null;
    throw error;
  }
  return checkedGeneratedValidator(generated, expectedDigest);
}

/** The module's validator when it carries `expectedDigest`, else null. */
export function checkedGeneratedValidator(generated: GeneratedValidatorModule, expectedDigest: string): ValidateFunction<Snapshot> | null {
  if (generated.validatorDigest !== expectedDigest || typeof generated.default !== "function") return null;
  return generated.default as ValidateFunction<Snapshot>;
}

/** Called by the export child's bundle with the generated module it inlined (see snapshotValidator). */
export function provideBundledValidator(generated: GeneratedValidatorModule): void {
  bundled = generated;
  compiled = null;
  origin = null;
}

export function compileSnapshotValidator(schema: Record<string, unknown>): ValidateFunction<Snapshot> {
  // Loaded only here: the export child normally never needs ajv's compiler.
  const { Ajv2020 } = require("ajv/dist/2020.js") as typeof import("ajv/dist/2020.js");
  return new Ajv2020({ ...AJV_OPTIONS }).compile<Snapshot>(schema);
}

export function snapshotValidator(): ValidateFunction<Snapshot> {
  if (!compiled) {
    const schemaText = loadSchemaText();
    const digest = validatorDigest(schemaText, installedAjvVersion());
    // The bundle's copy, then the file: a bundle older than the schema (or ajv) on disk
    // falls through to a regenerated file, and both stale to compiling the schema.
    compiled = bundled === null ? null : checkedGeneratedValidator(bundled, digest);
    origin = "bundled";
    if (!compiled) {
      compiled = loadGeneratedValidator(GENERATED_VALIDATOR_PATH, digest);
      origin = "generated";
    }
    if (!compiled) {
      compiled = compileSnapshotValidator(JSON.parse(schemaText) as Record<string, unknown>);
      origin = "compiled";
    }
  }
  return compiled;
}

/** Whether the validator in use was generated at build time (inlined in the bundle, or the file) or compiled at run time. */
export function snapshotValidatorOrigin(): ValidatorOrigin {
  snapshotValidator();
  return origin!;
}

/** Records ajv checks even when the quick pre-check passed them all: a spread across the array. */
export const AJV_SPOT_RECORDS = EXPORT_LIMITS.ajvSpotRecords;

let recordCheckUsable: boolean | null = null;

/**
 * Whether record-check.ts implements the schema's current allocation definition (and
 * nothing on Object.prototype would show up in ajv's `for…in`): only then may its
 * "surely valid" spare a record the ajv run.
 */
export function recordCheckApplies(): boolean {
  recordCheckUsable ??= implementsSchemaDefinitions((JSON.parse(loadSchemaText()) as { $defs?: unknown }).$defs);
  for (const _ in {}) return false;
  return recordCheckUsable;
}

/** The indices of `count` records checked under a budget of `max`: all (null), or schemaSampleIndices. */
function checkedIndices(count: number, max: number | undefined): number[] | null {
  return max === undefined || count <= max ? null : schemaSampleIndices(count, max);
}

/** `sample` of `count` records, evenly spaced, the last record in the last place: what schemaProblem checks of a large snapshot. */
export function schemaSampleIndices(count: number, sample: number): number[] {
  const step = count / sample;
  const indices = Array.from({ length: sample }, (_, i) => Math.floor(i * step));
  indices[sample - 1] = count - 1;
  return indices;
}

/**
 * Null when the document is a valid Snapshot, else the first problem in one line.
 * `maxRecords` bounds the cost for huge snapshots: every other section is checked in
 * full, the allocations by an evenly spaced sample of that many records (they all come
 * from the same writer, so drift shows in any of them).
 *
 * The records checked go through record-check.ts first: ajv then sees every other
 * section, the records the pre-check did not vouch for, and a spread of
 * AJV_SPOT_RECORDS more. Same verdict as ajv on all of them (the pre-check only ever
 * vouches for records ajv accepts, and an array of records fails as soon as one does);
 * when ajv finds a problem, the message comes from a run on the records as before, so
 * it names the record by its place in the whole array.
 */
export function schemaProblem(document: unknown, options: { maxRecords?: number } = {}): string | null {
  const validate = snapshotValidator();
  const allocations = document && typeof document === "object" ? (document as { allocations?: unknown }).allocations : undefined;
  if (!Array.isArray(allocations)) return validate(document) ? null : describeAjvError(validate.errors?.[0]);
  const indices = checkedIndices(allocations.length, options.maxRecords);
  const checkedCount = indices ? indices.length : allocations.length;
  const checked = (k: number): unknown => allocations[indices ? (indices[k] as number) : k];
  if (recordCheckApplies()) {
    const forAjv: unknown[] = [];
    const spotEvery = Math.max(1, Math.floor(checkedCount / AJV_SPOT_RECORDS));
    for (let k = 0; k < checkedCount; k++) {
      const record = checked(k);
      if (k % spotEvery === 0 || k === checkedCount - 1 || !surelyValidRecord(record)) forAjv.push(record);
    }
    if (validate({ ...(document as object), allocations: forAjv })) return null;
  }
  const subject = indices ? { ...(document as object), allocations: Array.from({ length: checkedCount }, (_, k) => checked(k)) } : document;
  if (validate(subject)) return null;
  return describeAjvError(validate.errors?.[0]);
}

export function describeAjvError(error: ErrorObject | undefined): string {
  if (!error) return "does not match the snapshot schema";
  const where = error.instancePath === "" ? "the document" : error.instancePath;
  let what = error.message ?? "is invalid";
  if (error.keyword === "additionalProperties") what = `has unexpected property "${String(error.params["additionalProperty"])}"`;
  if (error.keyword === "required") what = `is missing property "${String(error.params["missingProperty"])}"`;
  return `${where} ${what}`;
}
