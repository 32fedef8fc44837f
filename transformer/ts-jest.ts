/**
 * ts-jest's `astTransformers` protocol: `{ before: [{ path: "memscope-ts/transformer" }] }`
 * calls `factory(tsCompiler, options)` with ts-jest's compiler instance, whose
 * `configSet.compilerModule` is the TypeScript ts-jest runs and whose `program` (the
 * language service's, or transpile mode's one-file program) has the checker.
 */
import type * as TS from "typescript";
import memscopeTransformer from "./index.js";

interface TsJestCompiler {
  configSet?: { compilerModule?: typeof TS };
  program?: TS.Program;
}

export const name = "memscope-ts";
export const version = "1";

export function factory(tsCompiler: TsJestCompiler, options?: unknown): TS.TransformerFactory<TS.SourceFile> {
  const ts = tsCompiler.configSet?.compilerModule;
  const made = memscopeTransformer(tsCompiler.program, options, ts ? { ts } : {});
  return made as unknown as TS.TransformerFactory<TS.SourceFile>;
}
