/**
 * The bundler plugins (memscope-ts/vite, /rollup, /esbuild, /webpack), one unplugin:
 * each TypeScript module is instrumented as TypeScript before the bundler strips its
 * types (enforce "pre"), with types from the nearest tsconfig.json through memscope-ts's
 * own TypeScript 6, and a high-resolution map the bundler chains into its own.
 * The runtime stays external: it finds its export child beside itself, so it must load
 * from node_modules, not from inside a bundle.
 *
 * Under Vitest the run has one report, named after the project and the command
 * (`<package name>_vitest`), not the pool worker's script (MEMSCOPE_NAME overrides),
 * with the records of every worker: a setup file writes each test file's part and a
 * reporter merges the parts when the run ends (plugins/test-run.ts).
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { fileURLToPath } from "node:url";
import { createUnplugin, type UnpluginInstance } from "unplugin";
import { RUNTIME_MODULE } from "../format/protocol.js";
import { ProjectCache, TS_SOURCE } from "../transformer/source/index.js";
import { clearParts, finishTestRun, startTestRun, type TestRun } from "./test-run.js";

/** Same keys as the tsconfig plugin entry (include/exclude relative to the tsconfig's folder, category switches, enabled). */
export type MemscopePluginOptions = Record<string, unknown>;

const PREFIX = "memscope-ts:";
const RUNTIME_FILTER = new RegExp(`^${RUNTIME_MODULE.replace(/[./]/g, "\\$&")}$`);

function isOff(): boolean {
  return (process.env.MEMSCOPE ?? "").trim().toLowerCase() === "off";
}

const VITEST_SETUP = fileURLToPath(new URL("./vitest-setup.js", import.meta.url));

/** The Vitest reporter that merges the run's parts when the run ends (watch mode: each run). */
function testRunReporter(run: TestRun) {
  return {
    onTestRunStart(): void {
      clearParts(run);
    },
    async onTestRunEnd(): Promise<void> {
      for (const line of await finishTestRun(run)) process.stderr.write(`${line}\n`);
    },
  };
}

/** Vitest instances already given the reporter (the plugin's hook runs once per project). */
const reported = new WeakSet<object>();

/** The module id without a bundler's query (`?v=…`) or virtual prefix. */
function fileOf(id: string): string | undefined {
  const clean = id.replace(/[?#].*$/, "");
  if (clean.startsWith("\0") || !path.isAbsolute(clean)) return undefined;
  if (!TS_SOURCE.test(clean) || /\.d\.[cm]?ts$/.test(clean) || /[\\/]node_modules[\\/]/.test(clean)) return undefined;
  return clean;
}

/** A project JavaScript module (not a dependency's): what the plugin sees when no TypeScript reaches it. */
function isProjectJavaScript(id: string): boolean {
  const clean = id.replace(/[?#].*$/, "");
  return !clean.startsWith("\0") && path.isAbsolute(clean) && /\.[cm]?jsx?$/.test(clean) && !/[\\/]node_modules[\\/]/.test(clean);
}

/** Whether `code` is the file as written (an earlier stage — a TypeScript plugin before this one — did not change it). */
function asWritten(fileName: string, code: string): boolean {
  try {
    return fs.readFileSync(fileName, "utf8").replace(/^\uFEFF/, "") === code.replace(/^\uFEFF/, "");
  } catch {
    return true; // not on disk (a virtual module): nothing to compare with
  }
}

const NEEDS_TYPESCRIPT =
  "memscope-ts needs each TypeScript module as written, before types are stripped: put memscope() first in the bundler's plugins " +
  "(before @rollup/plugin-typescript, esbuild or swc plugins); for JavaScript built by another compiler, instrument at that step instead " +
  "(tspc with the tsconfig plugin entry, or memscope instrument)";

export const memscopeUnplugin: UnpluginInstance<MemscopePluginOptions | undefined, false> = createUnplugin((options: MemscopePluginOptions | undefined) => {
  const projects = new ProjectCache(options ?? {});
  const warned = new Set<string>();
  // What reached the plugin this build: TypeScript as written, TypeScript an earlier stage
  // had already compiled, and the project's own JavaScript.
  const seen = { typescript: 0, compiled: [] as string[], javascript: 0 };
  return {
    name: "memscope-ts",
    enforce: "pre",
    buildStart() {
      seen.typescript = 0;
      seen.compiled = [];
      seen.javascript = 0;
    },
    transformInclude(id) {
      if (isOff()) return false;
      if (fileOf(id) !== undefined) return true;
      if (isProjectJavaScript(id)) seen.javascript++;
      return false;
    },
    transform(code, id) {
      const fileName = fileOf(id);
      if (!fileName || isOff()) return null;
      if (!asWritten(fileName, code)) {
        // Its lines and types are the earlier stage's, not the source's: reports would point elsewhere.
        seen.compiled.push(path.relative(process.cwd(), fileName));
        return null;
      }
      seen.typescript++;
      const result = projects.forFile(fileName).instrument({ fileName, code, commonJs: /\.cts$/.test(fileName), mapSource: fileName });
      for (const w of result.warnings) {
        if (warned.has(w)) continue;
        warned.add(w);
        this.warn(w.replace(`${PREFIX} `, ""));
      }
      return result.map ? { code: result.code, map: result.map } : null;
    },
    buildEnd() {
      // A bundler without a TypeScript stage before this plugin: nothing would be instrumented.
      if (isOff() || process.env.VITEST) return;
      const compiled = seen.compiled.length === 0 ? "" : `${seen.compiled[0]}${seen.compiled.length > 1 ? ` and ${seen.compiled.length - 1} more` : ""} reached the plugin already compiled by an earlier one`;
      if (seen.typescript > 0) {
        if (compiled !== "") (this as unknown as { warn?: (message: string) => void }).warn?.(`${compiled} (left uninstrumented): ${NEEDS_TYPESCRIPT}`);
        return;
      }
      // The bundler's own error: one line naming what to do, and the build stops.
      // (The bundler names the plugin, memscope-ts, before the message.)
      if (compiled !== "") throw new Error(`${compiled}: ${NEEDS_TYPESCRIPT}`);
      if (seen.javascript > 0) throw new Error(`no TypeScript module reached the plugin, only JavaScript: ${NEEDS_TYPESCRIPT}`);
    },
    rollup: {
      resolveId(id) {
        return id === RUNTIME_MODULE ? { id, external: true } : null;
      },
    },
    esbuild: {
      setup(build) {
        build.onResolve({ filter: RUNTIME_FILTER }, (args) => ({ path: args.path, external: true }));
      },
    },
    webpack(compiler) {
      const previous = compiler.options.externals;
      // An ES module bundle imports it; a script bundle requires it (Node's require(esm)).
      const type = compiler.options.output?.module ? "module" : "node-commonjs";
      const own = { [RUNTIME_MODULE]: `${type} ${RUNTIME_MODULE}` };
      compiler.options.externals = previous === undefined ? own : [own, previous].flat() as typeof previous;
    },
    vite: {
      config(_config, env) {
        if (!process.env.VITEST || env.mode === "production" || isOff()) return undefined;
        // Vitest ends its fork workers with SIGTERM, often within milliseconds of the runtime
        // loading: the runtime's signal listener must be on at once to export first, so the
        // busy-thread watchdog (whose listeners wait for the first event-loop turn) is off.
        if (process.env.MEMSCOPE_WATCHDOG === undefined) process.env.MEMSCOPE_WATCHDOG = "off";
        return { test: { setupFiles: [VITEST_SETUP] } } as Record<string, unknown>;
      },
      configureVitest(context: { vitest: object & { config: { reporters: unknown[] } } }) {
        if (isOff() || reported.has(context.vitest)) return;
        reported.add(context.vitest);
        const run = startTestRun("vitest", process.cwd());
        if (run) context.vitest.config.reporters.push(testRunReporter(run));
      },
    },
  };
});
