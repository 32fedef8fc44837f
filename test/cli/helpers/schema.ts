/** The snapshot JSON Schema (schema/snapshot.schema.json), compiled once with ajv (draft 2020-12). */
import { readFileSync } from "node:fs";
import path from "node:path";
import { Ajv2020 } from "ajv/dist/2020.js";
import { REPO_ROOT } from "./cli.js";

let validator: ((doc: unknown) => boolean) & { errors?: unknown } | undefined;

export function validateSnapshot(doc: unknown): string | null {
  if (!validator) {
    const schema = JSON.parse(readFileSync(path.join(REPO_ROOT, "schema/snapshot.schema.json"), "utf8")) as object;
    validator = new Ajv2020({ allErrors: true, strict: false }).compile(schema);
  }
  return validator(doc) ? null : JSON.stringify(validator.errors).slice(0, 2000);
}
