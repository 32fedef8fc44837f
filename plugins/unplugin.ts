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

export const memscopeUnplugin: UnpluginInstance<MemscopePluginOptions | undefined, false> = createUnplugin((options: MemscopePluginOptions | undefined) => {
  const projects = new ProjectCache(options ?? {});
  const warned = new Set<string>();
  return {
    name: "memscope-ts",
    enforce: "pre",
    transformInclude(id) {
      return !isOff() && fileOf(id) !== undefined;
    },
    transform(code, id) {
      const fileName = fileOf(id);
      if (!fileName || isOff()) return null;
      const result = projects.forFile(fileName).instrument({ fileName, code, commonJs: /\.cts$/.test(fileName), mapSource: fileName });
      for (const w of result.warnings) {
        if (warned.has(w)) continue;
        warned.add(w);
        this.warn(w.replace(`${PREFIX} `, ""));
      }
      return result.map ? { code: result.code, map: result.map } : null;
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
