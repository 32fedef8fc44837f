/**
 * memscope-ts/jest: a Jest transformer for transformers that strip types without a
 * type checker (`@swc/jest`, `babel-jest`, or any other). It instruments each TypeScript
 * file of the project as TypeScript (the source emitter, types from the nearest
 * tsconfig.json through memscope-ts's own TypeScript 6) and hands the result, with its
 * map inline (swc and Babel chain an input map, so stack traces and coverage point at
 * the source as written), to the transformer named in its options:
 *
 *   transform: { "^.+\\.tsx?$": ["memscope-ts/jest", { transformer: "@swc/jest", options: { ... } }] }
 *
 * Files outside the project, in node_modules, declaration files, JavaScript and
 * MEMSCOPE=off go to the transformer as they are. A file the source emitter cannot
 * plan goes as it is too, with one warning.
 */
import { createHash } from "node:crypto";
import { createRequire } from "node:module";
import * as path from "node:path";
import process from "node:process";
import { inlineSourceMapComment, ProjectCache, TS_SOURCE } from "../transformer/source/index.js";
import { trackingOff } from "./test-run.js";

const require = createRequire(import.meta.url);
const PREFIX = "memscope-ts:";

export interface MemscopeJestOptions {
  /** the transformer that compiles the instrumented TypeScript: a module name or path (default "babel-jest") */
  transformer?: string;
  /** its options (what you would write beside it in Jest's `transform`) */
  options?: unknown;
  /** the tsconfig plugin entry's options (include, exclude, category switches) */
  memscope?: Record<string, unknown>;
}

interface TransformResult {
  code: string;
  map?: unknown;
}
type Process = (source: string, file: string, options: { config?: { rootDir?: string } }) => TransformResult | string;
interface JestTransformer {
  canInstrument?: boolean;
  process?: Process;
  processAsync?: (source: string, file: string, options: unknown) => Promise<TransformResult | string>;
  getCacheKey?: (source: string, file: string, options: unknown) => string;
  getCacheKeyAsync?: (source: string, file: string, options: unknown) => Promise<string>;
}
interface TransformerModule extends JestTransformer {
  createTransformer?: (options?: unknown) => JestTransformer | Promise<JestTransformer>;
  default?: TransformerModule;
}

function version(): string {
  return (require("../../package.json") as { version: string }).version;
}

/** The user's transformer, resolved from the project (where Jest runs), not from memscope-ts. */
function loadInner(name: string): TransformerModule {
  const fromProject = createRequire(path.join(process.cwd(), "package.json"));
  let resolved: string;
  try {
    resolved = fromProject.resolve(name);
  } catch {
    throw new Error(`${PREFIX} memscope-ts/jest cannot find the transformer "${name}" from ${process.cwd()}: install it, or name another in { transformer }`);
  }
  const mod = require(resolved) as TransformerModule;
  return mod.default && (mod.default.process || mod.default.processAsync || mod.default.createTransformer) ? mod.default : mod;
}

export async function createTransformer(config: MemscopeJestOptions = {}): Promise<JestTransformer> {
  const innerModule = loadInner(config.transformer ?? "babel-jest");
  const inner: JestTransformer = typeof innerModule.createTransformer === "function" ? await innerModule.createTransformer(config.options) : innerModule;
  const projects = new ProjectCache(config.memscope ?? {});
  const warned = new Set<string>();

  const instrument = (source: string, file: string): string => {
    if (trackingOff() || !TS_SOURCE.test(file) || /\.d\.[cm]?ts$/.test(file) || /[\\/]node_modules[\\/]/.test(file)) return source;
    try {
      const result = projects.forFile(file).instrument({ fileName: file, code: source, commonJs: /\.cts$/.test(file), mapSource: file });
      for (const w of result.warnings) {
        if (warned.has(w)) continue;
        warned.add(w);
        process.stderr.write(`${w}\n`);
      }
      // No line moved; the inline map gives the columns back to swc's and Babel's own map.
      return result.map ? result.code + inlineSourceMapComment(result.map) : source;
    } catch (error) {
      const line = `${PREFIX} left ${file} uninstrumented: ${error instanceof Error ? error.message : String(error)}`;
      if (!warned.has(line)) process.stderr.write(`${line}\n`);
      warned.add(line);
      return source;
    }
  };
  const ownKey = (source: string, file: string): string =>
    createHash("sha256").update([version(), trackingOff() ? "off" : "on", JSON.stringify(config.memscope ?? {}), file, source].join("\0")).digest("hex");

  const transformer: JestTransformer = {
    canInstrument: inner.canInstrument === true,
    getCacheKey(source, file, options) {
      return createHash("sha256").update(ownKey(source, file)).update(inner.getCacheKey ? inner.getCacheKey(source, file, options) : "").digest("hex");
    },
  };
  if (inner.getCacheKeyAsync) {
    const innerAsync = inner.getCacheKeyAsync.bind(inner);
    transformer.getCacheKeyAsync = async (source, file, options) =>
      createHash("sha256").update(ownKey(source, file)).update(await innerAsync(source, file, options)).digest("hex");
  }
  if (inner.process) {
    const innerProcess = inner.process.bind(inner);
    transformer.process = (source, file, options) => innerProcess(instrument(source, file), file, options);
  }
  if (inner.processAsync) {
    const innerAsync = inner.processAsync.bind(inner);
    transformer.processAsync = (source, file, options) => innerAsync(instrument(source, file), file, options);
  }
  return transformer;
}

export default { createTransformer };
