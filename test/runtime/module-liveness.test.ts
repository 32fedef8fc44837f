/**
 * Liveness does not depend on the module format, nor on the Node version: one program
 * body, run as an ES module and as CommonJS, normally and through process.exit(),
 * with and without precise mode, gives the same alive/collected state for every
 * record and the same exact sizes. The program drops some objects for real (a
 * function's locals, a module-level `let` set to null) and calls gc() itself, so
 * those are collected before the export in both formats; the module-level ones it
 * keeps, and what they reference, are alive at the end of the run although a
 * CommonJS module's scope is unreachable by then.
 */
import test from "ava";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import type { RawSnapshot } from "../../format/snapshot.js";
import { distRuntime, makeSandbox, receivedSnapshot, removeSandbox, type Sandbox } from "./helpers.js";

const BODY = `
const mode = process.argv[2];
const b = rt.registerFile("programs/module-liveness.ts", [
  [0, "<module>", 1, 1, -1],
  [1, "cache", "Map<number, Entry>", "collection", "Map", 2, 7, 0, -1],
  [1, "config", "{ name: string }", "box", "object", 3, 7, 0, -1],
  [1, "scratch", "number[] | null", "collection", "Array", 4, 5, 0, -1],
  [0, "remember", 5, 1, 0],
  [1, "entry", "Entry", "box", "object", 6, 11, 4, -1],
  [1, "rows", "number[]", "collection", "Array", 7, 11, 4, -1],
]);
const m = rt.enter(b + 0);
const cache = rt.track(new Map(), b + 1, m);
const config = rt.track({ name: "svc", retries: 3 }, b + 2, m);
let scratch = rt.track(new Array(5000).fill(7), b + 3, m);
function remember(i) {
  const s = rt.enter(b + 4);
  try {
    const entry = rt.track({ id: i, tags: ["a", "b"] }, b + 5, s);
    const rows = rt.track(new Array(1000).fill(i), b + 6, s);
    cache.set(i, entry);
    return rows.length;
  } finally {
    rt.exit(s);
  }
}
let total = 0;
for (let i = 0; i < 5; i++) total += remember(i);
scratch = null;
setTimeout(() => {
  gc();
  setTimeout(() => {
    process.stdout.write(total + " " + cache.size + " " + config.name + "\\n");
    if (mode === "process-exit") process.exit(0);
  }, 20);
}, 20);
`;

const HEADER = {
  esm: `const rt = await import(process.env.MS_RUNTIME_URL);\n`,
  cjs: `const rt = require(require("node:url").fileURLToPath(process.env.MS_RUNTIME_URL));\n`,
};

type Format = keyof typeof HEADER;

function run(format: Format, mode: string, precise: boolean): { snapshot: RawSnapshot; stdout: string; stderr: string; sandbox: Sandbox } {
  const sandbox = makeSandbox();
  if (precise) fs.cpSync(path.join(distRuntime, "precise"), path.join(sandbox.dir, "runtime", "precise"), { recursive: true });
  const file = path.join(sandbox.dir, format === "esm" ? "program.mjs" : "program.cjs");
  fs.writeFileSync(file, HEADER[format] + BODY);
  const result = spawnSync(process.execPath, ["--expose-gc", file, mode], {
    cwd: sandbox.dir,
    encoding: "utf8",
    env: { ...process.env, MEMSCOPE_OUT: sandbox.outDir, MEMSCOPE_NAME: "run", MS_RUNTIME_URL: sandbox.runtimeUrl, MEMSCOPE_PRECISE: precise ? "1" : "0" },
    timeout: 60_000,
  });
  const snapshot = receivedSnapshot(sandbox);
  if (snapshot === null) throw new Error(`no snapshot (${format}, ${mode}): exit ${result.status}, stderr ${result.stderr}`);
  return { snapshot, stdout: result.stdout, stderr: result.stderr, sandbox };
}

/** Per record: name, alive or collected, and the exact sizes where precise mode measured them. */
function liveness(snapshot: RawSnapshot): string[] {
  return snapshot.allocations.map((a) => {
    const state = a.collected_time === null ? "alive" : "collected";
    const exact = a.precise_self_bytes === undefined ? "" : ` ${a.precise_self_bytes}/${a.precise_retained_bytes}`;
    return `${a.variable_name} ${state}${exact}`;
  });
}

const EXPECTED = [
  "cache alive",
  "config alive",
  "scratch collected",
  ...Array.from({ length: 5 }, () => ["entry alive", "rows collected"]).flat(),
];

for (const mode of ["exit", "process-exit"]) {
  for (const precise of [false, true]) {
    test(`ES module and CommonJS: the same liveness${precise ? " and exact sizes" : ""} (${mode})`, (t) => {
      const esm = run("esm", mode, precise);
      const cjs = run("cjs", mode, precise);
      try {
        for (const r of [esm, cjs]) {
          t.is(r.stdout, "5000 5 svc\n");
          t.is(r.stderr, "", "the runtime prints nothing");
        }
        const states = liveness(esm.snapshot);
        t.deepEqual(states, liveness(cjs.snapshot), "CommonJS reports what the ES module reports");
        t.deepEqual(states.map((s) => s.split(" ").slice(0, 2).join(" ")), EXPECTED);
        if (precise) {
          for (const a of esm.snapshot.allocations.filter((r) => r.collected_time === null)) {
            t.true(typeof a.precise_self_bytes === "number" && a.precise_self_bytes > 0, `${a.variable_name} measured exactly`);
          }
        }
        // A normal exit settles everything through the finalization callbacks; process.exit()
        // leaves no turn of the event loop: precise mode watches every object (WeakRefs), and
        // otherwise the five entries (objects, alive, scope ended, not watched) are settled
        // from a heap snapshot's count of the registry's live targets.
        for (const r of [esm, cjs]) {
          t.deepEqual(r.snapshot.metadata.liveness, {
            method: mode === "exit" ? "gc-and-callbacks" : precise ? "gc-and-weak-refs" : "gc-and-heap-snapshot",
            unsettled_records: 0,
          });
        }
      } finally {
        removeSandbox(esm.sandbox);
        removeSandbox(cjs.sandbox);
      }
    });
  }
}

/** Runs a one-file ES module program (source text) against a sandboxed runtime; its stand-in export child keeps the raw snapshot. */
function runInline(source: string): { stdout: string; stderr: string; snapshot: RawSnapshot | null } {
  const sandbox = makeSandbox();
  try {
    const file = path.join(sandbox.dir, "inline.mjs");
    fs.writeFileSync(file, `const rt = await import(process.env.MS_RUNTIME_URL);\n${source}`);
    const result = spawnSync(process.execPath, [file], {
      cwd: sandbox.dir,
      encoding: "utf8",
      env: { ...process.env, MEMSCOPE_OUT: sandbox.outDir, MEMSCOPE_NAME: "run", MS_RUNTIME_URL: sandbox.runtimeUrl },
      timeout: 60_000,
    });
    return { stdout: result.stdout, stderr: result.stderr, snapshot: receivedSnapshot(sandbox) };
  } finally {
    removeSandbox(sandbox);
  }
}

test("five arrays made and dropped inside a function: collected 5/5 at a normal exit, settled by the finalization callbacks", (t) => {
  const run = runInline(`const b = rt.registerFile("five.ts", [[0, "<module>", 1, 1, -1], [0, "make", 2, 1, 0], [1, "arr", "number[]", "collection", "Array", 3, 9, 1, -1]]);
rt.enter(b + 0);
function make(i) { const s = rt.enter(b + 1); try { const arr = rt.track(new Array(1000).fill(i), b + 2, s); return arr.length; } finally { rt.exit(s); } }
let t = 0;
for (let i = 0; i < 5; i++) t += make(i);
process.stdout.write(t + "\\n");
`);
  t.is(run.stdout, "5000\n");
  t.is(run.stderr, "", "no V8 flag error, nothing printed");
  t.is(run.snapshot!.allocations.filter((a) => a.collected_time !== null).length, 5);
  t.deepEqual(run.snapshot!.metadata.liveness, { method: "gc-and-callbacks", unsettled_records: 0 });
});

const FIVE_ARRAYS = `const b = rt.registerFile("five.ts", [[0, "<module>", 1, 1, -1], [0, "make", 2, 1, 0], [1, "arr", "number[]", "collection", "Array", 3, 9, 1, -1]]);
rt.enter(b + 0);
function make(i) { const s = rt.enter(b + 1); try { const arr = rt.track(new Array(1000).fill(i), b + 2, s); return arr.length; } finally { rt.exit(s); } }
let t = 0;
for (let i = 0; i < 5; i++) t += make(i);
process.stdout.write(t + "\\n");
`;

test("five arrays made and dropped inside a function, then a synchronous process.exit(): collected 5/5, settled from a heap snapshot", (t) => {
  const run = runInline(`${FIVE_ARRAYS}process.exit(0);\n`);
  t.is(run.stdout, "5000\n");
  t.is(run.stderr, "");
  t.is(run.snapshot!.metadata.exit_reason, "process.exit");
  t.is(run.snapshot!.allocations.filter((a) => a.collected_time !== null).length, 5);
  t.deepEqual(run.snapshot!.metadata.liveness, { method: "gc-and-heap-snapshot", unsettled_records: 0 });
});

test("a synchronous process.exit() inside a function whose arrays are still referenced: alive, settled; a dropped one beside them stays counted", (t) => {
  const source = `const b = rt.registerFile("k.ts", [[0, "<module>", 1, 1, -1], [0, "main", 2, 1, 0], [1, "kept", "number[]", "collection", "Array", 3, 9, 1, -1], [0, "drop", 4, 1, 0], [1, "tmp", "number[]", "collection", "Array", 5, 9, 3, -1]]);
rt.enter(b + 0);
function drop() { const s = rt.enter(b + 3); try { return rt.track([1, 2, 3], b + 4, s).length; } finally { rt.exit(s); } }
function main(withDropped) {
  const s = rt.enter(b + 1);
  try {
    const kept = [rt.track([1], b + 2, s), rt.track([2], b + 2, s)];
    if (withDropped) drop();
    process.stdout.write(kept.length + "\\n");
    process.exit(0);
  } finally { rt.exit(s); }
}
main(false);
`;
  const run = runInline(source);
  t.is(run.stdout, "2\n");
  t.is(run.stderr, "");
  // Both arrays alive, their scope still open: reported alive, and nothing to settle (no snapshot taken).
  t.is(run.snapshot!.allocations.filter((a) => a.collected_time !== null).length, 0);
  t.deepEqual(run.snapshot!.metadata.liveness, { method: "gc-and-weak-refs", unsettled_records: 0 });
  // With a dropped array beside them, two of three are alive and the snapshot cannot say which:
  // the dropped one (scope ended) is counted as unsettled and reported alive.
  const mixed = runInline(source.replace("main(false)", "main(true)"));
  t.is(mixed.stdout, "2\n");
  t.is(mixed.snapshot!.allocations.filter((a) => a.collected_time !== null).length, 0);
  t.deepEqual(mixed.snapshot!.metadata.liveness, { method: "gc-and-weak-refs", unsettled_records: 1 });
});

test("a program with its own 'beforeExit' listener: it runs once, as in a plain run, and the dropped objects are settled from a heap snapshot", (t) => {
  const run = runInline(`const b = rt.registerFile("l.ts", [[0, "<module>", 1, 1, -1], [0, "make", 2, 1, 0], [1, "box", "{ i: number }", "box", "object", 3, 9, 1, -1]]);
rt.enter(b + 0);
function make(i) { const s = rt.enter(b + 1); try { return rt.track({ i }, b + 2, s).i; } finally { rt.exit(s); } }
for (let i = 0; i < 3; i++) make(i);
process.on("beforeExit", () => process.stdout.write("beforeExit\\n"));
`);
  t.is(run.stdout, "beforeExit\n");
  t.is(run.stderr, "");
  // The boxes nobody holds a WeakRef for are settled from the heap snapshot, unless V8 already
  // delivered their registry callbacks before the exit (Node 26 sometimes does): then nothing is
  // left to settle and no snapshot is taken. Either way none is unsettled and all read collected.
  const liveness = run.snapshot!.metadata.liveness!;
  t.true(liveness.method === "gc-and-heap-snapshot" || liveness.method === "gc-and-weak-refs", liveness.method);
  t.is(liveness.unsettled_records, 0);
  t.is(run.snapshot!.allocations.filter((a) => a.collected_time !== null).length, 3, "the three dropped boxes read collected");
});

test("the runtime's gc comes from a context of its own: contexts the program creates later get no gc global", (t) => {
  const run = runInline(`const vm = await import("node:vm");
const b = rt.registerFile("v.ts", [[0, "<module>", 1, 1, -1], [1, "m", "Map<number, number>", "collection", "Map", 2, 7, 0, -1]]);
const s = rt.enter(b + 0);
rt.track(new Map(), b + 1, s);
await rt.exportAll();
process.stdout.write(vm.runInNewContext("typeof gc") + " " + typeof globalThis.gc + "\\n");
`);
  t.is(run.stdout, "undefined undefined\n");
  t.is(run.stderr, "");
  t.deepEqual(run.snapshot?.metadata.liveness, { method: "gc-and-callbacks", unsettled_records: 0 }, "exportAll() settles through the callbacks");
});
