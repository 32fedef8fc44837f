/**
 * format/record.ts declares the record's fields once; these tests hold every place that
 * writes or reads a record to that declaration, so adding a field fails here until each
 * of them knows it.
 */
import test from "ava";
import { readFileSync } from "node:fs";
import { CATEGORIES, CATEGORY_COLORS, DYNAMIC_TYPED_ARRAY, categoryColor, subcategoryFamily, UNKNOWN_CATEGORY_COLOR } from "../../format/categories.js";
import { SITE_SCOPE, SITE_VAR } from "../../format/protocol.js";
import { RAW_SECTIONS, RECORDS_KEY, rawHeadText } from "../../format/raw-layout.js";
import { NUMBER_COLUMNS, RAW_RECORD_ARRAYS, RECORD_FIELDS, RECORD_KEYS, RECORD_SCHEMA_DEFINITIONS, STRING_COLUMNS } from "../../format/record.js";
import type { AllocationRecord } from "../../format/snapshot.js";
import { columnsFromRecords } from "../../render/read/record-columns.js";
import { SCHEMA_PATH } from "../../render/paths.js";
import { localAllocation, localAllocationInto, mergeParts } from "../../runtime/collect.js";
import { RawColumnsEncoder, decodeRawColumns } from "../../format/raw-columns.js";
import { recordJsonLines } from "../../render/write/record-json.js";
import { readConfig } from "../../runtime/config.js";
import { KIND_NAMES, categoryOfKind } from "../../runtime/estimate.js";
import { addRecord, addSites, openScope } from "../../runtime/registration.js";
import { Store } from "../../runtime/store.js";

const FULL: AllocationRecord = {
  id: 3,
  variable_name: "cache",
  type_name: "Map<string, number>",
  category: "collection",
  subcategory: "Map",
  size_bytes: 96,
  external_bytes: 5,
  precise_self_bytes: 80,
  precise_retained_bytes: null,
  precise_exclusive_bytes: null,
  allocation_time: 1.5,
  scope_exit_time: null,
  collected_time: 9.25,
  file: "src/app.ts",
  line: 12,
  column: 7,
  scope_id: 0,
  scope_instance: 4,
  site_id: 1,
  thread_id: 2,
  weight: 100,
  size_history: [[2, 64], [3, 96]],
};

test("the declaration is the schema's allocation and category definitions", (t) => {
  const defs = (JSON.parse(readFileSync(SCHEMA_PATH, "utf8")) as { $defs: Record<string, unknown> }).$defs;
  t.deepEqual(defs["allocation"], JSON.parse(JSON.stringify(RECORD_SCHEMA_DEFINITIONS.allocation)));
  t.deepEqual(defs["category"], RECORD_SCHEMA_DEFINITIONS.category);
  t.deepEqual(Object.keys(FULL), RECORD_KEYS, "the full record above lists every field, in the declared order");
});

test("the reader's column table holds every declared field (column included)", (t) => {
  const columns = columnsFromRecords([FULL]);
  const byKey = FULL as unknown as Record<string, unknown>;
  t.is(NUMBER_COLUMNS.length + STRING_COLUMNS.length + 1, RECORD_FIELDS.length, "numbers, strings and the size history");
  for (const field of RECORD_FIELDS) {
    const value = byKey[field.key];
    if (field.type === "history") t.deepEqual(columns.histories[0], value);
    else if (field.type === "string" || field.type === "category") {
      t.is(columns.strings[columns.texts[field.column as (typeof STRING_COLUMNS)[number]][0]!], value as string, field.key);
    } else t.is(columns.numbers[field.column as (typeof NUMBER_COLUMNS)[number]][0], value === null ? NaN : (value as number), field.key);
  }
});

test("the runtime's record, and the snapshot JSON line written from its raw columns, have the declared keys in the declared order", (t) => {
  const store = new Store(readConfig({}, ["node", "app.js"], "/tmp"));
  const base = addSites(store, "src/app.ts", [
    [SITE_SCOPE, "<module>", 1, 1, -1],
    [SITE_VAR, "cache", "Map<string, number>", "collection", "Map", 12, 7, 0, -1],
  ]);
  store.registry = new FinalizationRegistry<number>(() => undefined);
  const handle = openScope(store, base);
  const record = addRecord(store, new Map([["a", 1]]), base + 1, handle);
  store.sizeHistory.set(record, [1, 64, 2, 96]);
  // A record kept 1 in 5 by hot-site sampling writes its weight; one that stands for itself does not.
  store.recWeight[record] = 5;
  const precise = { self: new Map([[record, 80]]), retained: new Map<number, number>(), exclusive: new Map<number, number>(), paths: [] };
  const object = localAllocation(store, record, precise);
  t.deepEqual(Object.keys(object), RECORD_KEYS);
  const encoder = new RawColumnsEncoder();
  const start = encoder.start({} as never);
  localAllocationInto(store, record, precise, encoder, new Map());
  const { columns } = decodeRawColumns(Buffer.concat([...start, ...encoder.takeBlock(), ...encoder.end()]));
  const line = Buffer.concat([...recordJsonLines(columns)]).toString("utf8");
  t.deepEqual(Object.keys(JSON.parse(line) as object), RECORD_KEYS);
  t.is(line, `${JSON.stringify(object)}\n`);
  t.is(object.weight, 5);
  store.sizeHistory.delete(record);
  store.recWeight[record] = 1;
  t.deepEqual(Object.keys(localAllocation(store, record, null)), RECORD_FIELDS.filter((f) => !f.optional).map((f) => f.key));
});

test("the Store's per-record arrays are the declared ones, grown together", (t) => {
  const store = new Store(readConfig({}, ["node", "app.js"], "/tmp"));
  const fields = store as unknown as Record<string, unknown>;
  const declared = RAW_RECORD_ARRAYS.map((c) => c.property).sort();
  const typedRecordFields = Object.keys(fields).filter((key) => /^rec[A-Z]/.test(key) && ArrayBuffer.isView(fields[key])).sort();
  t.deepEqual(typedRecordFields, declared);
  for (const { property, array } of RAW_RECORD_ARRAYS) t.true(fields[property] instanceof array, property);
  store.count = store.capacity;
  store.ensureRecordCapacity();
  for (const { property } of RAW_RECORD_ARRAYS) t.is((fields[property] as ArrayLike<number>).length, store.capacity, property);
});

test("categories: every one has its colour; an unknown one gets the explicit unknown colour", (t) => {
  for (const category of CATEGORIES) t.is(categoryColor(category), CATEGORY_COLORS[category]);
  t.is(categoryColor("mystery"), UNKNOWN_CATEGORY_COLOR);
});

test("every collection kind the runtime names at run time is drawn in its family, never as 'other'", (t) => {
  KIND_NAMES.forEach((name, kind) => {
    if (categoryOfKind(kind) === "collection") t.not(subcategoryFamily("collection", name), "other", name);
  });
  t.is(subcategoryFamily("collection", DYNAMIC_TYPED_ARRAY), subcategoryFamily("collection", "Uint8Array"));
});

test("the raw file's first line is the sections in RAW_SECTIONS order, as JSON.stringify writes the head", (t) => {
  const store = new Store(readConfig({}, ["node", "app.js"], "/tmp"));
  const head = mergeParts(store, "exit", null, []).head;
  t.is(rawHeadText(head), `${JSON.stringify(head).slice(0, -1)},"allocations":[\n`);
  // `retainers` is written by precise mode only.
  t.deepEqual(Object.keys(head), RAW_SECTIONS.map((s) => s.key).filter((key) => key !== RECORDS_KEY && key !== "retainers"));
});
