/**
 * Compile-time cost of the transformer on a real codebase: rxjs's own TypeScript
 * sources (node_modules/rxjs/src, ~250 files), built plain (typescript) and with the
 * plugin (ts-patch's compiler). `measureCompile` is what the bench calls; the rxjs test
 * uses `buildRxjs` to get both builds. Nothing here asserts timings.
 *
 *   node dist/scripts/bench/compile.js [repeats]   prints the measurement as JSON
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { performance } from "node:perf_hooks";
import { build, type BuildResult } from "../../test/transformer/build.js";
import { loadToolchain, REPO_ROOT, TMP_ROOT, TRANSFORMER_ENTRY } from "../../test/transformer/toolchain.js";

export const RXJS_SRC = path.join(REPO_ROOT, "node_modules/rxjs/src");

/** A tsconfig for rxjs's sources beside them in a temp folder (the package ships none that builds alone). */
export function rxjsProject(): { configFile: string; files: string[] } {
  const dir = path.join(TMP_ROOT, "rxjs");
  fs.mkdirSync(dir, { recursive: true });
  const configFile = path.join(dir, "tsconfig.json");
  fs.writeFileSync(
    configFile,
    JSON.stringify({
      compilerOptions: {
        strict: true,
        target: "ES2017",
        module: "CommonJS",
        moduleResolution: "Node10",
        lib: ["ES2018", "DOM"],
        types: [],
        skipLibCheck: true,
        sourceMap: true,
        declaration: true,
        rootDir: RXJS_SRC,
      },
    }),
  );
  // Every source file is a root file: files reached only through imports under
  // node_modules count as an external library and are not emitted.
  const files = (fs.readdirSync(RXJS_SRC, { recursive: true }) as string[])
    .filter((f) => f.endsWith(".ts") && !f.endsWith(".d.ts") && !f.endsWith("umd.ts"))
    .sort()
    .map((f) => path.join(RXJS_SRC, f));
  return { configFile, files };
}

export interface RxjsBuilds {
  plainDir: string;
  instrumentedDir: string;
  plain: BuildResult;
  instrumented: BuildResult;
  plainMs: number;
  instrumentedMs: number;
}

export function buildRxjs(plugin: Record<string, unknown> = {}): RxjsBuilds {
  const { ts, tsp } = loadToolchain();
  const project = rxjsProject();
  const root = path.dirname(project.configFile);
  const common = { ...project, compilerOptions: {}, packageType: "commonjs" as const };
  const plainDir = path.join(root, "plain");
  const instrumentedDir = path.join(root, "instrumented");
  let t0 = performance.now();
  const plain = build(ts, { ...common, outDir: plainDir });
  const plainMs = performance.now() - t0;
  t0 = performance.now();
  const instrumented = build(tsp, { ...common, outDir: instrumentedDir, plugin: { transform: TRANSFORMER_ENTRY, ...plugin } });
  const instrumentedMs = performance.now() - t0;
  return { plainDir, instrumentedDir, plain, instrumented, plainMs, instrumentedMs };
}

export interface CompileMeasurement {
  files: number;
  repeats: number;
  /** median wall time of a full plain build (create program + emit), ms */
  plainMs: number;
  /** median wall time of the same build through ts-patch with the plugin, ms */
  instrumentedMs: number;
  ratio: number;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

export function measureCompile(repeats = 3): CompileMeasurement {
  const plain: number[] = [];
  const instrumented: number[] = [];
  let files = 0;
  for (let i = 0; i < repeats; i++) {
    const r = buildRxjs();
    plain.push(r.plainMs);
    instrumented.push(r.instrumentedMs);
    files = r.plain.emitted.filter((f) => f.endsWith(".js")).length;
  }
  const p = median(plain);
  const q = median(instrumented);
  return { files, repeats, plainMs: Math.round(p), instrumentedMs: Math.round(q), ratio: Number((q / p).toFixed(3)) };
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(new URL(import.meta.url).pathname)) {
  console.log(JSON.stringify(measureCompile(Number(process.argv[2] ?? 3))));
}
