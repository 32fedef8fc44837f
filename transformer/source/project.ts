/**
 * A project as the source-to-source path sees it: one tsconfig, parsed by the pinned
 * TypeScript 6, and a language service over its files whose script versions are
 * content hashes, so the program is rebuilt only for files that changed (a bundler's
 * watch mode, a load hook serving many files of one run).
 *
 * Bad input never breaks the user's build or program: a file the planner or the
 * emitter fails on is returned unchanged with one warning.
 */
import { createHash } from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";
import type * as TS from "typescript";
import { isSelected, parseOptions, relativePosix, type MemscopeOptions } from "../options.js";
import { emitInstrumentedSource, type EmitResult } from "./emit.js";
import { libraryTypeScript } from "./typescript.js";

export const TS_SOURCE = /\.(?:ts|tsx|mts|cts)$/;
const DECLARATION = /\.d\.[cm]?ts$/;

export function contentHash(text: string): string {
  return createHash("sha256").update(text).digest("hex").slice(0, 32);
}

/** The nearest tsconfig.json at or above `dir`, or undefined. */
export function findTsconfig(dir: string): string | undefined {
  for (let d = path.resolve(dir); ; d = path.dirname(d)) {
    const candidate = path.join(d, "tsconfig.json");
    if (fs.existsSync(candidate)) return candidate;
    if (path.dirname(d) === d) return undefined;
  }
}

/** The plugin entry for memscope-ts in a tsconfig's compilerOptions.plugins, if any (its options apply here too). */
function memscopePluginEntry(options: TS.CompilerOptions): unknown {
  const plugins = (options.plugins ?? []) as unknown as Array<Record<string, unknown>>;
  return plugins.find((p) => typeof p.transform === "string" && p.transform.startsWith("memscope-ts"));
}

export interface ProjectSpec {
  /** the tsconfig.json (its directory is the project directory); none: defaults, `directory` or the cwd */
  configFile?: string;
  directory?: string;
  /** compilerOptions in tsconfig JSON form, over the tsconfig's */
  compilerOptions?: Record<string, unknown>;
  /** root files instead of the tsconfig's include/files */
  fileNames?: readonly string[];
  /** memscope-ts options over the tsconfig's plugin entry (same keys) */
  pluginOptions?: Record<string, unknown>;
  env?: NodeJS.ProcessEnv;
}

const DEFAULT_COMPILER_OPTIONS = { strict: true, target: "ES2022", module: "NodeNext", skipLibCheck: true };

export interface InstrumentRequest {
  fileName: string;
  /** the text to instrument (what the bundler or loader has; may differ from the disk) */
  code: string;
  /** CommonJS module: load the runtime with require */
  commonJs: boolean;
  /** the map's `sources` entry; default: the file name relative to the map's file, which sits beside it */
  mapSource?: string;
}

export class SourceProject {
  readonly ts: typeof TS;
  readonly directory: string;
  readonly options: MemscopeOptions;
  readonly compilerOptions: TS.CompilerOptions;
  private readonly rootNames: Set<string>;
  private readonly texts = new Map<string, { text: string; version: string }>();
  private readonly service: TS.LanguageService;

  readonly configFile: string | undefined;

  constructor(spec: ProjectSpec = {}) {
    const ts = libraryTypeScript();
    this.ts = ts;
    const configFile = spec.configFile;
    this.configFile = configFile;
    this.directory = configFile ? path.dirname(path.resolve(configFile)) : path.resolve(spec.directory ?? process.cwd());
    const raw = configFile ? ts.readConfigFile(configFile, ts.sys.readFile) : { config: { compilerOptions: DEFAULT_COMPILER_OPTIONS } };
    if (raw.error) throw new Error(`memscope-ts: cannot read ${configFile}: ${ts.flattenDiagnosticMessageText(raw.error.messageText, " ")}`);
    const json = (raw.config ?? {}) as { compilerOptions?: Record<string, unknown>; files?: string[] };
    // Options TypeScript 6 deprecates (and 7 drops) must not stop a project that 7 accepts.
    json.compilerOptions = { ignoreDeprecations: "6.0", ...json.compilerOptions, ...spec.compilerOptions };
    if (spec.fileNames) {
      json.files = [...spec.fileNames];
      delete (json as { include?: unknown }).include;
    }
    const parsed = ts.parseJsonConfigFileContent(json, ts.sys, this.directory, undefined, configFile);
    const env = spec.env ?? process.env;
    this.compilerOptions = { ...parsed.options, noEmit: true };
    this.options = parseOptions({ ...(memscopePluginEntry(parsed.options) as object | undefined), ...spec.pluginOptions }, env);
    this.rootNames = new Set(parsed.fileNames.map((f) => path.resolve(f)));
    const host: TS.LanguageServiceHost = {
      getCompilationSettings: () => this.compilerOptions,
      getScriptFileNames: () => [...this.rootNames],
      getScriptVersion: (fileName) => this.entry(fileName)?.version ?? "",
      getScriptSnapshot: (fileName) => {
        const e = this.entry(fileName);
        return e ? ts.ScriptSnapshot.fromString(e.text) : undefined;
      },
      getCurrentDirectory: () => this.directory,
      getDefaultLibFileName: (o) => ts.getDefaultLibFilePath(o),
      fileExists: (f) => this.texts.has(path.resolve(f)) || ts.sys.fileExists(f),
      readFile: (f, enc) => this.texts.get(path.resolve(f))?.text ?? ts.sys.readFile(f, enc),
      readDirectory: ts.sys.readDirectory,
      directoryExists: ts.sys.directoryExists,
      getDirectories: ts.sys.getDirectories,
      realpath: ts.sys.realpath,
      useCaseSensitiveFileNames: () => ts.sys.useCaseSensitiveFileNames,
    };
    this.service = ts.createLanguageService(host, ts.createDocumentRegistry());
  }

  /** A file's current text: what was handed in for it, else the disk's. */
  private entry(fileName: string): { text: string; version: string } | undefined {
    const key = path.resolve(fileName);
    const known = this.texts.get(key);
    if (known) return known;
    const text = this.ts.sys.readFile(key);
    if (text === undefined) return undefined;
    const e = { text, version: contentHash(text) };
    // Library files never change during a run; project files are re-read when handed in.
    this.texts.set(key, e);
    return e;
  }

  /** Whether the plugin options select this file (include/exclude, relative to the project). */
  selects(fileName: string): boolean {
    if (!TS_SOURCE.test(fileName) || DECLARATION.test(fileName)) return false;
    if (/[\\/]node_modules[\\/]/.test(fileName)) return false;
    return isSelected(relativePosix(this.directory, path.resolve(fileName)), this.options);
  }

  fileKey(fileName: string): string {
    return relativePosix(this.directory, path.resolve(fileName));
  }

  /** CommonJS output for this file, as the project's compiler options decide it. */
  emitsCommonJs(fileName: string): boolean {
    const ts = this.ts;
    if (/\.cts$/.test(fileName)) return true;
    if (/\.mts$/.test(fileName)) return false;
    const o = this.compilerOptions;
    const module = o.module ?? ((o.target ?? ts.ScriptTarget.ES5) >= ts.ScriptTarget.ES2015 ? ts.ModuleKind.ES2015 : ts.ModuleKind.CommonJS);
    if (module >= ts.ModuleKind.Node16 && module <= ts.ModuleKind.NodeNext) {
      return this.sourceFile(fileName)?.impliedNodeFormat === ts.ModuleKind.CommonJS;
    }
    return module === ts.ModuleKind.CommonJS;
  }

  private sourceFile(fileName: string): TS.SourceFile | undefined {
    return this.service.getProgram()?.getSourceFile(path.resolve(fileName));
  }

  /** The current program (after the latest texts handed in). */
  program(): TS.Program {
    const program = this.service.getProgram();
    if (!program) throw new Error("the language service has no program");
    return program;
  }

  /**
   * The instrumented text of one file, or the text unchanged (with a warning when it
   * could not be instrumented). Never throws.
   */
  instrument(request: InstrumentRequest): EmitResult {
    const unchanged = (warnings: string[] = []): EmitResult => ({ code: request.code, map: undefined, sites: [], warnings });
    if (!this.options.enabled || !this.selects(request.fileName)) return unchanged();
    const key = path.resolve(request.fileName);
    try {
      const current = this.texts.get(key);
      if (current?.text !== request.code) this.texts.set(key, { text: request.code, version: contentHash(request.code) });
      this.rootNames.add(key);
      const program = this.program();
      const sf = program.getSourceFile(key);
      if (!sf) return unchanged([`memscope-ts: ${this.fileKey(key)} is not part of the program; left uninstrumented`]);
      return emitInstrumentedSource(this.ts, program, sf, this.options, {
        fileKey: this.fileKey(key),
        commonJs: request.commonJs,
        mapSource: request.mapSource ?? path.basename(key),
      });
    } catch (error) {
      return unchanged([`memscope-ts: left ${this.fileKey(key)} uninstrumented: ${error instanceof Error ? error.message : String(error)}`]);
    }
  }

  /** Project-local files (outside node_modules) the given file imports, directly or not, itself excluded. */
  localDependencies(fileName: string): string[] {
    const ts = this.ts;
    const start = path.resolve(fileName);
    const seen = new Set<string>([start]);
    const queue = [start];
    const host = ts.sys;
    while (queue.length > 0) {
      const file = queue.pop()!;
      const text = this.entry(file)?.text;
      if (text === undefined) continue;
      const info = ts.preProcessFile(text, true, true);
      const specifiers = [...info.importedFiles, ...info.referencedFiles].map((r) => r.fileName);
      for (const specifier of specifiers) {
        const resolved = ts.resolveModuleName(specifier, file, this.compilerOptions, host).resolvedModule?.resolvedFileName;
        if (!resolved || /[\\/]node_modules[\\/]/.test(resolved)) continue;
        const abs = path.resolve(resolved);
        if (!seen.has(abs)) {
          seen.add(abs);
          queue.push(abs);
        }
      }
    }
    seen.delete(start);
    return [...seen].sort();
  }
}

/** One SourceProject per tsconfig, for a process that serves many files (load hook, bundler plugin). */
export class ProjectCache {
  private readonly projects = new Map<string, SourceProject>();
  constructor(private readonly pluginOptions: Record<string, unknown> = {}) {}

  forFile(fileName: string): SourceProject {
    const config = findTsconfig(path.dirname(path.resolve(fileName)));
    const key = config ?? "";
    let project = this.projects.get(key);
    if (!project) {
      project = new SourceProject({ ...(config ? { configFile: config } : { directory: path.dirname(path.resolve(fileName)) }), pluginOptions: this.pluginOptions });
      this.projects.set(key, project);
    }
    return project;
  }
}
