/**
 * The plugin's switches and edges: options parsing, include/exclude globs, per-category
 * switches, runtimeModule default (the real package entry), transpile-only use (one
 * warning, nothing instrumented) and TypeScript 7 (a clear error).
 */
import test from "ava";
import * as fs from "node:fs";
import * as path from "node:path";
import type * as TS from "typescript";
import memscopeTransformer from "../../transformer/index.js";
import { globToRegExp, isSelected, parseOptions, relativePosix } from "../../transformer/options.js";
import { build } from "./build.js";
import { captureWarnings } from "./warnings.js";
import { runNode } from "./run.js";
import { loadToolchain, REPO_ROOT, TMP_ROOT, TRANSFORMER_ENTRY } from "./toolchain.js";

const { ts, tsp } = loadToolchain();

test("globs: ** crosses directories, * stays in a segment, a directory matches its contents", (t) => {
  t.true(globToRegExp("src/**/*.ts").test("src/a/b/c.ts"));
  t.true(globToRegExp("src/**/*.ts").test("src/c.ts"));
  t.false(globToRegExp("src/*.ts").test("src/a/c.ts"));
  t.true(globToRegExp("src/gen").test("src/gen/x.ts"));
  t.false(globToRegExp("src/gen").test("src/generated.ts"));
  t.true(globToRegExp("**/*.test.ts").test("a/b.test.ts"));
  t.true(isSelected("src/a.ts", { include: [], exclude: [] }));
  t.false(isSelected("src/gen/a.ts", { include: ["src/**"], exclude: ["src/gen/**"] }));
  t.false(isSelected("lib/a.ts", { include: ["src/**"], exclude: [] }));
});

test("relative paths are posix and relative to the tsconfig directory", (t) => {
  t.is(relativePosix("/p/app", "/p/app/src/x.ts"), "src/x.ts");
  t.is(relativePosix("/p/app/", "/p/lib/y.ts"), "../lib/y.ts");
  t.is(relativePosix("C:/w/app", "c:/w/app/src/z.ts"), "src/z.ts");
});

test("options: defaults, switches, MEMSCOPE=off at build time", (t) => {
  const d = parseOptions(undefined, {});
  t.true(d.enabled && d.collections && d.strings && d.boxes && d.dynamic);
  t.is(d.runtimeModule, "memscope-ts/runtime");
  t.false(parseOptions({}, { MEMSCOPE: "off" }).enabled);
  t.false(parseOptions({}, { MEMSCOPE: "OFF" }).enabled);
  t.false(parseOptions({ enabled: false }, {}).enabled);
  t.true(parseOptions({ enabled: true }, { MEMSCOPE: "on" }).enabled);
  const custom = parseOptions({ strings: false, include: "src/**", runtimeModule: "./rec.js" }, {});
  t.false(custom.strings);
  t.deepEqual(custom.include, ["src/**"]);
  t.is(custom.runtimeModule, "./rec.js");
});

const SOURCE = `const m = new Map<string, number>();\nconst s = "x" + m.size;\nconsole.log(s);\n`;

test("transpile-only: used as a plain before transformer it warns once and changes nothing", (t) => {
  const plain = ts.transpileModule(SOURCE, { compilerOptions: { module: ts.ModuleKind.ESNext } }).outputText;
  const { result, warnings } = captureWarnings(() => [
    ts.transpileModule(SOURCE, {
      compilerOptions: { module: ts.ModuleKind.ESNext },
      transformers: { before: [memscopeTransformer as unknown as TS.TransformerFactory<TS.SourceFile>] },
    }).outputText,
    ts.transpileModule(SOURCE, {
      compilerOptions: { module: ts.ModuleKind.ESNext },
      transformers: { before: [memscopeTransformer as unknown as TS.TransformerFactory<TS.SourceFile>] },
    }).outputText,
  ]);
  t.deepEqual(result, [plain, plain]);
  t.true(warnings.length <= 1, "at most one warning per process");
  const factory = captureWarnings(() => memscopeTransformer(undefined, {}, { ts }));
  t.is(typeof factory.result, "function");
  t.true(
    [...warnings, ...factory.warnings].some((w) => w.includes("memscope-ts") && w.includes("no type checker")),
    "the warning names the problem",
  );
});

test("TypeScript 7 (no transformer API) fails with a clear error", (t) => {
  const fake7 = { ...ts, version: "7.0.0" } as typeof TS;
  const error = t.throws(() => memscopeTransformer(undefined, {}, { ts: fake7 }));
  t.regex(error!.message, /TypeScript 7\.0\.0 has no compiler transformer API/);
  const noApi = { ...ts, visitEachChild: undefined } as unknown as typeof TS;
  t.throws(() => memscopeTransformer(undefined, {}, { ts: noApi }), { message: /no compiler transformer API/ });
});

function writeProject(name: string, files: Record<string, string>): string {
  const dir = path.join(TMP_ROOT, "options", name);
  fs.rmSync(dir, { recursive: true, force: true });
  for (const [file, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    fs.writeFileSync(path.join(dir, file), text);
  }
  return dir;
}

const BASE_CONFIG = JSON.stringify({
  compilerOptions: { strict: true, target: "ES2022", module: "NodeNext", types: ["node"], skipLibCheck: true },
});

test("include/exclude select files; category switches drop categories", (t) => {
  const dir = writeProject("select", {
    "tsconfig.json": BASE_CONFIG,
    "src/a.ts": `export const list = [1];\nexport const name = "n";\n`,
    "src/gen/b.ts": `export const list2 = [2];\n`,
    "other/c.ts": `export const list3 = [3];\n`,
  });
  const files = ["src/a.ts", "src/gen/b.ts", "other/c.ts"].map((f) => path.join(dir, f));
  const out = path.join(dir, "out");
  const result = build(tsp, {
    configFile: path.join(dir, "tsconfig.json"),
    files,
    outDir: out,
    compilerOptions: { rootDir: dir },
    plugin: { transform: TRANSFORMER_ENTRY, include: ["src/**"], exclude: ["src/gen"], strings: false },
    packageType: "module",
  });
  t.deepEqual(result.diagnostics, []);
  const a = fs.readFileSync(path.join(out, "src/a.js"), "utf8");
  t.regex(a, /registerFile\("src\/a\.ts"/);
  t.regex(a, /list = __memscope\.track\(\[1\]/);
  t.notRegex(a, /"name", "string"/, "strings switched off");
  t.notRegex(fs.readFileSync(path.join(out, "src/gen/b.js"), "utf8"), /__memscope/);
  t.notRegex(fs.readFileSync(path.join(out, "other/c.js"), "utf8"), /__memscope/);
});

test("default runtimeModule: ESM and CommonJS output load memscope-ts/runtime and run unchanged", async (t) => {
  const dir = writeProject("default-runtime", {
    "tsconfig.json": BASE_CONFIG,
    "esm.ts": `const rows = ["a", "b"];\nfunction f(): number { const m = new Map([[1, rows]]); return m.size; }\nconsole.log(rows.join(), f());\n`,
    "cjs.cts": `const rows = [1, 2, 3];\nconsole.log(rows.length);\n`,
  });
  // The package is found the way an installed dependency is: through node_modules.
  fs.mkdirSync(path.join(dir, "node_modules"), { recursive: true });
  fs.symlinkSync(REPO_ROOT, path.join(dir, "node_modules", "memscope-ts"), "dir");
  const files = [path.join(dir, "esm.ts"), path.join(dir, "cjs.cts")];
  const common = { configFile: path.join(dir, "tsconfig.json"), files, compilerOptions: {}, packageType: "module" as const };
  build(ts, { ...common, outDir: path.join(dir, "plain") });
  const result = build(tsp, { ...common, outDir: path.join(dir, "instrumented"), plugin: { transform: TRANSFORMER_ENTRY } });
  t.deepEqual(result.diagnostics, []);
  const esm = fs.readFileSync(path.join(dir, "instrumented/esm.js"), "utf8");
  const cjs = fs.readFileSync(path.join(dir, "instrumented/cjs.cjs"), "utf8");
  t.regex(esm, /^import \* as __memscope from "memscope-ts\/runtime";$/m);
  t.regex(cjs, /^var __memscope = require\("memscope-ts\/runtime"\);$/m);
  for (const file of ["esm.js", "cjs.cjs"]) {
    const plain = await runNode(path.join(dir, "plain", file), { cwd: dir });
    const instrumented = await runNode(path.join(dir, "instrumented", file), { cwd: dir });
    t.is(plain.code, 0, plain.stderr);
    t.deepEqual(instrumented, plain, file);
  }
});
