/**
 * The bundler plugins on the small app: esbuild (ESM and CJS bundles), Rollup and webpack
 * build it with memscope-ts/esbuild, /rollup and /webpack, the bundle runs like the plain program and
 * writes the three reports with the TypeScript source's names and file:line; Vitest
 * with memscope-ts/vite reports the test run under the project's name. MEMSCOPE=off at
 * build time: the plugin hands every module back untouched.
 */
import test from "ava";
import * as fs from "node:fs";
import * as path from "node:path";
import { REPO_ROOT } from "../transformer/toolchain.js";
import { copyApp, PLAIN_OUTPUT, programStderr, reportProblems, run, userNodes } from "./helpers.js";

const builds = [
  { tool: "esbuild", out: "out/app.mjs", format: "esm" },
  { tool: "esbuild", out: "out/app.cjs", format: "cjs" },
  { tool: "rollup", out: "out/app.mjs", format: "esm" },
  { tool: "webpack", out: "out/app.cjs", format: "cjs" },
] as const;

for (const b of builds) {
  test.serial(`memscope-ts/${b.tool} (${b.format}): the bundle runs like the plain program and reports`, (t) => {
    const dir = copyApp(`plugin-${b.tool}-${b.format}`);
    const built = run(process.execPath, ["bundle.mjs", b.tool, b.out, b.format], dir);
    t.is(built.status, 0, built.stderr);
    t.is(built.stderr, "");
    const bundle = fs.readFileSync(path.join(dir, b.out), "utf8");
    t.regex(bundle, b.format === "cjs" ? /require\("memscope-ts\/runtime"\)/ : /from ["']memscope-ts\/runtime["']/, "the runtime stays external");
    const r = run(process.execPath, [b.out], dir, { MEMSCOPE_OUT: "reports", MEMSCOPE_NAME: "app" });
    t.is(r.status, 0, r.stderr);
    t.is(r.stdout, PLAIN_OUTPUT);
    t.is(programStderr(r.stderr), "");
    t.deepEqual(reportProblems(path.join(dir, "reports"), dir), []);

    const off = run(process.execPath, ["bundle.mjs", b.tool, "off/app.js", b.format], dir, { MEMSCOPE: "off" });
    t.is(off.status, 0, off.stderr);
    t.notRegex(fs.readFileSync(path.join(dir, "off/app.js"), "utf8"), /memscope/);
  });
}

test.serial("a bundler without a TypeScript stage before memscope-ts: the build stops with one line saying what to use instead", (t) => {
  const dir = copyApp("plugin-no-typescript");
  // Rollup with the TypeScript plugin first: memscope-ts sees the modules compiled already.
  const bundleScript = path.join(dir, "bundle.mjs");
  fs.writeFileSync(bundleScript, fs.readFileSync(bundleScript, "utf8").replace("plugins: [memscope(), strip]", "plugins: [strip, memscope()]"));
  const misordered = run(process.execPath, ["bundle.mjs", "rollup", "out/app.mjs", "esm"], dir);
  t.not(misordered.status, 0);
  const line = /src[\\/]app\.ts and 2 more reached the plugin already compiled by an earlier one: memscope-ts needs each TypeScript module as written, before types are stripped: put memscope\(\) first in the bundler's plugins .*; for JavaScript built by another compiler, instrument at that step instead \(tspc with the tsconfig plugin entry, or memscope instrument\)/;
  t.regex(misordered.stderr, line);
  t.false(fs.existsSync(path.join(dir, "out/app.mjs")));

  // esbuild on JavaScript another compiler wrote: no TypeScript reaches the plugin at all.
  const compiled = run(process.execPath, [path.join(REPO_ROOT, "node_modules/typescript/bin/tsc"), "-p", ".", "--outDir", "js"], dir);
  t.is(compiled.status, 0, compiled.stdout);
  fs.writeFileSync(
    path.join(dir, "bundle-js.mjs"),
    'import { build } from "esbuild";\nimport memscope from "memscope-ts/esbuild";\n' +
      'await build({ entryPoints: ["js/app.js"], bundle: true, platform: "node", format: "esm", outfile: "out/js.mjs", plugins: [memscope()], logLevel: "silent" })' +
      '.catch((error) => { console.error(error.errors.map((e) => `[plugin ${e.pluginName}] ${e.text}`).join("\\n")); process.exit(1); });\n',
  );
  const js = run(process.execPath, ["bundle-js.mjs"], dir);
  t.is(js.status, 1);
  t.regex(js.stderr, /^\[plugin memscope-ts\] no TypeScript module reached the plugin, only JavaScript: memscope-ts needs each TypeScript module as written/);
  t.is(js.stderr.trimEnd().split("\n").length, 1, js.stderr);
  // MEMSCOPE=off: the plugin stands aside, the JavaScript bundles.
  t.is(run(process.execPath, ["bundle-js.mjs"], dir, { MEMSCOPE: "off" }).status, 0);
});

const node24 = userNodes().find((n) => n.major >= 24);
for (const pool of ["forks", "threads"] as const) {
  test.serial(`Vitest with memscope-ts/vite, ${pool} pool, two workers: one report for the run, named after the project, with every worker's records`, (t) => {
    if (!node24) {
      t.pass("no Node 24+ here");
      return;
    }
    const dir = copyApp(`plugin-vitest-${pool}`);
    const vitest = path.join(REPO_ROOT, "node_modules/vitest/vitest.mjs");
    const r = run(node24.bin, [vitest, "run", `--pool=${pool}`, "--maxWorkers=2"], dir, { MEMSCOPE_OUT: "reports", CI: "1" });
    t.is(r.status, 0, r.stdout + r.stderr);
    t.regex(r.stdout.replace(/\x1b\[[\d;]*m/g, ""), /Test Files\s+2 passed/);
    t.notRegex(r.stderr, /memscope-ts:/);
    // The parts are gone once merged: only the run's report is left.
    const names = fs.readdirSync(path.join(dir, "reports")).sort();
    t.deepEqual(names, ["toolchain-app_vitest_lifecycle_timeline.svg", "toolchain-app_vitest_memory_analysis.svg", "toolchain-app_vitest_report.html", "toolchain-app_vitest_snapshot.json"]);
    const snapshot = JSON.parse(fs.readFileSync(path.join(dir, "reports/toolchain-app_vitest_snapshot.json"), "utf8")) as {
      allocations: Array<{ variable_name: string; file: string; line: number }>;
      threads: Array<{ pid: number }>;
    };
    const seen = new Set(snapshot.allocations.map((a) => `${a.variable_name} ${a.file}:${a.line}`));
    // One test file ran in each worker: both files' records are in the one report.
    for (const expected of ["items test/inventory.test.ts:6", "rows test/report.test.ts:5", "registry src/inventory.ts:8", "tags src/inventory.ts:11", "totals src/report.ts:4"]) {
      t.true(seen.has(expected), `${expected} in ${[...seen].join(", ")}`);
    }
    const workers = new Set(snapshot.threads.map((th) => JSON.stringify(th)));
    t.true(workers.size >= 2, `two workers' threads in ${[...workers].join(", ")}`);
  });
}

test.serial("Vitest, one worker without isolation: the worker's part holds each record once", (t) => {
  if (!node24) {
    t.pass("no Node 24+ here");
    return;
  }
  const dir = copyApp("plugin-vitest-no-isolate");
  const vitest = path.join(REPO_ROOT, "node_modules/vitest/vitest.mjs");
  const r = run(node24.bin, [vitest, "run", "--maxWorkers=1", "--no-isolate"], dir, { MEMSCOPE_OUT: "reports", CI: "1" });
  t.is(r.status, 0, r.stdout + r.stderr);
  const snapshot = JSON.parse(fs.readFileSync(path.join(dir, "reports/toolchain-app_vitest_snapshot.json"), "utf8")) as {
    allocations: Array<{ variable_name: string; file: string }>;
  };
  const count = (name: string) => snapshot.allocations.filter((a) => a.variable_name === name).length;
  // registry is created once per module instance; each test file's own binding once.
  t.is(count("registry"), 1);
  t.is(count("items"), 1);
  t.is(count("rows"), 1);
});
