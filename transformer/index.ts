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
import { planFile } from "./plan.js";
import { rewriteFile } from "./rewrite.js";

export type { MemscopeOptions } from "./options.js";

interface ProgramTransformerExtras {
  ts?: typeof TS;
}

type FileTransformer = (node: TS.SourceFile | TS.Bundle) => TS.SourceFile | TS.Bundle;
type FactoryResult = (context: TS.TransformationContext) => FileTransformer;

const PREFIX = "memscope-ts:";
let warnedTranspileOnly = false;

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

/**
 * Whether the emitted file is CommonJS: then the runtime is loaded with a bare
 * `require` (an `import` would go through __importStar with esModuleInterop).
 */
function emitsCommonJs(ts: typeof TS, options: TS.CompilerOptions, sf: TS.SourceFile): boolean {
  const module = options.module ?? ((options.target ?? ts.ScriptTarget.ES5) >= ts.ScriptTarget.ES2015 ? ts.ModuleKind.ES2015 : ts.ModuleKind.CommonJS);
  if (module >= ts.ModuleKind.Node16 && module <= ts.ModuleKind.NodeNext) return sf.impliedNodeFormat === ts.ModuleKind.CommonJS;
  return module === ts.ModuleKind.CommonJS;
}

const INSTRUMENTED_EXTENSION = /\.(?:ts|tsx|mts|cts)$/;

function instrumentFactory(ts: typeof TS, program: TS.Program, options: MemscopeOptions): FactoryResult {
  const projectDir = projectDirectory(program);
  const compilerOptions = program.getCompilerOptions();
  return (context) => (node) => {
    if (!ts.isSourceFile(node)) return node;
    const original = ts.getOriginalNode(node, ts.isSourceFile) ?? node;
    if (original.isDeclarationFile || !INSTRUMENTED_EXTENSION.test(original.fileName)) return node;
    const fileKey = relativePosix(projectDir, original.fileName);
    if (!isSelected(fileKey, options)) return node;
    try {
      const plan = planFile(ts, program, original, options);
      if (!plan) return node;
      return rewriteFile(ts, context, node, plan, {
        fileKey,
        runtimeModule: options.runtimeModule,
        commonJs: emitsCommonJs(ts, compilerOptions, original),
      });
    } catch (error) {
      // A bug of ours must not break the user's build: the file is emitted untouched.
      console.warn(`${PREFIX} left ${fileKey} uninstrumented: ${error instanceof Error ? error.message : String(error)}`);
      if (process.env.MEMSCOPE_DEBUG) console.warn(error);
      return node;
    }
  };
}

export default function memscopeTransformer(
  program: TS.Program | TS.TransformationContext | undefined,
  config?: unknown,
  extras?: ProgramTransformerExtras,
): FactoryResult | FileTransformer {
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
