/**
 * Builds that cannot lie: with the `"transformProgram": true` entry the on/off state is
 * an input of incremental builds (transformer/program.ts). Real `tspc` and `tsc`
 * processes, one project folder per test, toggled in every order: an off build (and
 * plain tsc) after an instrumented one is byte for byte a fresh plain build, its
 * .tsbuildinfo included; an instrumented build after a plain one is a fresh
 * instrumented build; two instrumented builds in a row stay incremental.
 */
import test from "ava";
import { spawn, spawnSync } from "node:child_process";
import * as fs from "node:fs";
import { createRequire } from "node:module";
import * as path from "node:path";
import { REPO_ROOT, TMP_ROOT } from "./toolchain.js";

const compatDir = process.env.MEMSCOPE_COMPAT_DIR;
const req = createRequire(compatDir ? path.join(path.resolve(compatDir), "package.json") : path.join(REPO_ROOT, "package.json"));
const TSC = path.join(path.dirname(req.resolve("typescript/package.json")), "bin/tsc");
const TSPC = path.join(path.dirname(req.resolve("ts-patch/package.json")), "bin/tspc.js");

const PROGRAM_ENTRY = { transform: "memscope-ts/transformer", transformProgram: true };

const SOURCES: Record<string, string> = {
  "src/main.ts": `import { rows } from "./rows.js";\nconst names: string[] = rows().map((r) => r.name);\nconsole.log(names.join(","));\n`,
  "src/rows.ts": `export interface Row { name: string }\nexport function rows(): Row[] { const list: Row[] = [{ name: "a" }, { name: "b" }]; return list; }\n`,
};

function project(name: string, plugin: Record<string, unknown> = PROGRAM_ENTRY, extra: Record<string, unknown> = { incremental: true }): string {
  const dir = path.join(TMP_ROOT, "incremental", name);
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(path.join(dir, "node_modules"), { recursive: true });
  fs.symlinkSync(REPO_ROOT, path.join(dir, "node_modules", "memscope-ts"), "dir");
  for (const [file, text] of Object.entries(SOURCES)) {
    fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    fs.writeFileSync(path.join(dir, file), text);
  }
  fs.writeFileSync(path.join(dir, "package.json"), JSON.stringify({ type: "module" }));
  writeConfig(dir, plugin, extra);
  return dir;
}

function writeConfig(dir: string, plugin: Record<string, unknown>, extra: Record<string, unknown>): void {
  const compilerOptions = { target: "ES2022", module: "NodeNext", moduleResolution: "NodeNext", strict: true, rootDir: "src", outDir: "out", ...extra, plugins: [plugin] };
  fs.writeFileSync(path.join(dir, "tsconfig.json"), JSON.stringify({ compilerOptions, include: ["src"] }, null, 2));
}

function compile(dir: string, compiler: "tsc" | "tspc", args: string[], env: Record<string, string> = {}): void {
  const r = spawnSync(process.execPath, [compiler === "tsc" ? TSC : TSPC, ...args], { cwd: dir, encoding: "utf8", env: { ...process.env, ...env } });
  if (r.status !== 0 || r.stderr !== "") throw new Error(`${compiler} ${args.join(" ")} failed (${r.status}): ${r.stdout}${r.stderr}`);
}

const OUTPUTS = ["out/main.js", "out/rows.js"];

/** Every emitted file and the build info, by name. */
function outputs(dir: string, buildInfo = true): Record<string, string> {
  const files = buildInfo ? [...OUTPUTS, "tsconfig.tsbuildinfo"] : OUTPUTS;
  return Object.fromEntries(files.map((f) => [f, fs.readFileSync(path.join(dir, f), "utf8")]));
}

function instrumented(dir: string): boolean[] {
  return OUTPUTS.map((f) => /memscope-ts\/runtime/.test(fs.readFileSync(path.join(dir, f), "utf8")));
}

/** A fresh build in a folder of its own (the same layout, so the build info's relative paths agree). */
function freshBuild(name: string, compiler: "tsc" | "tspc", args: string[], env: Record<string, string> = {}): Record<string, string> {
  const dir = project(name);
  compile(dir, compiler, args, env);
  return outputs(dir);
}

const fresh = new Map<string, Record<string, string>>();

/** A fresh plain (tsc --incremental) build's files, built once for the file's tests. */
function freshPlain(): Record<string, string> {
  let files = fresh.get("plain");
  if (files === undefined) {
    files = freshBuild("fresh-plain", "tsc", []);
    fresh.set("plain", files);
  }
  return files;
}

function runProgram(dir: string): string {
  const r = spawnSync(process.execPath, [path.join(dir, "out/main.js")], { cwd: dir, encoding: "utf8", env: { ...process.env, MEMSCOPE_OUT: path.join(dir, "reports") } });
  return `${r.status} ${r.stdout} ${r.stderr}`;
}

const mtimes = (dir: string): number[] => OUTPUTS.map((f) => fs.statSync(path.join(dir, f)).mtimeMs);

test.serial("--incremental: off after on, tsc after on, on after off and on after tsc each emit what a fresh build of that state emits", (t) => {
  const plain = freshPlain();
  const on = freshBuild("inc-fresh-on", "tspc", []);
  t.deepEqual(instrumented(path.join(TMP_ROOT, "incremental", "inc-fresh-on")), [true, true]);
  t.notDeepEqual(on["out/main.js"], plain["out/main.js"]);

  const dir = project("inc");
  compile(dir, "tspc", []);
  t.deepEqual(instrumented(dir), [true, true], "on");
  compile(dir, "tspc", [], { MEMSCOPE: "off" });
  t.deepEqual(outputs(dir), plain, "MEMSCOPE=off tspc after on: byte-identical to a fresh tsc build, build info included");
  compile(dir, "tspc", []);
  t.deepEqual(outputs(dir, false), outputs(path.join(TMP_ROOT, "incremental", "inc-fresh-on"), false), "on after off: a fresh instrumented build");
  compile(dir, "tsc", []);
  t.deepEqual(outputs(dir), plain, "tsc after on: byte-identical to a fresh tsc build");
  t.is(runProgram(dir), "0 a,b\n ");
  t.false(fs.existsSync(path.join(dir, "reports")), "a plain build writes no reports");
  compile(dir, "tspc", []);
  t.deepEqual(instrumented(dir), [true, true], "on after tsc");
  t.is(runProgram(dir), "0 a,b\n ");
  t.true(fs.existsSync(path.join(dir, "reports", "main_snapshot.json")), "the instrumented build writes its reports");

  // Two instrumented builds in a row stay incremental: an unchanged file is not re-emitted.
  const before = mtimes(dir);
  fs.appendFileSync(path.join(dir, "src/main.ts"), `console.log(names.length);\n`);
  compile(dir, "tspc", []);
  const after = mtimes(dir);
  t.true(after[0]! > before[0]!, "the changed file is re-emitted");
  t.is(after[1], before[1], "the unchanged file is not");
  t.deepEqual(instrumented(dir), [true, true]);
});

test.serial('--incremental: "enabled": false in the entry is a release build too', (t) => {
  const plain = freshPlain();
  const dir = project("enabled");
  compile(dir, "tspc", []);
  writeConfig(dir, { ...PROGRAM_ENTRY, enabled: false }, { incremental: true });
  compile(dir, "tspc", []);
  // The tsconfig differs from the fresh build's only in the plugin entry, which tsc does not record.
  t.deepEqual(outputs(dir), plain);
});

test.serial("-b: an off build or plain tsc -b after an instrumented one rebuilds plain; after a plain build, tspc -b needs --force", (t) => {
  const plain = freshBuild("b-fresh-plain", "tsc", ["-b"]);
  const dir = project("b");
  compile(dir, "tspc", ["-b"]);
  t.deepEqual(instrumented(dir), [true, true], "on");
  compile(dir, "tspc", ["-b"]);
  t.deepEqual(instrumented(dir), [true, true], "on after on");
  compile(dir, "tspc", ["-b"], { MEMSCOPE: "off" });
  t.deepEqual(outputs(dir), plain, "MEMSCOPE=off tspc -b after on: a fresh plain build, build info included");
  // tsc -b finds a plain project up to date without running any plugin code, so nothing of
  // memscope-ts can notice: the README says to build once with --force.
  compile(dir, "tspc", ["-b"]);
  t.deepEqual(instrumented(dir), [false, false], "the documented limit: tspc -b after a plain build is up to date");
  compile(dir, "tspc", ["-b", "--force"]);
  t.deepEqual(instrumented(dir), [true, true], "tspc -b --force");
  compile(dir, "tsc", ["-b"]);
  t.deepEqual(outputs(dir), plain, "tsc -b after on: a fresh plain build");
});

/** Waits until `log` holds `count` watch-cycle ends, then a moment for the writes. */
async function cycles(log: () => string, count: number): Promise<void> {
  const deadline = Date.now() + 240_000;
  while ((log().match(/Watching for file changes/g) ?? []).length < count) {
    if (Date.now() > deadline) throw new Error(`watch did not finish cycle ${count}:\n${log()}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

test.serial("--watch: toggling the entry's enabled re-emits every file in the new state", async (t) => {
  const plain = freshPlain();
  const dir = project("watch");
  const child = spawn(process.execPath, [TSPC, "--watch", "--preserveWatchOutput"], { cwd: dir, stdio: ["ignore", "pipe", "pipe"] });
  let text = "";
  child.stdout.on("data", (chunk: Buffer) => (text += chunk.toString()));
  child.stderr.on("data", (chunk: Buffer) => (text += chunk.toString()));
  try {
    await cycles(() => text, 1);
    t.deepEqual(instrumented(dir), [true, true], "watch, on");
    writeConfig(dir, { ...PROGRAM_ENTRY, enabled: false }, { incremental: true });
    await cycles(() => text, 2);
    t.deepEqual(outputs(dir, false), Object.fromEntries(OUTPUTS.map((f) => [f, plain[f]!])), "toggled off: the plain files");
    writeConfig(dir, PROGRAM_ENTRY, { incremental: true });
    await cycles(() => text, 3);
    t.deepEqual(instrumented(dir), [true, true], "toggled on again");
    t.notRegex(text, /error TS/);
  } finally {
    child.kill();
  }
});

test.serial("the plain transform entry in an incremental build says, once, to add transformProgram", (t) => {
  const dir = project("plain-entry", { transform: "memscope-ts/transformer" });
  const r = spawnSync(process.execPath, [TSPC], { cwd: dir, encoding: "utf8" });
  t.is(r.status, 0, r.stdout);
  t.deepEqual(r.stderr.trim().split("\n"), [
    'memscope-ts: incremental build: add "transformProgram": true to the memscope-ts plugin entry, so that switching tracking on or off (MEMSCOPE=off, "enabled", plain tsc) re-emits every file instead of leaving the other state\'s files in place',
  ]);
  t.deepEqual(instrumented(dir), [true, true]);
  // Both entries instrument alike: the same files as the program entry's fresh build.
  const onDir = path.join(TMP_ROOT, "incremental", "inc-fresh-on");
  if (!fs.existsSync(path.join(onDir, "out/main.js"))) freshBuild("inc-fresh-on", "tspc", []);
  t.deepEqual(outputs(dir, false), outputs(onDir, false));
});
