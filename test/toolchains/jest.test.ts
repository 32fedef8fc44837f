/**
 * Jest, every way of bringing memscope-ts in: ts-jest with `compiler: "ts-patch/compiler"`
 * and the tsconfig plugin entry, ts-jest with `astTransformers`, and the transformers
 * that strip types without a type checker, `@swc/jest` and `babel-jest`, behind
 * memscope-ts/jest (the source emitter first, then theirs). Two test files on two
 * workers: the suite loads the runtime through Jest's own CommonJS module system
 * (the package's "require" condition), passes, and the run writes one report named
 * after the project (`<package name>_jest`) holding both workers' records, with the
 * TypeScript source's names and lines; a stack trace from instrumented code points at
 * the source's line and column (the source maps chain). Jest hands test code a copy
 * of `process` whose exit event never fires, so each test file's part is written by
 * memscope-ts/jest/setup and merged by memscope-ts/jest/reporter (README: Jest).
 */
import test from "ava";
import * as fs from "node:fs";
import * as path from "node:path";
import { REPO_ROOT, TMP_ROOT } from "../transformer/toolchain.js";
import { run } from "./helpers.js";

const JEST = path.join(REPO_ROOT, "node_modules/jest/bin/jest.js");
type Mode = "ts-patch" | "astTransformers" | "swc" | "babel";

function transformFor(mode: Mode): unknown {
  switch (mode) {
    case "ts-patch":
      return ["ts-jest", { compiler: "ts-patch/compiler", diagnostics: false }];
    case "astTransformers":
      return ["ts-jest", { diagnostics: false, astTransformers: { before: [{ path: "memscope-ts/transformer" }] } }];
    case "swc":
      return ["memscope-ts/jest", { transformer: "@swc/jest", options: { jsc: { parser: { syntax: "typescript" }, target: "es2022" }, module: { type: "commonjs" } } }];
    case "babel":
      return ["memscope-ts/jest", { transformer: "babel-jest", options: { presets: ["@babel/preset-typescript"], plugins: ["@babel/plugin-transform-modules-commonjs"] } }];
  }
}

const STORE = [
  "export const cache = new Map<string, number[]>();",
  "export function remember(key: string, n: number): number {",
  "  const values = Array.from({ length: n }, (_, i) => i);",
  "  cache.set(key, values);",
  "  return values.length;",
  "}",
  "export function where(): string {",
  // Both tracked: text is inserted before `new Error` on its line, so its column is the map's to give back.
  '  const marker = ["m", String(cache.size)]; const stack = String(new Error("here").stack);',
  '  return marker.join("") + stack.split("\\n")[1];',
  "}",
  "",
].join("\n");
/** Where `new Error` is in src/store.ts, as written. */
const ERROR_AT = `8:${STORE.split("\n")[7]!.indexOf("new Error") + 1}`;

const OTHER = ["export function labels(n: number): string[] {", "  const names = Array.from({ length: n }, (_, i) => `label-${i}`);", "  return names;", "}", ""].join("\n");

const JEST_TYPES = ['declare const test: (name: string, fn: () => void) => void;', 'declare const expect: (v: unknown) => { toBe(x: unknown): void; toMatch(x: RegExp): void };'];

function writeProject(dir: string, mode: Mode): void {
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(path.join(dir, "src"), { recursive: true });
  fs.mkdirSync(path.join(dir, "test"), { recursive: true });
  fs.writeFileSync(path.join(dir, "package.json"), JSON.stringify({ name: "jest-app", private: true, type: "commonjs" }));
  const plugins = mode === "ts-patch" ? [{ transform: "memscope-ts/transformer" }] : [];
  fs.writeFileSync(
    path.join(dir, "tsconfig.json"),
    JSON.stringify({ compilerOptions: { target: "ES2022", module: "CommonJS", moduleResolution: "Node10", strict: true, skipLibCheck: true, types: ["node"], ignoreDeprecations: "6.0", plugins }, include: ["src", "test"] }),
  );
  const config = {
    testEnvironment: "node",
    transform: { "^.+\\.ts$": transformFor(mode) },
    testMatch: ["**/test/**/*.test.ts"],
    setupFilesAfterEnv: ["memscope-ts/jest/setup"],
    reporters: ["default", "memscope-ts/jest/reporter"],
  };
  fs.writeFileSync(path.join(dir, "jest.config.cjs"), `module.exports = ${JSON.stringify(config)};\n`);
  fs.writeFileSync(path.join(dir, "src/store.ts"), STORE);
  fs.writeFileSync(path.join(dir, "src/other.ts"), OTHER);
  fs.writeFileSync(
    path.join(dir, "test/store.test.ts"),
    [
      'import { cache, remember, where } from "../src/store";',
      ...JEST_TYPES,
      'test("remember", () => {',
      '  const label = "k" + String(cache.size);',
      "  expect(remember(label, 5)).toBe(5);",
      "  expect(cache.size).toBe(1);",
      // `new Error` as written in src/store.ts: the maps chain back to the source
      `  expect(where()).toMatch(/^m1\\s+at where \\(.*src[\\\\/]store\\.ts:${ERROR_AT}\\)$/);`,
      "});",
      "",
    ].join("\n"),
  );
  fs.writeFileSync(
    path.join(dir, "test/other.test.ts"),
    ['import { labels } from "../src/other";', ...JEST_TYPES, 'test("labels", () => {', "  const got = labels(3);", "  expect(got.length).toBe(3);", "});", ""].join("\n"),
  );
}

interface Snapshot {
  allocations: Array<{ variable_name: string; file: string; line: number }>;
  metadata: { processes?: Array<{ pid: number }> };
}

for (const mode of ["ts-patch", "astTransformers", "swc", "babel"] as const) {
  test.serial(`Jest (${mode}), two workers: the suite passes and the run has one report with every worker's records`, (t) => {
    const dir = path.join(TMP_ROOT, "toolchains", `jest-${mode}`);
    writeProject(dir, mode);
    const r = run(process.execPath, [JEST, "--no-cache", "--ci", "--maxWorkers=2"], dir, { MEMSCOPE_OUT: "reports" });
    t.is(r.status, 0, r.stdout + r.stderr);
    t.regex(r.stderr, /Tests:\s+2 passed, 2 total/);
    t.notRegex(r.stderr, /Must use import|factory is not a function|memscope-ts:/);
    const files = fs.existsSync(path.join(dir, "reports")) ? fs.readdirSync(path.join(dir, "reports")).sort() : [];
    // The parts are gone once merged: only the run's report is left.
    t.deepEqual(files, ["jest-app_jest_lifecycle_timeline.svg", "jest-app_jest_memory_analysis.svg", "jest-app_jest_report.html", "jest-app_jest_snapshot.json"]);
    if (files.length === 0) return;
    const snapshot = JSON.parse(fs.readFileSync(path.join(dir, "reports/jest-app_jest_snapshot.json"), "utf8")) as Snapshot;
    const seen = new Set(snapshot.allocations.map((a) => `${a.variable_name} ${a.file}:${a.line}`));
    for (const expected of ["cache src/store.ts:1", "values src/store.ts:3", "marker src/store.ts:8", "stack src/store.ts:8", "label test/store.test.ts:5", "names src/other.ts:2", "got test/other.test.ts:5"]) {
      t.true(seen.has(expected), `${expected} in ${[...seen].join(", ")}`);
    }
    const pids = new Set(snapshot.metadata.processes?.map((p) => p.pid));
    t.is(pids.size, 2, "one part per worker process");
  });
}

test.serial("Jest in band (@swc/jest): each test file's sandbox is a part of its own, and both are in the run's one report", (t) => {
  const dir = path.join(TMP_ROOT, "toolchains", "jest-in-band");
  writeProject(dir, "swc");
  const r = run(process.execPath, [JEST, "--no-cache", "--ci", "--runInBand"], dir, { MEMSCOPE_OUT: "reports", MEMSCOPE_NAME: "suite" });
  t.is(r.status, 0, r.stdout + r.stderr);
  t.deepEqual(fs.readdirSync(path.join(dir, "reports")).sort(), ["suite_lifecycle_timeline.svg", "suite_memory_analysis.svg", "suite_report.html", "suite_snapshot.json"]);
  const snapshot = JSON.parse(fs.readFileSync(path.join(dir, "reports/suite_snapshot.json"), "utf8")) as Snapshot;
  const files = new Set(snapshot.allocations.map((a) => a.file));
  t.true(files.has("test/store.test.ts") && files.has("test/other.test.ts"), [...files].join(", "));
  t.is(snapshot.metadata.processes?.length, 2, "two sandboxes, two parts");
  t.is(new Set(snapshot.metadata.processes?.map((p) => p.pid)).size, 1, "of one process");
});

test.serial("Jest without memscope-ts/jest/reporter: each test file says what is missing, and nothing half-done is left", (t) => {
  const dir = path.join(TMP_ROOT, "toolchains", "jest-no-reporter");
  writeProject(dir, "swc");
  const configFile = path.join(dir, "jest.config.cjs");
  fs.writeFileSync(configFile, fs.readFileSync(configFile, "utf8").replace(',"reporters":["default","memscope-ts/jest/reporter"]', ""));
  const r = run(process.execPath, [JEST, "--no-cache", "--ci", "--runInBand"], dir, { MEMSCOPE_OUT: "reports" });
  t.is(r.status, 0, r.stdout + r.stderr);
  const lines = r.stderr.split("\n").filter((l) => l.includes("memscope-ts:"));
  t.is(lines.length, 2, r.stderr);
  for (const line of lines) t.regex(line, /memscope-ts: no report for this test file: add "memscope-ts\/jest\/reporter" to Jest's reporters/);
  t.false(fs.existsSync(path.join(dir, "reports")));
});

test.serial("MEMSCOPE=off: memscope-ts/jest hands every file to the transformer as written, and no report is written", (t) => {
  const dir = path.join(TMP_ROOT, "toolchains", "jest-off");
  writeProject(dir, "babel");
  const r = run(process.execPath, [JEST, "--no-cache", "--ci", "--maxWorkers=2"], dir, { MEMSCOPE_OUT: "reports", MEMSCOPE: "off" });
  t.is(r.status, 0, r.stdout + r.stderr);
  t.regex(r.stderr, /Tests:\s+2 passed, 2 total/);
  t.false(fs.existsSync(path.join(dir, "reports")));
});
