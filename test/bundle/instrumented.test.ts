/**
 * Programs built with tspc and the memscope-ts plugin load the runtime the way a user's
 * do, through node_modules ("memscope-ts/runtime", now the bundle). The same build
 * pointed at tsc's dist/runtime/index.js is how they loaded it before the bundle: both
 * must print the same and report the same, for ESM and for CommonJS (require(esm)).
 * And a program that also imports the API from "memscope-ts" (dist/index.js, which
 * re-exports tsc's runtime modules: a second copy beside the bundle) sees one runtime.
 */
import test from "ava";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { pathToFileURL } from "node:url";
import type { Snapshot } from "../../format/snapshot.js";
import { compileProject } from "../../scripts/lib/toolchain.js";
import { RUNTIME_UNBUNDLED, TMP_ROOT } from "./helpers.js";

const PROGRAM = `
class TreeNode {
  children: TreeNode[] = [];
  constructor(readonly depth: number) {}
}
const registry = new Map<string, number[]>();
function grow(depth: number): TreeNode {
  const node = new TreeNode(depth);
  const kids: TreeNode[] = [];
  for (let i = 0; i < depth; i++) kids.push(grow(depth - 1));
  node.children = kids;
  return node;
}
function fill(n: number): number {
  const rows: number[] = [];
  for (let i = 0; i < n; i++) rows.push(i * 2);
  const label = \`rows-\${n}\`;
  registry.set(label, rows.slice(0, 3));
  return rows.length;
}
let total = 0;
for (let i = 1; i <= 20; i++) total += fill(i * 10);
const tree = grow(4);
const names = new Set<string>(["a", "b"]);
console.log(total, registry.size, tree.children.length, names.size);
`;

const TSCONFIG = {
  compilerOptions: {
    target: "ES2022",
    module: "NodeNext",
    moduleResolution: "NodeNext",
    lib: ["ES2023"],
    types: ["node"],
    strict: true,
    rootDir: "src",
    outDir: "build",
    plugins: [{ transform: "memscope-ts/transformer" }],
  },
  include: ["src"],
};

const project = path.join(TMP_ROOT, `test-bundle-instrumented-${process.pid}`);
const build = path.join(project, "build");

test.before(() => {
  fs.rmSync(project, { recursive: true, force: true });
  fs.mkdirSync(path.join(project, "src"), { recursive: true });
  fs.writeFileSync(path.join(project, "package.json"), JSON.stringify({ name: "bundle-test-program", type: "module" }));
  fs.writeFileSync(path.join(project, "tsconfig.json"), JSON.stringify(TSCONFIG));
  fs.writeFileSync(path.join(project, "src/esm.ts"), PROGRAM);
  fs.writeFileSync(path.join(project, "src/cjs.cts"), PROGRAM);
  compileProject({ project, instrumented: true });
});

test.after.always(() => fs.rmSync(project, { recursive: true, force: true }));

/** The same build with the runtime loaded from tsc's dist/runtime/index.js (as before the bundle). */
function unbundledCopy(file: string): string {
  const text = fs.readFileSync(file, "utf8");
  const esm = file.endsWith(".js");
  const from = esm ? 'from "memscope-ts/runtime"' : 'require("memscope-ts/runtime")';
  const to = esm ? `from ${JSON.stringify(pathToFileURL(RUNTIME_UNBUNDLED).href)}` : `require(${JSON.stringify(RUNTIME_UNBUNDLED)})`;
  if (!text.includes(from)) throw new Error(`${file} does not load memscope-ts/runtime`);
  const copy = file.replace(/(\.c?js)$/, ".unbundled$1");
  fs.writeFileSync(copy, text.replace(from, to));
  return copy;
}

function run(file: string, outDir: string): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, [file], {
    cwd: project,
    encoding: "utf8",
    env: { ...process.env, MEMSCOPE: "", MEMSCOPE_OUT: outDir, MEMSCOPE_NAME: "r", MEMSCOPE_LEAK_MS: "0", NODE_OPTIONS: "" },
    timeout: 120_000,
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** What a report says that does not depend on timing: every record and scope, the hierarchy, the leaks. */
function stableView(snapshot: Snapshot): unknown {
  const { metadata, summary } = snapshot;
  return {
    metadata: { format: metadata.format_version, tool: metadata.tool_version, threads: metadata.thread_count, exit: metadata.exit_reason, precise: metadata.precise },
    totals: { allocations: summary.total_allocations, bytes: summary.total_bytes, sites: summary.tracked_sites, active: summary.active_allocations, activeBytes: summary.active_memory_bytes },
    allocations: snapshot.allocations.map((r) => ({
      id: r.id,
      name: r.variable_name,
      type: r.type_name,
      category: r.category,
      subcategory: r.subcategory,
      bytes: r.size_bytes,
      external: r.external_bytes,
      where: `${r.file}:${r.line}:${r.column}`,
      scope: r.scope_id,
      site: r.site_id,
      exited: r.scope_exit_time !== null,
      collected: r.collected_time !== null,
    })),
    scopes: snapshot.scopes.map((s) => ({ id: s.id, name: s.name, where: `${s.file}:${s.line}:${s.column}`, parent: s.parent_id, invocations: s.invocations, completed: s.completed })),
    hierarchy: snapshot.memory_hierarchy,
    leaks: snapshot.leaks.map((leak) => JSON.stringify(leak, (key, value: unknown) => (/time|_ms$/.test(key) ? undefined : value))).sort(),
  };
}

for (const file of ["esm.js", "cjs.cjs"]) {
  test(`${file}: the bundled runtime prints and reports what tsc's runtime modules did`, (t) => {
    const bundledProgram = path.join(build, file);
    const unbundledProgram = unbundledCopy(bundledProgram);
    const outs = { bundled: path.join(project, "out", file, "bundled"), unbundled: path.join(project, "out", file, "unbundled") };
    const bundled = run(bundledProgram, outs.bundled);
    const unbundled = run(unbundledProgram, outs.unbundled);
    t.is(bundled.status, 0, bundled.stderr);
    t.is(unbundled.status, 0, unbundled.stderr);
    t.is(bundled.stdout, "2100 20 4 2\n");
    t.is(bundled.stdout, unbundled.stdout);
    t.is(bundled.stderr, unbundled.stderr);
    for (const dir of Object.values(outs)) {
      t.deepEqual(fs.readdirSync(dir).sort(), ["r_lifecycle_timeline.svg", "r_memory_analysis.svg", "r_snapshot.json"]);
    }
    const read = (dir: string): Snapshot => JSON.parse(fs.readFileSync(path.join(dir, "r_snapshot.json"), "utf8")) as Snapshot;
    const [a, b] = [read(outs.bundled), read(outs.unbundled)];
    t.true(a.allocations.some((r) => r.variable_name === "kids") && a.allocations.some((r) => r.variable_name === "label"), "the program's variables are tracked");
    t.deepEqual(stableView(a), stableView(b));
  });
}

const API_PROGRAM = `
import * as runtime from "memscope-ts/runtime";
import * as api from "memscope-ts";
const b = runtime.registerFile("api.ts", [
  [0, "<module>", 1, 1, -1],
  [1, "rows", "number[]", "collection", "Array", 2, 7, 0, -1],
]);
const m = runtime.enter(b);
const kept = [];
for (let i = 0; i < 10; i++) kept.push(runtime.track([i, i + 1], b + 1, m));
const raw = api.collectRaw();
const paths = await api.exportJson({ name: "api" });
console.log(JSON.stringify({
  copies: runtime.getStats === api.getStats ? 1 : 2,
  tracked: api.getStats().tracked,
  records: raw.allocations.length,
  gcAvailable: raw.gc.available,
  gcEvents: raw.gc.events.length,
  json: paths.json ?? null,
}));
`;

test('a program that tracks through the bundle and calls the API from "memscope-ts" sees one runtime', (t) => {
  const program = path.join(project, "api.mjs");
  fs.writeFileSync(program, API_PROGRAM);
  const outDir = path.join(project, "out", "api");
  const result = run(program, outDir);
  t.is(result.status, 0, result.stderr);
  const seen = JSON.parse(result.stdout.trim().split("\n")[0]!) as Record<string, unknown>;
  t.is(seen["copies"], 2, "the bundle and dist/runtime/index.js are two copies of the runtime's modules");
  t.is(seen["tracked"], 10);
  t.is(seen["records"], 10);
  // The GC profiler was started by the bundle; the API's copy must read the same one
  // (collectRaw forces a full GC first, so there is at least one event).
  t.true(seen["gcAvailable"]);
  t.true((seen["gcEvents"] as number) > 0);
  t.is(seen["json"], path.join(outDir, "api_snapshot.json"));
  const snapshot = JSON.parse(fs.readFileSync(seen["json"] as string, "utf8")) as Snapshot;
  t.is(snapshot.allocations.filter((r) => r.variable_name === "rows").length, 10);
});
