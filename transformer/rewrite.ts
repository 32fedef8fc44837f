/**
 * Second pass: applies a FilePlan. Only three things change in user code: tracked
 * initializers are wrapped in `track(...)`, planned function bodies get the enter marker
 * and try/finally, and the file gets its runtime import and site table after its
 * directive prologue. Declarations never move; everything else is the original node.
 */
import type * as TS from "typescript";
import { Emitter, isDirective } from "./emit.js";
import type { FilePlan } from "./plan.js";

export interface RewriteTarget {
  /** Path written into registerFile: relative to the tsconfig directory, posix. */
  fileKey: string;
  runtimeModule: string;
  commonJs: boolean;
}

export function rewriteFile(
  ts: typeof TS,
  ctx: TS.TransformationContext,
  sf: TS.SourceFile,
  plan: FilePlan,
  target: RewriteTarget,
): TS.SourceFile {
  const emit = new Emitter(ts, ctx.factory);
  const f = ctx.factory;

  const visit = (node: TS.Node): TS.Node => {
    const original = ts.getOriginalNode(node);
    if (ts.isVariableDeclaration(node)) {
      const tracked = plan.vars.get(original);
      const visited = ts.visitEachChild(node, visit, ctx);
      if (!tracked || !visited.initializer) return visited;
      return f.updateVariableDeclaration(
        visited,
        visited.name,
        visited.exclamationToken,
        visited.type,
        emit.track(visited.initializer, tracked.index, tracked.moduleLevel),
      );
    }
    if (ts.isBlock(node)) {
      const scopeIndex = plan.bodies.get(original);
      const visited = ts.visitEachChild(node, visit, ctx);
      return scopeIndex === undefined ? visited : emit.wrapBody(visited, scopeIndex);
    }
    return ts.visitEachChild(node, visit, ctx);
  };

  const visited = ts.visitEachChild(sf, visit, ctx);
  const statements = visited.statements;
  let directives = 0;
  while (directives < statements.length && isDirective(ts, statements[directives]!)) directives++;
  const header = [
    emit.runtimeImport(target.runtimeModule, target.commonJs),
    emit.registerFile(target.fileKey, plan.sites),
    ...(plan.moduleHasVars ? [emit.moduleEnter()] : []),
  ];
  return f.updateSourceFile(visited, [...statements.slice(0, directives), ...header, ...statements.slice(directives)]);
}
