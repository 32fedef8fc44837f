/**
 * The export child's one-pass read of a raw snapshot on its own thread (export-scan.ts,
 * the path every ordinary-sized export takes): the derivation and both models must equal
 * the in-memory derivation's (buildSnapshot) on the same raw snapshot, the snapshot keeps exactly the
 * spread of records left for ajv, and whatever the quick check cannot vouch for goes the
 * careful way (every record an object, ajv on all of them, the error naming the record).
 */
import test from "ava";
import { mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { RawSnapshot } from "../../format/snapshot.js";
import { deriveExport } from "../../render/derive/export.js";
import { scanRawColumns } from "../../render/read/one-pass-read.js";
import { schemaProblem } from "../../render/read/schema.js";
import { keptSpread } from "./fixtures.js";
import { generateRaw, writeRawFile, writeRuntimeLayoutRawFile } from "./generate-raw.js";
import { assertMatchesDirectDerivation } from "./read-match.js";
import { buildSnapshot } from "../../render/derive/snapshot.js";

/** More than any test file has records: the parallel read never applies here. */
const SAMPLE = 200_000;

async function tempFile(name: string): Promise<string> {
  return join(await mkdtemp(join(tmpdir(), "memscope-scan-")), name);
}

async function assertScanMatches(t: import("ava").ExecutionContext, raw: RawSnapshot, path: string): Promise<void> {
  const derived = await deriveExport(path, { schemaSampleRecords: SAMPLE, leakThresholdMs: 1000 });
  t.deepEqual(derived.snapshot.allocations, keptSpread(raw.allocations));
  assertMatchesDirectDerivation(t, derived, raw);
  t.is(schemaProblem(derived.snapshot, { maxRecords: SAMPLE }), null);
}

test("the runtime's layout (leading commas): same derivation and models as in memory, the spread kept for ajv", async (t) => {
  const raw = generateRaw({ records: 3_000, seed: 31 });
  const path = await tempFile("raw.json");
  await writeRuntimeLayoutRawFile(raw, path);
  await assertScanMatches(t, raw, path);
});

test("the snapshot layout (trailing commas), hostile text, non-ASCII names, a count that is a multiple of the spread", async (t) => {
  const raw = generateRaw({ records: 1_280, seed: 12, hostile: true });
  raw.allocations.forEach((record, i) => {
    if (i % 5 === 0) record.variable_name = `größe_${i % 3}_名前`;
  });
  const path = await tempFile("raw.json");
  await writeRawFile(raw, path);
  await assertScanMatches(t, raw, path);
});

test("tiny raw snapshots: one record, and none", async (t) => {
  for (const records of [1, 0]) {
    const raw = generateRaw({ records, seed: 2 });
    const path = await tempFile("raw.json");
    await writeRuntimeLayoutRawFile(raw, path);
    await assertScanMatches(t, raw, path);
  }
});

test("a record the quick check does not vouch for: the careful read, ajv on every record, the error names it", async (t) => {
  const raw = generateRaw({ records: 900, seed: 13 });
  (raw.allocations[517] as unknown as Record<string, unknown>)["size_bytes"] = -3;
  const path = await tempFile("raw.json");
  await writeRuntimeLayoutRawFile(raw, path);
  t.is(await scanRawColumns(path), null);
  const derived = await deriveExport(path, { schemaSampleRecords: SAMPLE, leakThresholdMs: 1000 });
  t.is(derived.snapshot.allocations.length, 900, "every record, read the careful way");
  t.is(schemaProblem(derived.snapshot, { maxRecords: SAMPLE }), "/allocations/517/size_bytes must be >= 0");
});

test("a record with a property the schema does not know is not vouched for either", async (t) => {
  const raw = generateRaw({ records: 300, seed: 14 });
  (raw.allocations[299] as unknown as Record<string, unknown>)["surprise"] = 1;
  const path = await tempFile("raw.json");
  await writeRuntimeLayoutRawFile(raw, path);
  const derived = await deriveExport(path, { schemaSampleRecords: SAMPLE, leakThresholdMs: 1000 });
  t.is(schemaProblem(derived.snapshot, { maxRecords: SAMPLE }), '/allocations/299 has unexpected property "surprise"');
});

test("pretty-printed JSON (records spanning lines) is read the careful way, with the same result", async (t) => {
  const raw = generateRaw({ records: 200, seed: 15 });
  const path = await tempFile("raw.json");
  await writeFile(path, JSON.stringify(raw, null, 2));
  t.is(await scanRawColumns(path), null);
  const derived = await deriveExport(path, { schemaSampleRecords: SAMPLE, leakThresholdMs: 1000 });
  t.is(JSON.stringify(derived.snapshot), JSON.stringify(buildSnapshot(raw, { leakThresholdMs: 1000 })));
});

test("a malformed record line: the careful read's one-line error with its line number", async (t) => {
  const raw = generateRaw({ records: 400, seed: 16 });
  const path = await tempFile("raw.json");
  await writeRuntimeLayoutRawFile(raw, path);
  const lines = (await readFile(path, "utf8")).split("\n");
  lines[200] = ",{not json";
  await writeFile(path, lines.join("\n"));
  await t.throwsAsync(deriveExport(path, { schemaSampleRecords: SAMPLE }), { message: /line 201 is not valid JSON/ });
});
