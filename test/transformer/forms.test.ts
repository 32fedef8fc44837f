/**
 * Binding forms and build settings the corpus's three output modes do not reach: each
 * program is built plain and instrumented with the options given, both builds run, and
 * stdout, stderr and the exit code must match byte for byte; then what the instrumented
 * build registered (or refused, with one warning line) is checked.
 * Covers sloppy-mode direct eval beside function declarations, "module": none / amd /
 * umd / system, ES-module script files, a file that fails to plan, allowJs (JSDoc types,
 * .js/.mjs/.cjs, exclude), class fields under both useDefineForClassFields settings and
 * legacy decorators, and files with nothing to track.
 */
import test from "ava";
import * as fs from "node:fs";
import * as path from "node:path";
import type * as TS from "typescript";
import memscopeTransformer from "../../transformer/index.js";
import { build, type BuildResult } from "./build.js";
import { outputName, type Recording } from "./corpus.js";
import { captureWarnings } from "./warnings.js";
import { runNode, type RunResult } from "./run.js";
import { memscope } from "../cli/helpers/cli.js";
import { loadToolchain, REPO_ROOT, RECORDING_RUNTIME, TMP_ROOT, TRANSFORMER_ENTRY } from "./toolchain.js";

const { ts, tsp } = loadToolchain();

interface Compared {
  dir: string;
  plain: BuildResult;
  instrumented: BuildResult;
  warnings: string[];
  runs: Array<{ file: string; plain: RunResult; instrumented: RunResult; recording: Recording | undefined }>;
  text(file: string): string;
}

interface Project {
  files: Record<string, string>;
  compilerOptions: Record<string, unknown>;
  packageType: "module" | "commonjs";
  /** source files whose output is run (default: every non-helper source) */
  run?: readonly string[];
  plugin?: Record<string, unknown>;
}

const BASE = { strict: true, target: "ES2022", types: ["node"], skipLibCheck: true, rootDir: "src" };

async function compare(name: string, project: Project): Promise<Compared> {
  const dir = path.join(TMP_ROOT, "forms", name);
  fs.rmSync(dir, { recursive: true, force: true });
  for (const [file, text] of Object.entries(project.files)) {
    fs.mkdirSync(path.dirname(path.join(dir, "src", file)), { recursive: true });
    fs.writeFileSync(path.join(dir, "src", file), text);
  }
  const configFile = path.join(dir, "tsconfig.json");
  fs.writeFileSync(configFile, JSON.stringify({ compilerOptions: BASE }));
  const files = Object.keys(project.files).map((f) => path.join(dir, "src", f));
  const common = { configFile, files, compilerOptions: project.compilerOptions, packageType: project.packageType };
  const plain = build(ts, { ...common, outDir: path.join(dir, "plain") });
  const { result: instrumented, warnings } = captureWarnings(() =>
    build(tsp, {
      ...common,
      outDir: path.join(dir, "instrumented"),
      plugin: { transform: TRANSFORMER_ENTRY, runtimeModule: RECORDING_RUNTIME, ...project.plugin },
    }),
  );
  const runs: Compared["runs"] = [];
  for (const file of project.run ?? Object.keys(project.files)) {
    const out = outputName(file).replace(/\.jsx?$/, ".js");
    const record = path.join(dir, `${file}.record.json`);
    const a = await runNode(path.join(dir, "plain", out), { cwd: dir });
    const b = await runNode(path.join(dir, "instrumented", out), { cwd: dir, env: { MEMSCOPE_RECORD: record } });
    const strip = (r: RunResult, d: string) => ({ ...r, stderr: r.stderr.split(path.join(dir, d)).join("<out>") });
    const recording = fs.existsSync(record) ? (JSON.parse(fs.readFileSync(record, "utf8")) as Recording) : undefined;
    runs.push({ file, plain: strip(a, "plain"), instrumented: strip(b, "instrumented"), recording });
  }
  return { dir, plain, instrumented, warnings, runs, text: (file) => fs.readFileSync(path.join(dir, "instrumented", file), "utf8") };
}

function assertSameRuns(t: import("ava").ExecutionContext, c: Compared): void {
  t.deepEqual(c.instrumented.diagnostics, c.plain.diagnostics, "the plugin adds no diagnostics");
  for (const run of c.runs) {
    t.true(run.plain.stdout.length > 0, `${run.file}: the program prints what it checks`);
    t.is(run.instrumented.stdout, run.plain.stdout, `${run.file}: stdout`);
    t.is(run.instrumented.stderr, run.plain.stderr, `${run.file}: stderr`);
    t.is(run.instrumented.code, run.plain.code, `${run.file}: exit code`);
    t.deepEqual(run.recording?.violations ?? [], [], `${run.file}: protocol`);
  }
}

function sameEmit(t: import("ava").ExecutionContext, c: Compared): void {
  t.deepEqual(c.instrumented.emitted, c.plain.emitted);
  for (const file of c.plain.emitted) {
    t.is(c.text(file), fs.readFileSync(path.join(c.dir, "plain", file), "utf8"), `${file} is plain tsc's emit`);
  }
}

function varSites(recording: Recording | undefined, file: string): Array<Array<string | number>> {
  return (recording?.files.find((f) => f.file === file)?.sites ?? []).filter((s) => s[0] === 1);
}

test("sloppy mode: a direct eval's var beside a function declaration behaves as plain", async (t) => {
  const c = await compare("sloppy-eval", {
    files: {
      "main.ts": `function host(): string {
  const list = [1, 2];
  function k(): string { return "fn"; }
  const before = typeof k;
  eval("var k = 2");
  return before + " " + typeof k + " " + list.length;
}
function later(): string {
  const words = ["a"];
  const r = inner();
  function inner(): string { return "inner" + words.length; }
  return r;
}
console.log(host(), later());
`,
    },
    compilerOptions: { module: "CommonJS", strict: false, alwaysStrict: false },
    packageType: "commonjs",
  });
  assertSameRuns(t, c);
  t.is(c.runs[0]!.plain.stdout, "function number 2 inner1\n");
  t.regex(c.text("main.js"), /function k\(\) \{ return "fn"; \}\n\s+const __ms_s = /, "the function declaration stays before the try");
});

for (const module of ["None", "AMD", "UMD", "System"]) {
  test(`"module": "${module.toLowerCase()}": nothing is instrumented, one warning line, plain emit`, async (t) => {
    const c = await compare(`module-${module}`, {
      files: { "main.ts": module === "None" ? `const list = [1, 2];\nconsole.log(list.length);\n` : `export const list = [1, 2];\nconsole.log(list.length);\n` },
      compilerOptions: { module },
      packageType: "commonjs",
      run: module === "None" || module === "UMD" ? ["main.ts"] : [],
    });
    sameEmit(t, c);
    t.deepEqual(c.warnings.filter((w) => w.startsWith("memscope-ts:")), [
      `memscope-ts: nothing instrumented: "module": "${module.toLowerCase()}" output cannot load the runtime; build with "module": "commonjs", "node16"/"nodenext" or an ES module kind`,
    ]);
    assertSameRuns(t, c);
  });
}

test("ES module build: a script file is left alone with one line; CommonJS runs a script instrumented", async (t) => {
  const script = `const list = [1, 2, 3];\nconsole.log(list.length);\n`;
  const esm = await compare("script-esm", {
    files: { "script.ts": script, "mod.ts": `export const names = ["a"];\nconsole.log(names.length);\n` },
    compilerOptions: { module: "ESNext", moduleResolution: "Bundler", moduleDetection: "auto" },
    packageType: "module",
  });
  assertSameRuns(t, esm);
  t.is(esm.text("script.js"), fs.readFileSync(path.join(esm.dir, "plain", "script.js"), "utf8"));
  t.deepEqual(esm.warnings, [
    `memscope-ts: left src/script.ts uninstrumented: it is a script (no import or export), which an ES module build cannot load the runtime into; add "export {}" or "moduleDetection": "force"`,
  ]);
  t.regex(esm.text("mod.js"), /__memscope\.track\(\["a"\]/);
  const cjs = await compare("script-cjs", {
    files: { "script.ts": script },
    compilerOptions: { module: "CommonJS", moduleDetection: "auto" },
    packageType: "commonjs",
  });
  assertSameRuns(t, cjs);
  t.deepEqual(cjs.warnings, []);
  t.is(varSites(cjs.runs[0]!.recording, "src/script.ts").length, 1);
});

test("a file that fails to plan is emitted as plain tsc emits it, with one line naming the file and the construct", (t) => {
  const dir = path.join(TMP_ROOT, "forms", "plan-failure");
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, "bad.ts");
  fs.writeFileSync(file, `const fine = [1];\nconst broken = new Map<string, number>();\nconsole.log(fine.length, broken.size);\n`);
  const options: TS.CompilerOptions = { target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.ES2022, strict: true, types: [] };
  const emitWith = (before: TS.TransformerFactory<TS.SourceFile>[]) => {
    const program = ts.createProgram([file], options);
    let text = "";
    program.emit(undefined, (name, data) => void (name.endsWith(".js") && (text = data)), undefined, false, { before });
    return { program, text };
  };
  const plain = emitWith([]).text;
  const program = ts.createProgram([file], options);
  const checker = program.getTypeChecker();
  // A checker that fails on one declaration, as a compiler bug or an unforeseen construct would.
  const failing = new Proxy(checker, {
    get(target, key) {
      if (key === "getTypeAtLocation") {
        return (node: TS.Node) => {
          if (ts.isIdentifier(node) && node.text === "broken") throw new Error("unexpected type shape");
          return target.getTypeAtLocation(node);
        };
      }
      const value = Reflect.get(target, key) as unknown;
      return typeof value === "function" ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  });
  const wrapped = new Proxy(program, { get: (target, key) => (key === "getTypeChecker" ? () => failing : Reflect.get(target, key)) });
  const { result, warnings } = captureWarnings(() => {
    const factory = memscopeTransformer(wrapped, { transform: "x" }, { ts }) as unknown as TS.TransformerFactory<TS.SourceFile>;
    let text = "";
    program.emit(undefined, (name, data) => void (name.endsWith(".js") && (text = data)), undefined, false, { before: [factory] });
    return text;
  });
  t.is(result, plain);
  t.is(warnings.length, 1);
  t.regex(warnings[0]!, /^memscope-ts: left \S*bad\.ts uninstrumented: cannot plan VariableDeclaration at 2:7 \(unexpected type shape\)$/);
});

test("allowJs: .js, .mjs and .cjs files are instrumented with JSDoc types; exclude leaves a file alone", async (t) => {
  const c = await compare("allow-js", {
    files: {
      "main.mjs": `import { names } from "./lib.js";
/** @type {Map<string, number[]>} */
const index = new Map([["a", [1]]]);
/** @param {number} n */
function rows(n) {
  /** @type {number[][]} */
  const out = [];
  for (let i = 0; i < n; i++) out.push([i]);
  const { length, ...others } = { length: out.length, extra: "x" };
  return out.length + length + others.extra;
}
const label = "l" + names.length;
console.log(index.size, rows(2), label);
`,
      "lib.js": `export const names = ["x", "y"];\nexport class Box {\n  items = [1, 2];\n}\n`,
      "legacy.cjs": `const { readFileSync } = require("node:fs");\nconst path = require("node:path");\nconst parts = ["p", typeof readFileSync, typeof path.join];\nmodule.exports = { parts };\nconsole.log(parts.join());\n`,
      "skipped.js": `export const skippedList = [1];\nconsole.log(skippedList.length);\n`,
    },
    compilerOptions: { module: "NodeNext", moduleResolution: "NodeNext", allowJs: true, checkJs: false },
    packageType: "module",
    run: ["main.mjs", "legacy.cjs", "skipped.js"],
    plugin: { exclude: ["src/skipped.js"] },
  });
  assertSameRuns(t, c);
  const main = varSites(c.runs[0]!.recording, "src/main.mjs").map((s) => `${s[1]} ${s[2]}`);
  t.deepEqual(main, ["index Map<string, number[]>", "out number[][]", "others { extra: string; }", "label string"]);
  t.deepEqual(varSites(c.runs[0]!.recording, "src/lib.js").map((s) => s[1]), ["names", "Box.items"]);
  t.deepEqual(varSites(c.runs[1]!.recording, "src/legacy.cjs").map((s) => s[1]), ["parts"]);
  t.regex(c.text("legacy.cjs"), /^var __memscope = require\(/m, "a CommonJS .cjs file loads the runtime with require");
  t.is(c.text("skipped.js"), fs.readFileSync(path.join(c.dir, "plain", "skipped.js"), "utf8"), "excluded");
  t.deepEqual(c.warnings, []);
});

for (const useDefineForClassFields of [true, false]) {
  test(`class fields (useDefineForClassFields ${useDefineForClassFields}, legacy decorators) initialise as plain`, async (t) => {
    const c = await compare(`fields-${useDefineForClassFields}`, {
      files: {
        "main.ts": `const order: string[] = [];
function mark(label: string): PropertyDecorator {
  return (_target, key) => void order.push("decorate " + label + " " + String(key));
}
function note<T>(label: string, value: T): T { order.push(label); return value; }
class Base {
  @mark("base") base = note("base", [1]);
  constructor() { order.push("base ctor " + Object.keys(this).join("+")); }
}
class Store extends Base {
  static shared: string[] = note("shared", ["s"]);
  @mark("items") items = note("items", new Map<string, number>());
  declare hidden: number[];
  label = note("label", "store" + (this as { base?: number[] }).base?.length);
  constructor(public tags: Set<string> = note("tags", new Set(["t"]))) {
    super();
    order.push("store ctor " + Object.keys(this).join("+"));
  }
}
const s = new Store();
console.log(order.join(", "), Object.keys(s).join(), "hidden" in s, Store.shared.length, s.items.size, s.label);
`,
      },
      compilerOptions: { module: "CommonJS", experimentalDecorators: true, useDefineForClassFields, target: "ES2020" },
      packageType: "commonjs",
    });
    assertSameRuns(t, c);
    const names = varSites(c.runs[0]!.recording, "src/main.ts").map((s) => s[1]);
    t.deepEqual(names, ["order", "Base.base", "Store.shared", "Store.items", "Store.label", "s"]);
    const tracks = c.runs[0]!.recording!.tracks;
    t.is(Object.values(tracks).reduce((a, b) => a + b, 0), names.length, "each field registered once");
  });
}

test("a selected file with nothing to track still registers (so the program writes its reports)", async (t) => {
  const c = await compare("nothing", {
    files: { "main.ts": `const n = 1 + 1;\nfunction twice(x: number): number { return x * 2; }\nconsole.log(twice(n));\nexport {};\n` },
    compilerOptions: { module: "NodeNext", moduleResolution: "NodeNext" },
    packageType: "module",
  });
  assertSameRuns(t, c);
  const recording = c.runs[0]!.recording!;
  t.deepEqual(recording.files.map((f) => [f.file, f.sites]), [["src/main.ts", [[0, "<module>", 1, 1, -1]]]]);
  t.deepEqual(recording.tracks, {});
  t.notRegex(c.text("main.js"), /__memscope\.enter/, "no scope is entered");
});

test("built with the plugin, nothing tracked: memscope run writes the three files and says no tracked bindings ran", (t) => {
  const dir = path.join(TMP_ROOT, "forms", "nothing-run");
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(path.join(dir, "src"), { recursive: true });
  fs.mkdirSync(path.join(dir, "node_modules"), { recursive: true });
  fs.symlinkSync(REPO_ROOT, path.join(dir, "node_modules", "memscope-ts"), "dir");
  fs.writeFileSync(path.join(dir, "src/main.ts"), `const n: number = 2;\nconsole.log(n * 21);\nexport {};\n`);
  fs.writeFileSync(path.join(dir, "tsconfig.json"), JSON.stringify({ compilerOptions: BASE }));
  build(tsp, {
    configFile: path.join(dir, "tsconfig.json"),
    files: [path.join(dir, "src/main.ts")],
    outDir: path.join(dir, "out"),
    compilerOptions: { module: "ES2022", moduleResolution: "Bundler" },
    plugin: { transform: TRANSFORMER_ENTRY },
    packageType: "module",
  });
  const r = memscope(["run", "--out", path.join(dir, "reports"), "--", path.join(dir, "out/main.js")], { cwd: dir });
  t.is(r.status, 0, r.stderr);
  t.is(r.stdout, "42\n");
  t.deepEqual(fs.readdirSync(path.join(dir, "reports")).sort(), ["main_lifecycle_timeline.svg", "main_memory_analysis.svg", "main_report.html", "main_snapshot.json"]);
  t.regex(r.stderr, /no tracked binding ran: the program's files declare no binding memscope-ts tracks/);
  t.notRegex(r.stderr, /not built with the memscope-ts transformer/);
  t.regex(fs.readFileSync(path.join(dir, "reports/main_memory_analysis.svg"), "utf8"), /no tracked binding ran before export/);
  t.regex(fs.readFileSync(path.join(dir, "reports/main_lifecycle_timeline.svg"), "utf8"), /no tracked binding ran during the/);
  const snapshot = JSON.parse(fs.readFileSync(path.join(dir, "reports/main_snapshot.json"), "utf8")) as {
    allocations: unknown[];
    tracked_sites: number;
    summary: { no_records_reason?: string };
  };
  t.deepEqual([snapshot.allocations.length, snapshot.tracked_sites], [0, 0]);
  // The JSON says it in words too, and memscope run prints the JSON's sentence.
  t.is(snapshot.summary.no_records_reason, "No tracked binding ran: the program's files declare no binding memscope-ts tracks, so the reports hold no records.");
  t.regex(fs.readFileSync(path.join(dir, "reports/main_report.html"), "utf8"), /No tracked binding ran/);
  const summary = memscope(["summary", path.join(dir, "reports/main_snapshot.json")], { cwd: dir });
  t.is(summary.status, 0, summary.stderr);
  t.regex(summary.stdout, /No tracked binding ran: the program's files declare no binding/);
});
