/**
 * What `npm run build` bundles (scripts/lib/bundles.ts): the package's ./runtime export
 * is the runtime's bundle, which holds the runtime's own modules only (precise mode
 * stays a separate module loaded on demand, render code stays in the export child),
 * loads with require() as well as import, and the runtime starts the child's bundle
 * unless tsc wrote the module graph after it.
 */
import test from "ava";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import { createRequire } from "node:module";
import * as os from "node:os";
import * as path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import {
  CHILD_BUNDLE,
  CHILD_UNBUNDLED,
  DIST,
  RUNTIME_BUNDLE,
  RUNTIME_UNBUNDLED,
  bundledModules,
} from "./helpers.js";

test("the package's ./runtime export resolves to the runtime bundle, for import and for require", (t) => {
  t.is(fileURLToPath(import.meta.resolve("memscope-ts/runtime")), RUNTIME_BUNDLE);
  t.is(createRequire(import.meta.url).resolve("memscope-ts/runtime"), RUNTIME_BUNDLE);
});

test("the runtime bundle holds the runtime's modules and the format's, nothing else: no precise mode, no render code, no package", (t) => {
  const modules = bundledModules(RUNTIME_BUNDLE);
  for (const expected of ["dist/runtime/index.js", "dist/runtime/store.js", "dist/runtime/exporter.js", "dist/runtime/precise-bridge.js"]) {
    t.true(modules.includes(expected), `${expected} is bundled`);
  }
  t.deepEqual(modules.filter((m) => !(m.startsWith("dist/runtime/") || m.startsWith("dist/format/")) || m.startsWith("dist/runtime/precise/")), []);
  // What the bundle leaves out it must still be able to load, from beside it.
  const text = fs.readFileSync(RUNTIME_BUNDLE, "utf8");
  t.true(text.includes('"./precise/index.js"'), "precise mode is loaded by path, at export, in precise mode only");
  t.true(text.includes('"../render/export-child.bundle.js"'));
  t.true(fs.existsSync(path.join(DIST, "runtime/precise/index.js")));
});

test("the export child bundle inlines the render modules, d3-hierarchy and the generated validator, and holds no precise mode and no piscina", (t) => {
  const modules = bundledModules(CHILD_BUNDLE);
  for (const expected of [
    "dist/render/export-child.js",
    "dist/render/read/schema.js",
    "dist/render/snapshot-validator.generated.cjs",
    "dist/render/draw/analysis/svg.js",
    "dist/render/read/parallel-read.js",
  ]) {
    t.true(modules.includes(expected), `${expected} is bundled`);
  }
  t.true(modules.some((m) => m.startsWith("node_modules/d3-hierarchy/")), "d3-hierarchy is bundled");
  t.deepEqual(modules.filter((m) => m.startsWith("dist/runtime/precise/") || m.startsWith("node_modules/piscina/") || m.startsWith("node_modules/ajv/dist/compile/")), []);
  // The workers piscina starts are tsc's modules, found beside the bundle.
  for (const worker of ["pool/worker.js", "read/parse-worker.js"]) t.true(fs.existsSync(path.join(DIST, "render", worker)));
});

test("both bundles are at least as new as the tsc output they were built from (after `tsc -p .`, run `npm run build`)", (t) => {
  for (const [bundle, source] of [
    [RUNTIME_BUNDLE, RUNTIME_UNBUNDLED],
    [CHILD_BUNDLE, CHILD_UNBUNDLED],
  ] as const) {
    t.true(fs.statSync(bundle).mtimeMs >= fs.statSync(source).mtimeMs, `${path.relative(DIST, bundle)} is older than ${path.relative(DIST, source)}`);
  }
});

test("the runtime bundle loads with require() from CommonJS (no top-level await) and exports the protocol and the API", (t) => {
  const script = `const rt = require(${JSON.stringify(RUNTIME_BUNDLE)}); process.stdout.write(Object.keys(rt).sort().join(","));`;
  const run = spawnSync(process.execPath, ["-e", script], { encoding: "utf8", env: { ...process.env, MEMSCOPE: "off" } });
  t.is(run.status, 0, run.stderr);
  t.is(run.stdout, "collectRaw,enter,exit,exportAll,exportJson,exportLifecycleTimeline,exportMemoryAnalysis,getStats,registerFile,track,trackVar");
});

test("the runtime starts the child's bundle when it is at least as new as tsc's export-child.js, else tsc's module", (t) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "memscope-child-path-"));
  try {
    for (const layer of ["format", "runtime"]) {
      fs.cpSync(path.join(DIST, layer), path.join(dir, layer), { recursive: true, filter: (p) => !p.endsWith(".map") && !p.endsWith(".d.ts") });
    }
    fs.mkdirSync(path.join(dir, "render"));
    fs.writeFileSync(path.join(dir, "package.json"), JSON.stringify({ type: "module" }));
    const unbundled = path.join(dir, "render", "export-child.js");
    const bundled = path.join(dir, "render", "export-child.bundle.js");
    const exporter = pathToFileURL(path.join(dir, "runtime", "exporter.js")).href;
    const childPath = (): string => {
      const run = spawnSync(process.execPath, ["--input-type=module", "-e", `process.stdout.write((await import(${JSON.stringify(exporter)})).exportChildPath())`], {
        encoding: "utf8",
        env: { ...process.env, MEMSCOPE: "off" },
      });
      if (run.status !== 0) throw new Error(run.stderr);
      return run.stdout;
    };
    const touch = (file: string, seconds: number): void => {
      fs.writeFileSync(file, "");
      fs.utimesSync(file, seconds, seconds);
    };
    touch(unbundled, 1_000_000);
    t.is(childPath(), unbundled, "no bundle: tsc's module");
    touch(bundled, 1_000_010);
    t.is(childPath(), bundled, "bundle written after tsc (npm run build)");
    touch(bundled, 1_000_000);
    t.is(childPath(), bundled, "same time (an npm tarball stamps every file alike)");
    touch(unbundled, 1_000_020);
    t.is(childPath(), unbundled, "tsc ran after the bundle was written: the bundle is outdated");
    fs.rmSync(unbundled);
    t.is(childPath(), bundled, "bundle only");
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
