/**
 * The load hook of `node --import memscope-ts/register`: TypeScript files are
 * instrumented as TypeScript (the source emitter) before Node strips their types, with
 * an inline source map appended (no line moves, so stack traces keep their lines even
 * without --enable-source-maps).
 */
import * as nodeModule from "node:module";
import * as path from "node:path";
import { fileURLToPath } from "node:url";
import { findTsconfig, inlineSourceMapComment, libraryTypeScriptVersion, ProjectCache, TS_SOURCE } from "../transformer/source/index.js";
import { hashText, LoadCache, readOrEmpty } from "./cache.js";

interface LoadResult {
  format?: string | null;
  source?: string | ArrayBuffer | ArrayBufferView | null;
  shortCircuit?: boolean;
}
type NextLoad = (url: string, context?: unknown) => LoadResult;

export interface HookState {
  instrumented: number;
  /** files planned with the type checker this run (cache misses) */
  checked: number;
  /** files served from the disk cache */
  cacheHits: number;
  warnings: Set<string>;
}

const TS_FORMATS = new Set(["module-typescript", "commonjs-typescript"]);
const JS_FORMATS = new Set(["module", "commonjs"]);
const stripTypes = (nodeModule as unknown as { stripTypeScriptTypes?: (code: string) => string }).stripTypeScriptTypes;

function sourceText(source: LoadResult["source"]): string | undefined {
  if (typeof source === "string") return source;
  if (source instanceof ArrayBuffer) return Buffer.from(source).toString("utf8");
  if (source && ArrayBuffer.isView(source)) return Buffer.from(source.buffer, source.byteOffset, source.byteLength).toString("utf8");
  return undefined;
}

export function createLoadHook(versions: string, state: HookState) {
  const projects = new ProjectCache();
  const caches = new Map<string, LoadCache>();
  const cacheFor = (fileName: string): LoadCache => {
    const config = findTsconfig(path.dirname(fileName));
    const dir = config ? path.dirname(config) : path.dirname(fileName);
    let cache = caches.get(dir);
    if (!cache) caches.set(dir, (cache = new LoadCache(dir, config, `${versions}\0${libraryTypeScriptVersion()}`)));
    return cache;
  };

  return function load(url: string, context: unknown, nextLoad: NextLoad): LoadResult {
    const result = nextLoad(url, context);
    if (!url.startsWith("file:")) return result;
    const fileName = fileURLToPath(url);
    if (!TS_SOURCE.test(fileName) || /[\\/]node_modules[\\/]/.test(fileName) || /\.d\.[cm]?ts$/.test(fileName)) return result;
    let format = String(result.format);
    let text: string | undefined;
    if (TS_FORMATS.has(format)) text = sourceText(result.source);
    else if (JS_FORMATS.has(format) && stripTypes) {
      // A loader after us (tsx) already compiled the file: instrument the TypeScript on
      // disk instead and let Node strip it, when Node can (no enums, no namespaces...).
      text = readOrEmpty(fileName);
      format = `${format}-typescript`;
    }
    if (text === undefined || text === "") return result;
    const commonJs = format === "commonjs-typescript";
    const loaded = (source: string): LoadResult => {
      if (format === result.format) return { ...result, source };
      // The check itself must not print Node's experimental-feature warning into the program's stderr.
      const emitWarning = process.emitWarning;
      process.emitWarning = () => {};
      try {
        stripTypes!(source);
      } catch {
        return result; // not strippable by Node: the other loader's output stands
      } finally {
        process.emitWarning = emitWarning;
      }
      return { format, source, shortCircuit: true };
    };
    try {
      const cache = cacheFor(fileName);
      const key = cache.key(fileName, text, commonJs);
      const cached = cache.get(fileName, key, commonJs);
      if (cached !== undefined) {
        state.cacheHits++;
        if (cached !== text) state.instrumented++;
        return loaded(cached);
      }
      const project = projects.forFile(fileName);
      state.checked++;
      const emitted = project.instrument({ fileName, code: text, commonJs, mapSource: url });
      for (const w of emitted.warnings) state.warnings.add(w);
      const code = emitted.map ? emitted.code + inlineSourceMapComment(emitted.map) : text;
      const deps = project.localDependencies(fileName).map((dep): [string, string] => [dep, hashText(readOrEmpty(dep))]);
      cache.set(fileName, commonJs, { key, deps, code });
      if (emitted.map) state.instrumented++;
      return loaded(code);
    } catch (error) {
      state.warnings.add(`memscope-ts: left ${fileName} uninstrumented: ${error instanceof Error ? error.message : String(error)}`);
      return result;
    }
  };
}
