/**
 * The validator `npm run build` generates (ajv standalone code) must accept and reject
 * exactly what the schema compiled at run time does, with the same first error, and
 * must never be used when it was generated from anything but the current schema.
 */
import test from "ava";
import fc from "fast-check";
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import type { ErrorObject, ValidateFunction } from "ajv";
import type { Snapshot } from "../../format/snapshot.js";
import { buildSnapshot } from "../../render/index.js";
import {
  compileSnapshotValidator,
  installedAjvVersion,
  loadGeneratedValidator,
  loadSchema,
  loadSchemaText,
  validatorDigest,
} from "../../render/read/schema.js";
import { generateValidatorModule } from "../../scripts/lib/validator-codegen.js";
import { emptyRaw, generateRaw } from "./generate-raw.js";
import { rawWith, record } from "./fixtures.js";

const here = dirname(fileURLToPath(import.meta.url));
// Inside the package, so the generated module's require("ajv/dist/runtime/…") resolves.
const scratch = mkdtempSync(join(here, ".generated-validator-"));
test.after.always(() => rmSync(scratch, { recursive: true, force: true }));

const digest = validatorDigest(loadSchemaText(), installedAjvVersion());
const compiled = compileSnapshotValidator(loadSchema());

function writeGenerated(name: string, code: string): string {
  const path = join(scratch, name);
  writeFileSync(path, code);
  return path;
}

const generatedPath = writeGenerated("current.cjs", generateValidatorModule(loadSchemaText(), installedAjvVersion()));
const generated = loadGeneratedValidator(generatedPath, digest);

type Outcome = { valid: boolean; error: Pick<ErrorObject, "instancePath" | "schemaPath" | "keyword" | "params" | "message"> | null };

function outcome(validate: ValidateFunction<Snapshot>, document: unknown): Outcome {
  const valid = validate(document);
  const first = validate.errors?.[0];
  return {
    valid,
    error: first ? { instancePath: first.instancePath, schemaPath: first.schemaPath, keyword: first.keyword, params: first.params, message: first.message } : null,
  };
}

const corpus: Record<string, unknown> = {
  empty: buildSnapshot(emptyRaw()),
  one: buildSnapshot(generateRaw({ records: 1 })),
  thousand: buildSnapshot(generateRaw({ records: 1000, seed: 3 })),
  precise: buildSnapshot(
    rawWith([
      record({ scope_exit_time: null, collected_time: null, precise_self_bytes: null, precise_retained_bytes: null }),
      record({ precise_self_bytes: 48, precise_retained_bytes: 4096, size_history: [[10, 64]] }),
    ]),
  ),
};

test("the generated module loads when its digest matches the current schema, ajv and options", (t) => {
  t.is(typeof generated, "function");
});

test("generated and run-time compiled validators agree on every valid corpus snapshot", (t) => {
  for (const [name, document] of Object.entries(corpus)) {
    const expected = outcome(compiled, document);
    t.true(expected.valid, name);
    t.deepEqual(outcome(generated!, document), expected, name);
  }
});

test("hand-made invalid documents: same verdict and same first error", (t) => {
  const base = JSON.parse(JSON.stringify(corpus["thousand"])) as Record<string, any>;
  const broken: unknown[] = [
    null,
    [],
    "snapshot",
    {},
    { ...base, surprise: 1 },
    { ...base, metadata: { ...base["metadata"], format_version: "1" } },
    { ...base, allocations: [{ ...base["allocations"][0], size_bytes: -1 }] },
    { ...base, allocations: [{ ...base["allocations"][0], category: "number" }] },
    { ...base, allocations: [{ ...base["allocations"][0], size_history: [[1]] }] },
    { ...base, summary: { ...base["summary"], memory_efficiency_percent: 120 } },
  ];
  for (const document of broken) {
    const expected = outcome(compiled, document);
    t.false(expected.valid);
    t.deepEqual(outcome(generated!, document), expected);
  }
});

/** Every path to a value inside `value` (object keys and array indexes). */
function paths(value: unknown, prefix: Array<string | number> = [], out: Array<Array<string | number>> = []): Array<Array<string | number>> {
  out.push(prefix);
  if (Array.isArray(value)) value.slice(0, 4).forEach((item, i) => paths(item, [...prefix, i], out));
  else if (value && typeof value === "object") for (const [k, v] of Object.entries(value)) paths(v, [...prefix, k], out);
  return out;
}

function mutate(document: unknown, path: Array<string | number>, action: "set" | "delete" | "add", value: unknown): unknown {
  const copy = JSON.parse(JSON.stringify(document)) as unknown;
  if (path.length === 0) return action === "set" ? value : copy;
  let parent = copy as Record<string | number, unknown>;
  for (const key of path.slice(0, -1)) parent = parent[key] as Record<string | number, unknown>;
  const last = path[path.length - 1]!;
  if (action === "set") parent[last] = value;
  else if (action === "delete") {
    if (Array.isArray(parent)) parent.splice(Number(last), 1);
    else delete parent[last];
  } else {
    const target = parent[last];
    if (target && typeof target === "object" && !Array.isArray(target)) (target as Record<string, unknown>)["extra_key"] = value;
    else if (Array.isArray(target)) target.push(value);
  }
  return copy;
}

test("random mutations of real snapshots: generated and compiled validators agree (property)", (t) => {
  const documents = Object.values(corpus);
  const pathLists = documents.map((d) => paths(d));
  const verdicts = { valid: 0, invalid: 0 };
  const leaf = fc.oneof(fc.constant(null), fc.boolean(), fc.integer(), fc.double(), fc.string(), fc.constant([]), fc.constant({}), fc.constant(-1), fc.constant(101));
  fc.assert(
    fc.property(fc.nat(documents.length - 1), fc.nat(), fc.constantFrom("set", "delete", "add"), leaf, (d, p, action, value) => {
      const list = pathLists[d]!;
      const document = mutate(documents[d], list[p % list.length]!, action as "set" | "delete" | "add", value);
      const expected = outcome(compiled, document);
      const actual = outcome(generated!, document);
      verdicts[expected.valid ? "valid" : "invalid"]++;
      t.deepEqual(actual, expected);
      return JSON.stringify(actual) === JSON.stringify(expected);
    }),
    { numRuns: 1500 },
  );
  // Both verdicts must be exercised, or the comparison proves little.
  t.true(verdicts.invalid > 300 && verdicts.valid > 50, JSON.stringify(verdicts));
});

test("a generated module made from another schema, ajv version or missing is never used", (t) => {
  const otherSchema = loadSchemaText().replace('"title"', '"description_for_test": "changed", "title"');
  const stale = writeGenerated("stale.cjs", generateValidatorModule(loadSchemaText(), installedAjvVersion()).replace(digest, validatorDigest(otherSchema, installedAjvVersion())));
  t.is(loadGeneratedValidator(stale, digest), null);
  t.not(validatorDigest(loadSchemaText(), "0.0.0"), digest);
  t.not(validatorDigest(otherSchema, installedAjvVersion()), digest);
  t.is(loadGeneratedValidator(join(scratch, "missing.cjs"), digest), null);
  const noDigest = writeGenerated("nodigest.cjs", "module.exports = function validate() { return true; };\n");
  t.is(loadGeneratedValidator(noDigest, digest), null);
});

test("the digest changes with any one-character edit of the schema text, anywhere in it", (t) => {
  const text = loadSchemaText();
  const seen = new Set([digest]);
  for (let at = 0; at < text.length; at += 97) {
    const edited = text.slice(0, at) + (text[at] === " " ? "\t" : " ") + text.slice(at + 1);
    seen.add(validatorDigest(edited, installedAjvVersion()));
  }
  t.is(seen.size, 1 + Math.ceil(text.length / 97));
});

test("the build step (dist/scripts/generate-validator.js --out) writes a module the current schema accepts", (t) => {
  const out = join(scratch, "from-script.cjs");
  const script = fileURLToPath(new URL("../../scripts/generate-validator.js", import.meta.url));
  const run = spawnSync(process.execPath, [script, "--out", out], { encoding: "utf8" });
  t.is(run.status, 0, run.stderr);
  const loaded = loadGeneratedValidator(out, digest);
  t.is(typeof loaded, "function");
  t.deepEqual(outcome(loaded!, corpus["thousand"]), outcome(compiled, corpus["thousand"]));
  t.false(loaded!({ ...(corpus["one"] as object), surprise: true }));
});
