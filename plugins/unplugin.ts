/**
 * The bundler plugins (memscope-ts/vite, /rollup, /esbuild, /webpack), one unplugin:
 * each TypeScript module is instrumented as TypeScript before the bundler strips its
 * types (enforce "pre"), with types from the nearest tsconfig.json through memscope-ts's
 * own TypeScript 6, and a high-resolution map the bundler chains into its own.
 * The runtime stays external: it finds its export child beside itself, so it must load
 * from node_modules, not from inside a bundle.
 *
 * Under Vitest the reports are named after the project and the command
 * (`<package name>_vitest`), not the pool worker's script; MEMSCOPE_NAME overrides.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { createUnplugin, type UnpluginInstance } from "unplugin";
import { RUNTIME_MODULE } from "../format/protocol.js";
import { findTsconfig, ProjectCache, TS_SOURCE } from "../transformer/source/index.js";

/** Same keys as the tsconfig plugin entry (include/exclude relative to the tsconfig's folder, category switches, enabled). */
export type MemscopePluginOptions = Record<string, unknown>;

const PREFIX = "memscope-ts:";
const RUNTIME_FILTER = new RegExp(`^${RUNTIME_MODULE.replace(/[./]/g, "\\$&")}$`);

function isOff(): boolean {
  return (process.env.MEMSCOPE ?? "").trim().toLowerCase() === "off";
}

/** The module id without a bundler's query (`?v=…`) or virtual prefix. */
function fileOf(id: string): string | undefined {
  const clean = id.replace(/[?#].*$/, "");
  if (clean.startsWith("\0") || !path.isAbsolute(clean)) return undefined;
  if (!TS_SOURCE.test(clean) || /\.d\.[cm]?ts$/.test(clean) || /[\\/]node_modules[\\/]/.test(clean)) return undefined;
  return clean;
}

/** `<package name>_vitest` for the folder Vitest runs in (the report of a test run, whatever the worker). */
export function vitestReportName(root: string): string {
  let name = path.basename(root);
  const config = findTsconfig(root);
  const pkgFile = path.join(config ? path.dirname(config) : root, "package.json");
  try {
    const pkg = JSON.parse(fs.readFileSync(pkgFile, "utf8")) as { name?: unknown };
    if (typeof pkg.name === "string" && pkg.name !== "") name = pkg.name;
  } catch {
    // no package.json: the folder's name
  }
  return `${name.replace(/^@/, "").replace(/[^\w.-]+/g, "-")}_vitest`;
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
        if (process.env.VITEST && !process.env.MEMSCOPE_NAME && env.mode !== "production") {
          process.env.MEMSCOPE_NAME = vitestReportName(process.cwd());
        }
      },
    },
  };
});
