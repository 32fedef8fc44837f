/**
 * The two single-file bundles `npm run build` writes (scripts/bundle.ts runs this after
 * tsc and scripts/generate-validator), so an instrumented program pays Node's
 * per-module resolution and compile cost for neither the runtime's ~20 modules nor
 * the export child's ~40:
 *
 *   dist/runtime/index.bundle.js        the runtime (package export "memscope-ts/runtime")
 *   dist/render/export-child.bundle.js  the export child the runtime starts at exit
 *
 * Each sits beside the module it bundles, so the paths its code finds relative to
 * import.meta.url stay the same: the runtime's ../render/ child and ../../package.json,
 * the child's ./worker.js and ./parse-worker.js (piscina workers, tsc's modules) and
 * ../../schema/. What is loaded with require (createRequire) at run time is not
 * followed, so it stays out: precise mode (./precise/index.js, loaded only with
 * MEMSCOPE_PRECISE), piscina (loaded only for exports big enough for worker threads),
 * ajv's schema compiler (only when the generated validator is stale).
 *
 * The child's bundle inlines the generated validator and hands it to render/schema.ts,
 * which still checks its digest against the schema and ajv on disk before using it.
 * Each bundle's inputs are checked before anything is written: the runtime's are its
 * own modules only (no precise mode, no render code, no package), the child's hold no
 * precise mode and no piscina. esbuild's top-level `var`s go back to `const` where
 * that is safe (./top-level-const.ts: V8 folds a module-level const, not a var, into
 * the hot path).
 */
import { createHash } from "node:crypto";
import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { build, transform, type BuildOptions, type Plugin } from "esbuild";
import { restoreTopLevelConst } from "./top-level-const.js";
import { repoRoot } from "./toolchain.js";

const dist = path.join(repoRoot, "dist");

export const RUNTIME_BUNDLE = path.join(dist, "runtime/index.bundle.js");
export const CHILD_BUNDLE = path.join(dist, "render/export-child.bundle.js");
export const PAGE_ASSETS = path.join(dist, "render/html/page-assets.generated.json");
/** The runtime for CommonJS module systems that cannot load ES modules (Jest): package export "require" condition. */
export const RUNTIME_CJS_BUNDLE = path.join(dist, "runtime/index.bundle.cjs");

/** Options both bundles share: ESM for Node 20, readable (each module keeps a `// path` comment), source maps back to the TypeScript. */
const COMMON: BuildOptions = {
  bundle: true,
  platform: "node",
  format: "esm",
  target: "node20",
  // CommonJS programs load the runtime with require(esm), which refuses top-level await.
  supported: { "top-level-await": false },
  sourcemap: "linked",
  sourcesContent: false,
  metafile: true,
  logLevel: "error",
  absWorkingDir: repoRoot,
  write: false,
};

const BUNDLED_VALIDATOR = "memscope:bundled-validator";

/**
 * A module of the child's bundle, evaluated before export-child.js's graph: it hands
 * the generated validator (ajv's standalone code, a CommonJS module) to schema.js.
 */
const bundledValidator: Plugin = {
  name: "bundled-validator",
  setup(plugin) {
    plugin.onResolve({ filter: /^memscope:bundled-validator$/ }, () => ({ path: BUNDLED_VALIDATOR, namespace: "memscope" }));
    plugin.onLoad({ filter: /.*/, namespace: "memscope" }, () => ({
      contents: [
        'import generated from "./snapshot-validator.generated.cjs";',
        'import { provideBundledValidator } from "./read/schema.js";',
        "provideBundledValidator(generated);",
      ].join("\n"),
      resolveDir: path.join(dist, "render"),
      loader: "js",
    }));
  },
};

export interface Bundle {
  outfile: string;
  /** Repo-relative paths of the modules it holds (esbuild's metafile), sorted. */
  inputs: string[];
  /** The bundle and its source map, to be written. */
  files: Array<{ path: string; contents: string | Uint8Array }>;
}

async function bundle(name: string, options: BuildOptions & { outfile: string }, allowed: (input: string) => boolean): Promise<Bundle> {
  const result = await build({ ...COMMON, ...options });
  const inputs = Object.keys(result.metafile!.inputs).sort();
  const strays = inputs.filter((input) => !allowed(input));
  if (strays.length > 0) throw new Error(`${name} would hold modules it must not: ${strays.join(", ")}`);
  const files = (result.outputFiles ?? []).map((file) =>
    file.path.endsWith(".js") ? { path: file.path, contents: restoreTopLevelConst(file.text).code } : { path: file.path, contents: file.contents },
  );
  return { outfile: options.outfile, inputs, files };
}

export function bundleRuntime(): Promise<Bundle> {
  return bundle(
    "the runtime bundle",
    { entryPoints: [path.join(dist, "runtime/index.js")], outfile: RUNTIME_BUNDLE },
    runtimeInputs,
  );
}

/** Its own modules, the format it writes and Node's builtins only: the runtime is loaded into every instrumented program. */
function runtimeInputs(input: string): boolean {
  return (input.startsWith("dist/runtime/") && !input.startsWith("dist/runtime/precise/")) || input.startsWith("dist/format/");
}

/**
 * The same runtime as a CommonJS module, for module systems of their own that only
 * `require` (Jest's). It shares the one store on globalThis with the ES module bundle,
 * so a process that loads both still records into one place; import.meta.url becomes
 * the bundle's own file URL, so it finds the export child beside it too.
 */
export function bundleRuntimeCommonJs(): Promise<Bundle> {
  return bundle(
    "the CommonJS runtime bundle",
    {
      entryPoints: [path.join(dist, "runtime/index.js")],
      outfile: RUNTIME_CJS_BUNDLE,
      format: "cjs",
      define: { "import.meta.url": "__memscopeModuleUrl" },
      // The directive first: the bundle stays strict-mode code.
      banner: { js: '"use strict";\nvar __memscopeModuleUrl = require("node:url").pathToFileURL(__filename).href;' },
    },
    runtimeInputs,
  );
}

export function bundleExportChild(): Promise<Bundle> {
  const renderDir = path.join(dist, "render");
  return bundle(
    "the export child bundle",
    {
      stdin: {
        contents: `import "${BUNDLED_VALIDATOR}";\nimport "./export-child.js";\n`,
        resolveDir: renderDir,
        sourcefile: "export-child.bundle-entry.js",
        loader: "js",
      },
      outfile: CHILD_BUNDLE,
      plugins: [bundledValidator],
      // Loaded lazily by render/lazy-piscina.ts; inlined, it would not find its own worker script.
      external: ["piscina"],
    },
    (input) => !input.startsWith("dist/runtime/precise/") && !input.includes("node_modules/piscina/"),
  );
}

/**
 * The HTML report's page (render/html/page/, TypeScript for the browser, type-checked by
 * its own tsconfig) bundled with esbuild into one minified script, and its style sheet:
 * both go into PAGE_ASSETS (JSON), with the sha256 hashes the report's
 * Content-Security-Policy allows them by; render/html/page-assets.ts reads it at run time.
 */
export async function bundlePage(): Promise<Bundle> {
  const pageDir = path.join(repoRoot, "render/html/page");
  const result = await build({
    entryPoints: [path.join(pageDir, "main.ts")],
    bundle: true,
    format: "iife",
    platform: "browser",
    target: ["chrome110", "firefox115", "safari16"],
    minify: true,
    metafile: true,
    legalComments: "none",
    logLevel: "error",
    absWorkingDir: repoRoot,
    write: false,
  });
  const inputs = Object.keys(result.metafile.inputs).sort();
  // Browser code only: the page, the pure formatting and layout modules it shares with the SVGs, d3-hierarchy.
  const strays = inputs.filter((input) => !/^(render\/html\/page\/|render\/units\.ts$|render\/draw\/(escape|kit)\.ts$|render\/draw\/analysis\/treemap-layout\.ts$|format\/(categories|snapshot|protocol)\.ts$|node_modules\/d3-hierarchy\/)/.test(input));
  if (strays.length > 0) throw new Error(`the report page would hold modules it must not: ${strays.join(", ")}`);
  const script = (result.outputFiles[0]?.text ?? "").trim();
  const css = await transform(readFileSync(path.join(pageDir, "style.css"), "utf8"), { loader: "css", minify: true, logLevel: "error" });
  const style = css.code.trim();
  // Inline in the document: nothing in them may end their element or open a comment.
  if (/<\/script|<!--/i.test(script) || /<\/style/i.test(style)) throw new Error("the report page's script or style contains text that would end its element");
  const hash = (text: string): string => `sha256-${createHash("sha256").update(text, "utf8").digest("base64")}`;
  const contents = JSON.stringify({ script, style, scriptHash: hash(script), styleHash: hash(style) });
  return { outfile: PAGE_ASSETS, inputs, files: [{ path: PAGE_ASSETS, contents }] };
}

/** Writes every file of the bundles, each to a temp name renamed into place. */
export function writeBundles(bundles: readonly Bundle[]): void {
  for (const { files } of bundles) {
    for (const file of files) {
      mkdirSync(path.dirname(file.path), { recursive: true });
      const temp = `${file.path}.${process.pid}.tmp`;
      writeFileSync(temp, file.contents);
      renameSync(temp, file.path);
    }
  }
}

/** Removes the bundles and their source maps (a failed build must not leave old ones in use). */
export function removeBundles(): void {
  for (const file of [RUNTIME_BUNDLE, RUNTIME_CJS_BUNDLE, CHILD_BUNDLE, PAGE_ASSETS]) {
    rmSync(file, { force: true });
    rmSync(`${file}.map`, { force: true });
  }
}
