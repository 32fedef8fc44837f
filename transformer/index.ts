/**
 * memscope-ts transformer: a ts-patch "program" transformer
 * `(program, config, { ts }) => (context) => (sourceFile) => sourceFile`.
 *
 * tsconfig: `{ "plugins": [{ "transform": "memscope-ts/transformer" }] }`, built with
 * `tspc`. Only the `ts` instance ts-patch hands in is used (the compiler that is
 * actually running), never an imported copy of typescript.
 */
import type * as TS from "typescript";
import { isSelected, parseOptions, relativePosix, type MemscopeOptions } from "./options.js";
import { emptyPlan, planFile, PlanError, type FilePlan } from "./plan.js";
import { rewriteFile } from "./rewrite.js";
import { instrumentedBuildProgram } from "./program.js";

export type { MemscopeOptions } from "./options.js";

interface ProgramTransformerExtras {
  ts?: typeof TS;
}

type FileTransformer = (node: TS.SourceFile | TS.Bundle) => TS.SourceFile | TS.Bundle;
type FactoryResult = (context: TS.TransformationContext) => FileTransformer;

const PREFIX = "memscope-ts:";
let warnedTranspileOnly = false;
const warnedModuleKinds = new Set<string>();

function identityFactory(): FactoryResult {
  return () => (node) => node;
}

function warnTranspileOnly(): void {
  if (warnedTranspileOnly) return;
  warnedTranspileOnly = true;
  console.warn(
    `${PREFIX} no type checker here (transpile-only build, or the transformer was used as a plain "before" ` +
      `transformer), so nothing is instrumented. Build with tspc (ts-patch) and ` +
      `{ "transform": "memscope-ts/transformer" } in compilerOptions.plugins.`,
  );
}

/** TypeScript 7 (the Go compiler) has no transformer API: fail loudly instead of emitting untracked code. */
function assertTransformerApi(ts: typeof TS): void {
  const version = typeof ts.version === "string" ? ts.version : "unknown";
  const major = Number.parseInt(version, 10);
  const hasApi =
    typeof ts.visitEachChild === "function" &&
    typeof ts.factory?.createCallExpression === "function" &&
    typeof ts.factory?.updateSourceFile === "function";
  if (major >= 7 || !hasApi) {
    throw new Error(
      `${PREFIX} TypeScript ${version} has no compiler transformer API (TypeScript 7 is the Go compiler), ` +
        `so memscope-ts cannot instrument this build. Use typescript 5.x with ts-patch 3, or typescript 6.x with ts-patch 4.`,
    );
  }
}

function isProgram(value: unknown): value is TS.Program {
  return typeof (value as TS.Program | undefined)?.getTypeChecker === "function";
}

function isTransformationContext(value: unknown): value is TS.TransformationContext {
  const v = value as TS.TransformationContext | undefined;
  return typeof v?.getCompilerOptions === "function" && typeof v?.factory === "object" && !isProgram(value);
}

function projectDirectory(program: TS.Program): string {
  const configPath = program.getCompilerOptions().configFilePath;
  if (typeof configPath === "string") {
    const slash = configPath.replace(/\\/g, "/").lastIndexOf("/");
    if (slash >= 0) return configPath.replace(/\\/g, "/").slice(0, slash) || "/";
  }
  return program.getCurrentDirectory().replace(/\\/g, "/");
}

/** Module formats TypeScript emits (ts.ModuleKind values of getEmitModuleFormatOfFile). */
const FORMAT_NONE = 0;
const FORMAT_COMMONJS = 1;
const FORMAT_SYSTEM = 4;

/** The module format of one file's output, as TypeScript decides it. */
function emitFormat(ts: typeof TS, program: TS.Program, options: TS.CompilerOptions, sf: TS.SourceFile): number {
  const perFile = (program as { getEmitModuleFormatOfFile?: (file: TS.SourceFile) => number }).getEmitModuleFormatOfFile;
  if (typeof perFile === "function") return perFile.call(program, sf);
  const module = options.module ?? ((options.target ?? ts.ScriptTarget.ES5) >= ts.ScriptTarget.ES2015 ? ts.ModuleKind.ES2015 : ts.ModuleKind.CommonJS);
  if (module >= ts.ModuleKind.Node16 && module <= ts.ModuleKind.NodeNext) return sf.impliedNodeFormat ?? FORMAT_COMMONJS;
  return module;
}

/**
 * How the runtime is loaded into this file: `require` for CommonJS output (a bare call,
 * no interop helper; Node runs even a file without imports or exports as a module),
 * `import` for an ES module. An ES-module build's script file (no import or export, and
 * no `moduleDetection: "force"`) cannot take an `import` and would make our locals
 * globals, so it is left alone; so is every file of a `none`, AMD, UMD or System build.
 */
function runtimeLoading(ts: typeof TS, program: TS.Program, options: TS.CompilerOptions, sf: TS.SourceFile): "require" | "import" | "script" | "unsupported" {
  const format = emitFormat(ts, program, options, sf);
  if (format === FORMAT_COMMONJS) return "require";
  if (format === FORMAT_NONE || (format > FORMAT_COMMONJS && format <= FORMAT_SYSTEM)) return "unsupported";
  if (ts.isExternalModule(sf)) return "import";
  // A JavaScript file written as CommonJS (require / module.exports) stays CommonJS.
  if ((sf as { commonJsModuleIndicator?: unknown }).commonJsModuleIndicator) return "require";
  return "script";
}

const UNSUPPORTED_MODULES: Record<number, string> = { 0: "none", 2: "amd", 3: "umd", 4: "system" };

function moduleKindName(options: TS.CompilerOptions): string | undefined {
  const module = options.module;
  return module === undefined ? undefined : UNSUPPORTED_MODULES[module];
}

const INSTRUMENTED_EXTENSION = /\.(?:ts|tsx|mts|cts|js|jsx|mjs|cjs)$/;

function oneLine(text: string): string {
  return text.replace(/\s*\n\s*/g, " ").trim();
}

function instrumentFactory(ts: typeof TS, program: TS.Program, options: MemscopeOptions): FactoryResult {
  const projectDir = projectDirectory(program);
  const compilerOptions = program.getCompilerOptions();
  const unsupportedKind = moduleKindName(compilerOptions);
  if (unsupportedKind !== undefined) {
    // Once per process: an incremental build calls this once per emitted file.
    if (!warnedModuleKinds.has(unsupportedKind)) {
      warnedModuleKinds.add(unsupportedKind);
      console.warn(
        `${PREFIX} nothing instrumented: "module": "${unsupportedKind}" output cannot load the runtime; ` +
          `build with "module": "commonjs", "node16"/"nodenext" or an ES module kind`,
      );
    }
    return identityFactory();
  }
  return (context) => (node) => {
    if (!ts.isSourceFile(node)) return node;
    const original = ts.getOriginalNode(node, ts.isSourceFile) ?? node;
    if (original.isDeclarationFile || !INSTRUMENTED_EXTENSION.test(original.fileName)) return node;
    const fileKey = relativePosix(projectDir, original.fileName);
    if (!isSelected(fileKey, options)) return node;
    try {
      const loading = runtimeLoading(ts, program, compilerOptions, original);
      if (loading === "unsupported") return node;
      let plan: FilePlan | undefined;
      try {
        plan = planFile(ts, program, original, options);
      } catch (error) {
        const construct = error instanceof PlanError ? error.construct : "the file";
        const reason = error instanceof PlanError ? error.reason : error instanceof Error ? error.message : String(error);
        console.warn(oneLine(`${PREFIX} left ${fileKey} uninstrumented: cannot plan ${construct} (${reason})`));
        if (process.env.MEMSCOPE_DEBUG) console.warn(error);
        return node;
      }
      if (loading === "script") {
        if (plan) {
          console.warn(
            `${PREFIX} left ${fileKey} uninstrumented: it is a script (no import or export), which an ES module build ` +
              `cannot load the runtime into; add "export {}" or "moduleDetection": "force"`,
          );
        }
        return node;
      }
      // A file with nothing to track still registers, so that a program built with the
      // plugin always writes its reports (saying that no tracked binding ran).
      return rewriteFile(ts, context, node, plan ?? emptyPlan(), {
        fileKey,
        runtimeModule: options.runtimeModule,
        commonJs: loading === "require",
      });
    } catch (error) {
      // A bug of ours must not break the user's build: the file is emitted untouched.
      console.warn(oneLine(`${PREFIX} left ${fileKey} uninstrumented: ${error instanceof Error ? error.message : String(error)}`));
      if (process.env.MEMSCOPE_DEBUG) console.warn(error);
      return node;
    }
  };
}

/** ts-patch calls a `"transformProgram": true` entry as (program, host, config, extras). */
function isCompilerHost(value: unknown): value is TS.CompilerHost {
  const host = value as TS.CompilerHost | undefined;
  return typeof host?.getSourceFile === "function" && typeof host?.writeFile === "function";
}

/**
 * The `"transformProgram": true` entry: the program the build works with, instrumented
 * and with the on state as a build input (program.ts); the program itself when off.
 */
function programEntry(program: TS.Program, config: unknown, extras: ProgramTransformerExtras | undefined): TS.Program {
  const ts = extras?.ts;
  if (ts) assertTransformerApi(ts);
  const options = parseOptions(config, process.env);
  if (!options.enabled) return program;
  if (!ts) {
    warnTranspileOnly();
    return program;
  }
  const factory = instrumentFactory(ts, program, options);
  return instrumentedBuildProgram(program, factory as unknown as TS.TransformerFactory<TS.SourceFile>);
}

let warnedIncremental = false;

/**
 * The plain `"transform"` entry in an incremental build cannot make the on/off state a
 * build input (it is called only for files being emitted): say once how to.
 */
function warnIncrementalEntry(program: TS.Program): void {
  const options = program.getCompilerOptions();
  if (warnedIncremental || !(options.incremental || options.composite)) return;
  warnedIncremental = true;
  console.warn(
    `${PREFIX} incremental build: add "transformProgram": true to the memscope-ts plugin entry, so that switching ` +
      `tracking on or off (MEMSCOPE=off, "enabled", plain tsc) re-emits every file instead of leaving the other state's files in place`,
  );
}

export default function memscopeTransformer(
  program: TS.Program | TS.TransformationContext | undefined,
  config?: unknown,
  extras?: ProgramTransformerExtras,
  programExtras?: ProgramTransformerExtras,
): FactoryResult | FileTransformer | TS.Program {
  if (isProgram(program) && isCompilerHost(config)) return programEntry(program, extras, programExtras);
  const ts = extras?.ts;
  if (ts) assertTransformerApi(ts);
  const options = parseOptions(config, process.env);
  if (isTransformationContext(program)) {
    // Used directly as a `before` transformer: this call is the per-context step.
    if (options.enabled) warnTranspileOnly();
    return (node: TS.SourceFile | TS.Bundle) => node;
  }
  if (!options.enabled) return identityFactory();
  if (!ts || !isProgram(program)) {
    warnTranspileOnly();
    return identityFactory();
  }
  warnIncrementalEntry(program);
  return instrumentFactory(ts, program, options);
}

/**
 * ts-jest's `astTransformers` protocol: `{ before: [{ path: "memscope-ts/transformer" }] }`
 * calls `factory(tsCompiler, options)` with ts-jest's compiler instance, whose
 * `configSet.compilerModule` is the TypeScript ts-jest runs and whose `program` (the
 * language service's, or transpile mode's one-file program) has the checker.
 */
export const name = "memscope-ts";
export const version = "1";
export function factory(
  tsCompiler: { configSet?: { compilerModule?: typeof TS }; program?: TS.Program },
  options?: unknown,
): TS.TransformerFactory<TS.SourceFile> {
  const ts = tsCompiler.configSet?.compilerModule;
  return memscopeTransformer(tsCompiler.program, options, ts ? { ts } : {}) as unknown as TS.TransformerFactory<TS.SourceFile>;
}
