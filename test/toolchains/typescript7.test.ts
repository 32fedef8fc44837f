/**
 * TypeScript 7 (typescript@7.0.2, the Go compiler) installed as the project's own
 * `typescript`, which is what `npm i -D typescript` gives today:
 * - `npx tspc` (ts-patch) crashes inside ts-patch while it loads, before any plugin, so
 *   nothing of memscope-ts can run there: what the user sees is ts-patch's TypeError
 *   (README: TypeScript 7 says so and what to use instead).
 * - A plain `tsc` build is not instrumented and writes no reports; a program that says
 *   it expects an instrumented build (`import "memscope-ts/instrumented"`) says so in
 *   one line when it ends, and `memscope run` names TypeScript 7 and `memscope instrument`.
 * - The instrumented copy (`memscope instrument`, then TypeScript 7) runs silently and reports.
 */
import test from "ava";
import { createRequire } from "node:module";
import * as fs from "node:fs";
import * as path from "node:path";
import { REPO_ROOT } from "../transformer/toolchain.js";
import { copyApp, PLAIN_OUTPUT, reportProblems, run } from "./helpers.js";

const require = createRequire(import.meta.url);
const TS7_DIR = path.dirname(require.resolve("typescript-7/package.json"));
const TS_PATCH_DIR = path.dirname(require.resolve("ts-patch/package.json"));
const CLI = path.join(REPO_ROOT, "dist/cli/main.js");
const MARKER_LINE = /^memscope-ts: this program imports memscope-ts\/instrumented but none of its files is instrumented, so no reports are written \(TypeScript 7's tsc runs no compiler plugin: build with `memscope instrument tsconfig\.json --out \.memscope` and `tsc -p \.memscope`;/;

/** The app, with TypeScript 7 as its `typescript`, ts-patch installed beside it, the plugin entry, and the marker import in its entry. */
function ts7Project(name: string): string {
  const dir = copyApp(name);
  fs.mkdirSync(path.join(dir, "node_modules"));
  fs.symlinkSync(TS7_DIR, path.join(dir, "node_modules/typescript"), "dir");
  // A copy: ts-patch must find the project's typescript from where it is installed.
  fs.cpSync(TS_PATCH_DIR, path.join(dir, "node_modules/ts-patch"), { recursive: true });
  const tsconfigFile = path.join(dir, "tsconfig.json");
  const tsconfig = JSON.parse(fs.readFileSync(tsconfigFile, "utf8")) as { compilerOptions: Record<string, unknown> };
  tsconfig.compilerOptions.plugins = [{ transform: "memscope-ts/transformer" }];
  fs.writeFileSync(tsconfigFile, JSON.stringify(tsconfig, null, 2));
  const entry = path.join(dir, "src/app.ts");
  fs.writeFileSync(entry, `import "memscope-ts/instrumented";\n${fs.readFileSync(entry, "utf8")}`);
  return dir;
}

const tsc = (dir: string) => path.join(dir, "node_modules/typescript/bin/tsc");

test.serial("npx tspc with TypeScript 7 as the project's typescript: ts-patch crashes while loading, before any plugin", (t) => {
  const dir = ts7Project("ts7-tspc");
  t.regex(run(process.execPath, [tsc(dir), "--version"], dir).stdout, /^Version 7\.0\.2/);
  const r = run(process.execPath, [path.join(dir, "node_modules/ts-patch/bin/tspc.js")], dir);
  t.not(r.status, 0);
  t.regex(r.stderr, /TypeError: Cannot read properties of undefined \(reading 'LineFeed'\)/);
  t.regex(r.stderr, /node_modules[\\/]ts-patch[\\/]config\.js/, "inside ts-patch itself");
  t.notRegex(r.stderr, /memscope/, "no code of memscope-ts ran");
  t.false(fs.existsSync(path.join(dir, "dist")));
});

test.serial("plain tsc with TypeScript 7: the build is not instrumented, and the program that expects it says so in one line", (t) => {
  const dir = ts7Project("ts7-plain");
  const build = run(process.execPath, [tsc(dir), "-p", "."], dir);
  t.is(build.status, 0, build.stdout);
  t.notRegex(fs.readFileSync(path.join(dir, "dist/app.js"), "utf8"), /memscope-ts\/runtime/);
  const r = run(process.execPath, ["dist/app.js"], dir, { MEMSCOPE_OUT: "reports" });
  t.is(r.status, 0);
  t.is(r.stdout, PLAIN_OUTPUT);
  const lines = r.stderr.trimEnd().split("\n");
  t.is(lines.length, 1, r.stderr);
  t.regex(lines[0]!, MARKER_LINE);
  t.false(fs.existsSync(path.join(dir, "reports")));

  const off = run(process.execPath, ["dist/app.js"], dir, { MEMSCOPE: "off" });
  t.is(off.stderr, "", "MEMSCOPE=off: nothing expected, nothing said");

  const viaCli = run(process.execPath, [CLI, "run", "--out", "reports", "--", "dist/app.js"], dir);
  t.is(viaCli.stdout, PLAIN_OUTPUT);
  t.is(viaCli.stderr.trimEnd().split("\n").length, 1, "memscope run's line, not the marker's as well");
  t.regex(viaCli.stderr, /^memscope: no report was written: .*app\.js was not built with the memscope-ts transformer, so nothing was tracked \(this project's TypeScript is 7, whose tsc runs no compiler plugin: build with `memscope instrument tsconfig\.json --out \.memscope` and `tsc -p \.memscope`\)/);
});

test.serial("memscope instrument, then TypeScript 7: the marker is satisfied (nothing said) and the reports are written", (t) => {
  const dir = ts7Project("ts7-instrumented");
  const copy = run(process.execPath, [CLI, "instrument", "tsconfig.json", "--out", ".memscope"], dir);
  t.is(copy.status, 0, copy.stderr);
  const build = run(process.execPath, [tsc(dir), "-p", ".memscope"], dir);
  t.is(build.status, 0, build.stdout);
  const r = run(process.execPath, ["dist/app.js"], dir, { MEMSCOPE_OUT: "reports" });
  t.is(r.status, 0, r.stderr);
  t.is(r.stdout, PLAIN_OUTPUT);
  t.is(r.stderr, "");
  t.deepEqual(reportProblems(path.join(dir, "reports"), dir), []);
});
