/**
 * The snapshot's JSON Schema (schema/snapshot.schema.json, draft 2020-12) compiled once
 * with ajv, and a one-line description of the first problem for error messages.
 */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { Ajv2020 } from "ajv/dist/2020.js";
import type { ErrorObject, ValidateFunction } from "ajv";
import type { Snapshot } from "../runtime/snapshot.js";

/** dist/render/schema.js and render/schema.ts both sit two levels below the package root. */
export const SCHEMA_PATH = fileURLToPath(new URL("../../schema/snapshot.schema.json", import.meta.url));

let compiled: ValidateFunction<Snapshot> | null = null;

export function loadSchema(): Record<string, unknown> {
  return JSON.parse(readFileSync(SCHEMA_PATH, "utf8")) as Record<string, unknown>;
}

export function snapshotValidator(): ValidateFunction<Snapshot> {
  if (!compiled) {
    const ajv = new Ajv2020({ allErrors: false, strict: true });
    compiled = ajv.compile<Snapshot>(loadSchema());
  }
  return compiled;
}

/**
 * Null when the document is a valid Snapshot, else the first problem in one line.
 * `maxRecords` bounds the cost for huge snapshots: every other section is checked in
 * full, the allocations by an evenly spaced sample of that many records (they all come
 * from the same writer, so drift shows in any of them).
 */
export function schemaProblem(document: unknown, options: { maxRecords?: number } = {}): string | null {
  const validate = snapshotValidator();
  let subject = document;
  const max = options.maxRecords;
  if (max !== undefined && document && typeof document === "object") {
    const allocations = (document as { allocations?: unknown }).allocations;
    if (Array.isArray(allocations) && allocations.length > max) {
      const step = allocations.length / max;
      const sample = Array.from({ length: max }, (_, i) => allocations[Math.floor(i * step)]);
      sample[max - 1] = allocations[allocations.length - 1];
      subject = { ...(document as object), allocations: sample };
    }
  }
  if (validate(subject)) return null;
  return describeAjvError(validate.errors?.[0]);
}

function describeAjvError(error: ErrorObject | undefined): string {
  if (!error) return "does not match the snapshot schema";
  const where = error.instancePath === "" ? "the document" : error.instancePath;
  let what = error.message ?? "is invalid";
  if (error.keyword === "additionalProperties") what = `has unexpected property "${String(error.params["additionalProperty"])}"`;
  if (error.keyword === "required") what = `is missing property "${String(error.params["missingProperty"])}"`;
  return `${where} ${what}`;
}
