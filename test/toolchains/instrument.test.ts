/**
 * `memscope instrument <tsconfig> --out DIR`, then TypeScript 7 (typescript@7.0.2, the Go
 * compiler, installed as the typescript-7 alias) builds the copy: the setup "TypeScript 7
 * for type checking, memscope-ts's path for the instrumented build". ESM and CommonJS;
 * reports name the TypeScript source; output equals the plain TypeScript 7 build's;
 * MEMSCOPE=off copies the sources byte for byte.
 */
import test from "ava";
import { createRequire } from "node:module";
import * as fs from "node:fs";
import * as path from "node:path";
import { REPO_ROOT } from "../transformer/toolchain.js";
import { copyApp, PLAIN_OUTPUT, reportProblems, run } from "./helpers.js";

const require = createRequire(import.meta.url);
const TSGO = path.join(path.dirname(require.resolve("typescript-7/package.json")), "bin/tsc");
const CLI = path.join(REPO_ROOT, "dist/cli/main.js");

function asCommonJs(dir: string): void {
  fs.writeFileSync(path.join(dir, "package.json"), JSON.stringify({ name: "toolchain-app", private: true, type: "commonjs" }));
}

for (const kind of ["esm", "cjs"] as const) {
  test.serial(`TypeScript 7 builds the instrumented copy (${kind}): reports, same output as the plain build`, (t) => {
    t.regex(run(process.execPath, [TSGO, "--version"], REPO_ROOT).stdout, /^Version 7\.0\.2/);
    const dir = copyApp(`instrument-${kind}`);
    if (kind === "cjs") asCommonJs(dir);
    // Type checking stays TypeScript 7's, on the sources as written.
    const check = run(process.execPath, [TSGO, "-p", ".", "--noEmit"], dir);
    t.is(check.status, 0, check.stdout);
    const plainBuild = run(process.execPath, [TSGO, "-p", ".", "--outDir", "plain"], dir);
    t.is(plainBuild.status, 0, plainBuild.stdout);
    const plain = run(process.execPath, ["plain/app.js"], dir);
    t.is(plain.stdout, PLAIN_OUTPUT);

    const copy = run(process.execPath, [CLI, "instrument", "tsconfig.json", "--out", ".memscope"], dir);
    t.is(copy.status, 0, copy.stderr);
    t.regex(copy.stdout, /^memscope: 3 of 3 files instrumented \(\d+ sites\) into \.memscope; build it with: tsc -p \.memscope\/tsconfig\.json\n$/);
    t.is(copy.stderr, "");
    for (const f of ["app.ts", "inventory.ts", "report.ts"]) {
      const original = fs.readFileSync(path.join(dir, "src", f), "utf8");
      const instrumented = fs.readFileSync(path.join(dir, ".memscope/src", f), "utf8");
      t.not(instrumented, original);
      t.is(instrumented.split("\n").length, original.split("\n").length, `${f}: no line moved`);
      const map = JSON.parse(fs.readFileSync(path.join(dir, ".memscope/src", `${f}.map`), "utf8")) as { sources: string[] };
      t.deepEqual(map.sources, [`../../src/${f}`]);
    }
    if (kind === "cjs") t.regex(fs.readFileSync(path.join(dir, ".memscope/src/app.ts"), "utf8"), /^var __memscope: typeof import\("memscope-ts\/runtime"\) = require\("memscope-ts\/runtime"\);/);
    const build = run(process.execPath, [TSGO, "-p", ".memscope"], dir);
    t.is(build.status, 0, build.stdout);
    t.true(fs.existsSync(path.join(dir, "dist/app.js")), "the copy builds into the project's outDir");
    const instrumented = run(process.execPath, ["dist/app.js"], dir, { MEMSCOPE_OUT: "reports" });
    t.is(instrumented.stdout, plain.stdout);
    t.is(instrumented.stderr, plain.stderr);
    t.is(instrumented.status, 0);
    t.deepEqual(reportProblems(path.join(dir, "reports"), dir), []);
  });
}

test.serial("MEMSCOPE=off: the copy is the sources, byte for byte", (t) => {
  const dir = copyApp("instrument-off");
  const r = run(process.execPath, [CLI, "instrument", ".", "--out", "copy"], dir, { MEMSCOPE: "off" });
  t.is(r.status, 0, r.stderr);
  t.regex(r.stdout, /^memscope: 0 of 3 files instrumented/);
  for (const f of ["app.ts", "inventory.ts", "report.ts"]) {
    t.true(fs.readFileSync(path.join(dir, "src", f)).equals(fs.readFileSync(path.join(dir, "copy/src", f))), f);
    t.false(fs.existsSync(path.join(dir, "copy/src", `${f}.map`)));
  }
});

test("bad input: one line, exit 2", (t) => {
  const dir = copyApp("instrument-bad");
  const missing = run(process.execPath, [CLI, "instrument", "nope.json", "--out", "x"], dir);
  t.is(missing.status, 2);
  t.is(missing.stderr, "memscope: no tsconfig at nope.json\n");
  const noOut = run(process.execPath, [CLI, "instrument", "tsconfig.json"], dir);
  t.is(noOut.status, 2);
  t.is(noOut.stderr, "memscope: instrument needs --out DIR (where the instrumented copy goes)\n");
  const self = run(process.execPath, [CLI, "instrument", "tsconfig.json", "--out", "."], dir);
  t.is(self.status, 2);
  t.is(self.stderr.split("\n").length, 2);
});
