/**
 * The raw file's column layout (format/raw-columns.ts): what the export child writes
 * from it is byte-identical to what it writes from the same records in the JSON line
 * layout, and a file it cannot read gets one line and exit 2.
 */
import test from "ava";
import { spawnSync } from "node:child_process";
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { RAW_COLUMNS_VERSION, decodeRawColumns } from "../../format/raw-columns.js";
import type { RawSnapshot } from "../../format/snapshot.js";
import { RECORD_KEYS } from "../../format/record.js";
import { compareLayouts, writeColumnsLayout, writeJsonLayout } from "../../scripts/bench/raw-identity.js";
import { repoRoot } from "../../scripts/lib/toolchain.js";
import { recordAt } from "../../render/read/columns-read.js";
import { generateRaw } from "./generate-raw.js";

const work = path.join(repoRoot, ".tmp/test-raw-columns");
const exportChild = path.join(repoRoot, "dist/render/export-child.bundle.js");

test.before(() => {
  rmSync(work, { recursive: true, force: true });
  mkdirSync(work, { recursive: true });
});

/** Some records with precise sizes (null or a number), some with a sampling weight (1 written or left out), some with a size history, a partial last block. */
function varied(records: number, hostile: boolean): RawSnapshot {
  const raw = generateRaw({ records, seed: 11, hostile });
  raw.metadata.precise = true;
  raw.allocations.forEach((record, i) => {
    if (i % 3 !== 2) {
      record.precise_self_bytes = i % 3 === 0 ? record.size_bytes + 16 : null;
      record.precise_retained_bytes = i % 3 === 0 ? record.size_bytes * 2 : null;
    }
    if (i % 5 === 0) record.weight = 1 + (i % 7);
    if (i % 17 === 0) record.size_history = [[record.allocation_time, 8], [record.allocation_time + 1.5, record.size_bytes]];
  });
  // Keys in the declared order, as the runtime writes them.
  raw.allocations = raw.allocations.map((record) => Object.fromEntries(RECORD_KEYS.filter((key) => key in record).map((key) => [key, record[key as keyof typeof record]])) as unknown as typeof record);
  return raw;
}

for (const [label, raw] of [
  ["hostile names, precise sizes, weights and histories on some records", varied(2_500, true)],
  ["plain names", varied(1_000, false)],
  ["no records", generateRaw({ records: 0 })],
] as const) {
  test(`the four reports are byte-identical from either layout: ${label}`, (t) => {
    const dir = path.join(work, label.replace(/\W+/g, "-"));
    const differing = compareLayouts(dir, "run", (file) => writeJsonLayout(raw, file), (file) => writeColumnsLayout(raw, file, 7));
    t.deepEqual(differing, []);
  });
}

test("the column layout gives back every record as it was given, key order included", (t) => {
  const raw = varied(300, true);
  const file = path.join(work, "round-trip.raw");
  writeColumnsLayout(raw, file, 64);
  const { head, columns } = decodeRawColumns(readFileSync(file));
  t.is(columns.count, raw.allocations.length);
  const histories = new Map(columns.historyRows.map((row, h) => [row, columns.histories[h]!] as const));
  for (let row = 0; row < columns.count; row++) t.is(JSON.stringify(recordAt(columns, row, histories)), JSON.stringify(raw.allocations[row]));
  t.is(JSON.stringify(head.scopes), JSON.stringify(raw.scopes));
});

function childOn(file: string): { status: number | null; stderr: string } {
  const run = spawnSync(process.execPath, [exportChild, file, path.join(work, "bad-out"), "bad"], { encoding: "utf8", env: { ...process.env, MEMSCOPE: "off" } });
  return { status: run.status, stderr: run.stderr };
}

test("another layout version, a truncated file: one line, exit 2", (t) => {
  const file = path.join(work, "good.raw");
  writeColumnsLayout(generateRaw({ records: 50 }), file);
  const bytes = readFileSync(file);
  const versioned = Buffer.from(bytes);
  versioned.writeUInt32LE(RAW_COLUMNS_VERSION + 1, 8);
  const cases: Array<[string, Buffer, RegExp]> = [
    ["version", versioned, new RegExp(`layout version ${RAW_COLUMNS_VERSION + 1} is not supported`)],
    ["truncated", bytes.subarray(0, bytes.length - 100), /truncated/],
  ];
  for (const [name, content, message] of cases) {
    const bad = path.join(work, `${name}.raw`);
    writeFileSync(bad, content);
    const run = childOn(bad);
    t.is(run.status, 2, name);
    t.regex(run.stderr, message, name);
    t.is(run.stderr.trim().split("\n").length, 1, name);
  }
});
