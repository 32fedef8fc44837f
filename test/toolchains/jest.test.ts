/**
 * Jest with ts-jest, both ways of bringing the transformer in: `compiler:
 * "ts-patch/compiler"` with the tsconfig plugin entry, and `astTransformers`. The suite
 * loads the runtime through Jest's own CommonJS module system (the package's "require"
 * condition: dist/runtime/index.bundle.cjs), passes, and writes the three reports named
 * after the test command (in band; MEMSCOPE_NAME names them otherwise), with the
 * TypeScript source's names and lines. Jest hands test code
 * a copy of `process` whose exit event never fires, so the export is asked for in a
 * setup file's afterAll (README: Jest).
 */
import test from "ava";
import * as fs from "node:fs";
import * as path from "node:path";
import { REPO_ROOT, TMP_ROOT } from "../transformer/toolchain.js";
import { run } from "./helpers.js";

const JEST = path.join(REPO_ROOT, "node_modules/jest/bin/jest.js");

function writeProject(dir: string, mode: "ts-patch" | "astTransformers"): void {
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(path.join(dir, "src"), { recursive: true });
  fs.mkdirSync(path.join(dir, "test"), { recursive: true });
  fs.writeFileSync(path.join(dir, "package.json"), JSON.stringify({ name: "jest-app", private: true, type: "commonjs" }));
  const plugins = mode === "ts-patch" ? [{ transform: "memscope-ts/transformer" }] : [];
  fs.writeFileSync(
    path.join(dir, "tsconfig.json"),
    JSON.stringify({ compilerOptions: { target: "ES2022", module: "CommonJS", moduleResolution: "Node10", strict: true, skipLibCheck: true, types: ["node"], ignoreDeprecations: "6.0", plugins }, include: ["src", "test"] }),
  );
  const tsJest =
    mode === "ts-patch"
      ? { compiler: "ts-patch/compiler", diagnostics: false }
      : { diagnostics: false, astTransformers: { before: [{ path: "memscope-ts/transformer" }] } };
  fs.writeFileSync(
    path.join(dir, "jest.config.cjs"),
    `module.exports = ${JSON.stringify({ testEnvironment: "node", transform: { "^.+\\.ts$": ["ts-jest", tsJest] }, testMatch: ["**/test/**/*.test.ts"], setupFilesAfterEnv: ["<rootDir>/memscope.setup.cjs"] })};\n`,
  );
  fs.writeFileSync(path.join(dir, "memscope.setup.cjs"), 'afterAll(() => require("memscope-ts/runtime").exportAll({ name: "jest" }));\n');
  fs.writeFileSync(
    path.join(dir, "src/store.ts"),
    [
      "export const cache = new Map<string, number[]>();",
      "export function remember(key: string, n: number): number {",
      "  const values = Array.from({ length: n }, (_, i) => i);",
      "  cache.set(key, values);",
      "  return values.length;",
      "}",
      "",
    ].join("\n"),
  );
  fs.writeFileSync(
    path.join(dir, "test/store.test.ts"),
    [
      'import { cache, remember } from "../src/store";',
      'declare const test: (name: string, fn: () => void) => void;',
      'declare const expect: (v: unknown) => { toBe(x: unknown): void };',
      'test("remember", () => {',
      '  const label = "k" + String(cache.size);',
      "  expect(remember(label, 5)).toBe(5);",
      "  expect(cache.size).toBe(1);",
      "});",
      "",
    ].join("\n"),
  );
}

for (const mode of ["ts-patch", "astTransformers"] as const) {
  test.serial(`ts-jest (${mode}): the suite passes and the run reports`, (t) => {
    const dir = path.join(TMP_ROOT, "toolchains", `jest-${mode}`);
    writeProject(dir, mode);
    const r = run(process.execPath, [JEST, "--no-cache", "--ci"], dir, { MEMSCOPE_OUT: "reports" });
    t.is(r.status, 0, r.stdout + r.stderr);
    t.regex(r.stderr, /Tests:\s+1 passed, 1 total/);
    t.notRegex(r.stderr, /Must use import|factory is not a function/);
    const files = fs.existsSync(path.join(dir, "reports")) ? fs.readdirSync(path.join(dir, "reports")).sort() : [];
    t.deepEqual(files, ["jest_lifecycle_timeline.svg", "jest_memory_analysis.svg", "jest_report.html", "jest_snapshot.json"]);
    if (files.length === 0) return;
    const snapshot = JSON.parse(fs.readFileSync(path.join(dir, "reports/jest_snapshot.json"), "utf8")) as {
      allocations: Array<{ variable_name: string; file: string; line: number }>;
    };
    const seen = new Set(snapshot.allocations.map((a) => `${a.variable_name} ${a.file}:${a.line}`));
    for (const expected of ["cache src/store.ts:1", "values src/store.ts:3", "label test/store.test.ts:5"]) t.true(seen.has(expected), `${expected} in ${[...seen].join(", ")}`);
  });
}
