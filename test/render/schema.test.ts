import test from "ava";
import { mkdtemp, writeFile, readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Ajv2020 } from "ajv/dist/2020.js";
import type { Snapshot } from "../../format/snapshot.js";
import { buildSnapshot, readSnapshot, SnapshotInputError, writeSnapshotJson } from "../../render/index.js";
import { loadSchema } from "../../render/read/schema.js";
import { percentileSorted } from "../../render/derive/metrics.js";
import { emptyRaw, generateRaw } from "./generate-raw.js";
import { rawWith, record } from "./fixtures.js";

const validate = new Ajv2020({ strict: true, allErrors: true }).compile(loadSchema());

function assertValid(t: import("ava").ExecutionContext, document: unknown): void {
  const ok = validate(document);
  t.true(ok, JSON.stringify(validate.errors?.slice(0, 3)));
}

const inputs = {
  empty: () => emptyRaw(),
  one: () => generateRaw({ records: 1 }),
  thousand: () => generateRaw({ records: 1000, seed: 3 }),
  nulls: () =>
    rawWith([
      record({ scope_exit_time: null, collected_time: null, precise_self_bytes: null, precise_retained_bytes: null }),
      record({ precise_self_bytes: 48, precise_retained_bytes: 4096, size_history: [[10, 64]] }),
    ]),
};

for (const [label, make] of Object.entries(inputs)) {
  test(`built snapshot (${label}) matches the schema, in memory and after a write/read round trip`, async (t) => {
    const snapshot = buildSnapshot(make());
    assertValid(t, snapshot);
    const dir = await mkdtemp(join(tmpdir(), "memscope-schema-"));
    const path = join(dir, "x_snapshot.json");
    await writeSnapshotJson(snapshot, path);
    const parsed = JSON.parse(await readFile(path, "utf8"));
    assertValid(t, parsed);
    t.deepEqual(parsed, JSON.parse(JSON.stringify(snapshot)));
    t.deepEqual(await readSnapshot(path), parsed);
  });
}

test("the schema is strict: unknown properties and wrong types are rejected", (t) => {
  const snapshot = buildSnapshot(generateRaw({ records: 3 })) as Snapshot & Record<string, unknown>;
  t.false(validate({ ...snapshot, surprise: 1 }));
  const badRecord = { ...snapshot, allocations: [{ ...snapshot.allocations[0], size_bytes: "12" }] };
  t.false(validate(badRecord));
  const badCategory = { ...snapshot, allocations: [{ ...snapshot.allocations[0], category: "number" }] };
  t.false(validate(badCategory));
  const badPercent = { ...snapshot, summary: { ...snapshot.summary, memory_efficiency_percent: 120 } };
  t.false(validate(badPercent));
  const missing: Record<string, unknown> = { ...snapshot };
  delete missing["leaks"];
  t.false(validate(missing));
});

test("snapshot JSON is written one allocation per line", async (t) => {
  const snapshot = buildSnapshot(generateRaw({ records: 50 }));
  const dir = await mkdtemp(join(tmpdir(), "memscope-lines-"));
  const path = join(dir, "x_snapshot.json");
  await writeSnapshotJson(snapshot, path);
  const lines = (await readFile(path, "utf8")).split("\n");
  const start = lines.indexOf('"allocations":[');
  t.true(start > 0);
  for (let i = 0; i < 50; i++) t.is(JSON.parse(lines[start + 1 + i]!.replace(/,$/, "")).id, snapshot.allocations[i]!.id);
  t.regex(lines[start + 51]!, /^\]/);
});

test("metrics recomputed independently from the written JSON equal the summary", async (t) => {
  const snapshot = buildSnapshot(generateRaw({ records: 1000, seed: 11 }));
  const dir = await mkdtemp(join(tmpdir(), "memscope-recompute-"));
  const path = join(dir, "x_snapshot.json");
  await writeSnapshotJson(snapshot, path);
  const json = JSON.parse(await readFile(path, "utf8")) as Snapshot;
  const bytes = (r: Snapshot["allocations"][number]): number => r.size_bytes + r.external_bytes;
  // One object per first record: later registrations (alias/move targets) drop out and
  // the object's size is the largest measurement among its holders.
  const later = new Map<number, number[]>();
  for (const r of json.relations) if (r.kind !== "clone") later.set(r.from, [...(later.get(r.from) ?? []), r.to]);
  const sharedIds = new Set(json.relations.filter((r) => r.kind !== "clone").map((r) => r.to));
  t.true(sharedIds.size > 3, "the fixture has aliases and moves");
  const byId = new Map(json.allocations.map((r) => [r.id, r]));
  const objectBytes = (r: Snapshot["allocations"][number]): number =>
    Math.max(bytes(r), ...(later.get(r.id) ?? []).map((id) => bytes(byId.get(id)!)));
  const objects = json.allocations.filter((r) => !sharedIds.has(r.id));
  const alive = objects.filter((r) => r.collected_time === null && !(r.category === "string" && r.scope_exit_time !== null));
  const active = alive.reduce((s, r) => s + objectBytes(r), 0);
  const peak = Math.max(active, ...json.timeline.map((x) => x.tracked_live_bytes));
  const sizes = objects.map(objectBytes).sort((a, b) => a - b);
  const s = json.summary;
  t.is(s.active_memory_bytes, active);
  t.is(s.active_allocations, alive.length);
  t.is(s.peak_memory_bytes, peak);
  t.is(s.memory_efficiency_percent, (active / peak) * 100);
  t.is(s.median_allocation_bytes, percentileSorted(sizes, 50));
  t.is(s.p95_allocation_bytes, percentileSorted(sizes, 95));
  t.is(s.heap_fragmentation_percent, ((json.heap.total_heap_size - json.heap.used_heap_size) / json.heap.total_heap_size) * 100);
  t.is(s.allocation_density, (json.allocations.length + json.dropped_records) / json.tracked_sites);
  t.is(s.total_bytes, sizes.reduce((a, b) => a + b, 0));
  t.is(json.memory_hierarchy.bytes, s.total_bytes);
});

async function expectInputError(t: import("ava").ExecutionContext, content: string | null, pattern: RegExp): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), "memscope-bad-"));
  const path = join(dir, "bad.json");
  if (content !== null) await writeFile(path, content);
  const error = await t.throwsAsync(readSnapshot(path), { instanceOf: SnapshotInputError });
  t.regex(error!.message, pattern);
  t.false(error!.message.includes("\n"));
}

test("readSnapshot: one-line errors for missing, non-JSON, truncated, other version, off-schema", async (t) => {
  const dir = await mkdtemp(join(tmpdir(), "memscope-good-"));
  const good = join(dir, "good.json");
  await writeSnapshotJson(buildSnapshot(generateRaw({ records: 20 })), good);
  const text = await readFile(good, "utf8");
  await expectInputError(t, null, /no such file/);
  await expectInputError(t, "hello, world", /not valid JSON|truncated/);
  await expectInputError(t, "", /empty or truncated/);
  await expectInputError(t, text.slice(0, Math.floor(text.length * 0.6)), /truncated/);
  await expectInputError(t, text.slice(0, 200), /truncated/);
  await expectInputError(t, text.replace('"format_version":1', '"format_version":99'), /format_version 99 is not supported/);
  await expectInputError(t, text.replace('"total_allocations":20', '"total_allocations":-1'), /does not match the schema: \/summary\/total_allocations/);
  await expectInputError(t, "[1,2]", /not a memscope snapshot|JSON object/);
});

test("schemaProblem with a record budget still checks every section and a spread of records", async (t) => {
  const { schemaProblem } = await import("../../render/read/schema.js");
  const snapshot = buildSnapshot(generateRaw({ records: 1000, seed: 8 }));
  t.is(schemaProblem(snapshot, { maxRecords: 10 }), null);
  const badLast = { ...snapshot, allocations: snapshot.allocations.map((r, i) => (i === 999 ? { ...r, line: -1 } : r)) };
  t.regex(schemaProblem(badLast, { maxRecords: 10 }) ?? "", /\/allocations\/9\/line must be >= 0/);
  const badSummary = { ...snapshot, summary: { ...snapshot.summary, total_bytes: 1.5 } };
  t.regex(schemaProblem(badSummary, { maxRecords: 10 }) ?? "", /\/summary\/total_bytes must be integer/);
});
