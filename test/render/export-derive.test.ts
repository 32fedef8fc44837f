/**
 * The export child's parallel read (export-read.ts via deriveExport): record lines parsed
 * into columns on parse workers, the schema sample parsed on the main thread. Run here
 * with a small sample size and small parse tasks, so a few thousand records take the
 * same path as a million: the derivation must equal the in-memory derivation's (buildSnapshot) on
 * the same raw snapshot, the sample must be exactly the records schemaProblem samples,
 * and anything not laid out one record per line must fall back to the ordinary read.
 */
import test from "ava";
import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { RawSnapshot } from "../../format/snapshot.js";
import { deriveExport } from "../../render/derive/export.js";
import { keptSpread } from "./fixtures.js";
import { schemaSampleIndices } from "../../render/read/parallel-read.js";
import { SnapshotInputError } from "../../render/errors.js";
import { generateRaw, writeRawFile, writeRuntimeLayoutRawFile } from "./generate-raw.js";
import { assertMatchesDirectDerivation } from "./read-match.js";
import { buildSnapshot } from "../../render/derive/snapshot.js";

const SAMPLE = 97;

async function tempFile(name: string): Promise<string> {
  return join(await mkdtemp(join(tmpdir(), "memscope-derive-")), name);
}

async function assertParallelReadMatches(t: import("ava").ExecutionContext, raw: RawSnapshot, path: string, taskBytes: number): Promise<void> {
  const derived = await deriveExport(path, { schemaSampleRecords: SAMPLE, parseTaskBytes: taskBytes, leakThresholdMs: 1000 });
  // The parallel path ran: the snapshot carries exactly the sampled records, in sample order.
  const sampled = schemaSampleIndices(raw.allocations.length, SAMPLE).map((i) => raw.allocations[i]);
  t.deepEqual(derived.snapshot.allocations, sampled);
  assertMatchesDirectDerivation(t, derived, raw);
}

test("schemaSampleIndices picks what schemaProblem samples: evenly spaced, the last record last", (t) => {
  t.deepEqual(schemaSampleIndices(10, 4), [0, 2, 5, 9]);
  t.deepEqual(schemaSampleIndices(1_000_000, 200_000).slice(0, 3), [0, 5, 10]);
  t.is(schemaSampleIndices(1_000_000, 200_000).at(-1), 999_999);
});

test("parallel read of the runtime's layout (leading commas) equals the in-memory derivation, over many parse tasks", async (t) => {
  const raw = generateRaw({ records: 4_000, seed: 21 });
  const path = await tempFile("raw.json");
  await writeRuntimeLayoutRawFile(raw, path);
  await assertParallelReadMatches(t, raw, path, 64 << 10);
});

test("parallel read of the snapshot layout (trailing commas), hostile text, one task and many", async (t) => {
  const raw = generateRaw({ records: 2_500, seed: 4, hostile: true });
  const path = await tempFile("raw.json");
  await writeRawFile(raw, path);
  await assertParallelReadMatches(t, raw, path, 1 << 30);
  await writeRawFile(raw, path);
  await assertParallelReadMatches(t, raw, path, 10_000);
});

test("non-ASCII names take the UTF-8 decoding and come out the same", async (t) => {
  const raw = generateRaw({ records: 1_500, seed: 8 });
  raw.allocations.forEach((record, i) => {
    if (i % 7 === 0) record.variable_name = `größe_${i % 3}_名前`;
  });
  const path = await tempFile("raw.json");
  await writeRuntimeLayoutRawFile(raw, path);
  await assertParallelReadMatches(t, raw, path, 32 << 10);
});

test("a file not laid out one record per line falls back to the one-pass read (export-scan.ts), with the same result", async (t) => {
  const raw = generateRaw({ records: 1_200, seed: 9 });
  const path = await tempFile("raw.json");
  // Two records on one line: the line count no longer matches the records.
  await writeRuntimeLayoutRawFile(raw, path);
  const { readFile } = await import("node:fs/promises");
  const lines = (await readFile(path, "utf8")).split("\n");
  t.true(lines[501]!.startsWith("{\"id\""));
  lines.splice(500, 2, `${lines[500]}${lines[501]}`);
  await writeFile(path, lines.join("\n"));
  const derived = await deriveExport(path, { schemaSampleRecords: SAMPLE, parseTaskBytes: 16 << 10, leakThresholdMs: 1000 });
  // Not the parallel read (its sample would be SAMPLE records): the one-pass read's spread.
  t.deepEqual(derived.snapshot.allocations, keptSpread(raw.allocations));
  t.is(derived.recordIndex.count, raw.allocations.length);
  const { allocations: _a, ...actualSections } = derived.snapshot;
  const { allocations: _b, ...expectedSections } = buildSnapshot(raw, { leakThresholdMs: 1000 });
  t.is(JSON.stringify(actualSections), JSON.stringify(expectedSections));
});

test("a malformed record line gives the ordinary read's one-line error (with its line number)", async (t) => {
  const raw = generateRaw({ records: 1_200, seed: 10 });
  const path = await tempFile("raw.json");
  await writeRuntimeLayoutRawFile(raw, path);
  const { readFile } = await import("node:fs/promises");
  const lines = (await readFile(path, "utf8")).split("\n");
  lines[600] = ",{not json";
  await writeFile(path, lines.join("\n"));
  const error = await t.throwsAsync(deriveExport(path, { schemaSampleRecords: SAMPLE, parseTaskBytes: 16 << 10 }), { instanceOf: SnapshotInputError });
  t.regex(error.message, /line 601 is not valid JSON/);
});
