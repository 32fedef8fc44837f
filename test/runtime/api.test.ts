/** The export* API (through the stand-in child), precise-mode wiring, the raw file's JSON lines. */
import test from "ava";
import * as fs from "node:fs";
import * as path from "node:path";
import { loadSandboxedRuntime, tick } from "./in-process.js";
import { makeSandbox, readRawFile, receivedSnapshot, removeSandbox, runProgram } from "./helpers.js";
import { localAllocation, localAllocationInto } from "../../runtime/collect.js";
import { RawColumnsEncoder, decodeRawColumns } from "../../format/raw-columns.js";
import { recordAt } from "../../render/read/columns-read.js";
import { STORE_KEY } from "../../format/protocol.js";
import type { Store } from "../../runtime/store.js";

const { rt, sandbox } = await loadSandboxedRuntime();
const base = rt.registerFile("src/api.ts", [
  [0, "<module>", 1, 1, -1],
  [1, "items", "string[]", "collection", "Array", 2, 7, 0, -1],
  [1, "name", "string", "string", "string", 3, 7, 0, -1],
  [1, "weird", "unknown", "dynamic", "unknown", 4, 7, 0, -1],
]);
const scope = rt.enter(base);
const items = rt.track(["a", "b"], base + 1, scope);
rt.track('quote " and \\ backslash \u2028', base + 2, scope);
rt.track(new Uint8Array(100), base + 3, scope);

test.serial("exportAll / exportJson resolve with the paths of the requested kinds", async (t) => {
  const outDir = path.join(sandbox.dir, "api-out");
  const all = await rt.exportAll({ outDir, name: "report" });
  t.deepEqual(Object.keys(all).sort(), ["analysis", "html", "json", "timeline"]);
  t.is(all.json, path.join(outDir, "report_snapshot.json"));
  const received = readRawFile(path.join(outDir, "report.received.json"));
  t.is(received.metadata.exit_reason, "api");
  t.is(received.allocations.length, 3);
  const json = await rt.exportJson({ outDir, name: "only-json" });
  t.deepEqual(Object.keys(json), ["json"]);
  const args = JSON.parse(fs.readFileSync(path.join(outDir, "only-json.child-args.json"), "utf8")) as { kinds: string };
  t.is(args.kinds, "json");
  t.deepEqual(Object.keys(await rt.exportMemoryAnalysis({ outDir, name: "a" })), ["analysis"]);
  t.deepEqual(Object.keys(await rt.exportLifecycleTimeline({ outDir, name: "b" })), ["timeline"]);
  t.deepEqual(fs.readdirSync(outDir).filter((f) => f.endsWith(".tmp") || f.endsWith(".raw")), [], "raw files consumed");
  t.is(items.length, 2);
});

test.serial("exportAll rejects with one line when the output directory cannot be written", async (t) => {
  const blocker = path.join(sandbox.dir, "a-file");
  fs.writeFileSync(blocker, "");
  const error = await t.throwsAsync(rt.exportAll({ outDir: path.join(blocker, "sub") }));
  t.regex(error!.message, /^cannot write the raw snapshot to /);
  t.false(error!.message.includes("\n"));
});

test.serial("the raw file's columns hold the records collectRaw builds", async (t) => {
  await tick();
  const store = (globalThis as unknown as Record<symbol, Store>)[Symbol.for(STORE_KEY)]!;
  const encoder = new RawColumnsEncoder(2);
  const ids = new Map<number, Int32Array>();
  const pieces: Uint8Array[] = [...encoder.start({} as never)];
  for (let record = 0; record < store.count; record++) {
    localAllocationInto(store, record, null, encoder, ids);
    if (encoder.full) pieces.push(...encoder.takeBlock().map((p) => p.slice()));
  }
  pieces.push(...encoder.takeBlock(), ...encoder.end());
  const { columns } = decodeRawColumns(Buffer.concat(pieces));
  t.is(columns.count, store.count);
  for (let record = 0; record < store.count; record++) {
    t.is(JSON.stringify(recordAt(columns, record, new Map())), JSON.stringify(localAllocation(store, record, null)));
  }
  t.true(store.count >= 3);
});

test("precise mode: measurePrecise gets the live tracked objects, its sizes land on the records", (t) => {
  const preciseSandbox = makeSandbox(`
export function measurePrecise(targets) {
  const self = new Float64Array(targets.length);
  const retained = new Float64Array(targets.length);
  targets.forEach((target, i) => { self[i] = Array.isArray(target) ? 1000 + target.length : NaN; retained[i] = 5000; });
  return { self, retained };
}`);
  const run = runProgram("lifecycle", { args: ["exit"], sandbox: preciseSandbox, env: { MEMSCOPE_PRECISE: "1" } });
  t.is(run.status, 0, run.stderr);
  const snapshot = receivedSnapshot(preciseSandbox)!;
  t.true(snapshot.metadata.precise);
  const kept = snapshot.allocations.find((a) => a.variable_name === "kept")!;
  t.is(kept.precise_self_bytes, 1010);
  t.is(kept.precise_retained_bytes, 5000);
  const retained = snapshot.allocations.find((a) => a.variable_name === "retained")!;
  t.is(retained.precise_self_bytes, null, "NaN from measurePrecise becomes null");
  t.is(retained.precise_retained_bytes, 5000);
  const dropped = snapshot.allocations.find((a) => a.variable_name === "dropped")!;
  t.is(dropped.precise_self_bytes, null, "collected objects are not measured");
  removeSandbox(preciseSandbox);
});

test("precise mode without the precise module still exports (sizes stay unmeasured)", (t) => {
  const run = runProgram("lifecycle", { args: ["exit"], env: { MEMSCOPE_PRECISE: "1" } });
  t.is(run.status, 0, run.stderr);
  t.is(run.stderr, "");
  const snapshot = receivedSnapshot(run.sandbox)!;
  t.true(snapshot.allocations.every((a) => a.precise_self_bytes === undefined));
  t.false(snapshot.metadata.precise, "metadata says sizes were not measured");
  removeSandbox(run.sandbox);
});
