/**
 * Second pass: applies a FilePlan. Only these things change in user code: planned
 * initializers (declarations and class fields) and right-hand sides of planned
 * assignments are wrapped in `track(...)`, a destructuring statement is followed by the
 * registration of its names, planned function bodies get the enter marker and
 * try/finally, and the file gets its runtime import and site table after its directive
 * prologue. Declarations never move; everything else is the original node.
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

  /** A statement list with each planned destructuring statement followed by its registrations. */
  const visitStatements = (statements: TS.NodeArray<TS.Statement>): TS.NodeArray<TS.Statement> => {
    const out: TS.Statement[] = [];
    let changed = false;
    for (const statement of statements) {
      const visited = ts.visitNode(statement, visit, ts.isStatement) as TS.Statement;
      out.push(visited);
      if (visited !== statement) changed = true;
      const names = plan.after.get(ts.getOriginalNode(statement) as TS.VariableStatement);
      if (names) {
        out.push(emit.registerNames(names));
        changed = true;
      }
    }
    return changed ? ts.setTextRange(f.createNodeArray(out, statements.hasTrailingComma), statements) : statements;
  };

  const visit = (node: TS.Node): TS.Node => {
    const original = ts.getOriginalNode(node);
    if (ts.isVariableDeclaration(node)) {
      const tracked = plan.inits.get(original);
      const visited = ts.visitEachChild(node, visit, ctx);
      if (!tracked || !visited.initializer) return visited;
      return f.updateVariableDeclaration(visited, visited.name, visited.exclamationToken, visited.type, emit.track(visited.initializer, tracked));
    }
    if (ts.isPropertyDeclaration(node)) {
      const tracked = plan.inits.get(original);
      const visited = ts.visitEachChild(node, visit, ctx);
      if (!tracked || !visited.initializer) return visited;
      return f.updatePropertyDeclaration(visited, visited.modifiers, visited.name, visited.questionToken ?? visited.exclamationToken, visited.type, emit.track(visited.initializer, tracked));
    }
    if (ts.isBinaryExpression(node)) {
      const tracked = plan.assignments.get(original as TS.BinaryExpression);
      const visited = ts.visitEachChild(node, visit, ctx);
      if (!tracked) return visited;
      return f.updateBinaryExpression(visited, visited.left, visited.operatorToken, emit.track(visited.right, tracked));
    }
    if (ts.isBlock(node)) {
      const scopeIndex = plan.bodies.get(original as TS.Block);
      const visited = f.updateBlock(node, visitStatements(node.statements));
      if (scopeIndex === undefined) return visited;
      return emit.wrapBody(visited, scopeIndex, (statement) => plan.outside.has(ts.getOriginalNode(statement) as TS.FunctionDeclaration));
    }
    if (ts.isCaseClause(node)) return f.updateCaseClause(node, ts.visitNode(node.expression, visit, ts.isExpression) as TS.Expression, visitStatements(node.statements));
    if (ts.isDefaultClause(node)) return f.updateDefaultClause(node, visitStatements(node.statements));
    if (ts.isModuleBlock(node)) return f.updateModuleBlock(node, visitStatements(node.statements));
    return ts.visitEachChild(node, visit, ctx);
  };

  const statements = visitStatements(sf.statements);
  let directives = 0;
  while (directives < statements.length && isDirective(ts, statements[directives]!)) directives++;
  const header = [
    emit.runtimeImport(target.runtimeModule, target.commonJs),
    emit.registerFile(target.fileKey, plan.sites),
    ...(plan.moduleHasVars ? [emit.moduleEnter()] : []),
    ...plan.classScopes.map((site) => emit.classEnter(site)),
  ];
  return f.updateSourceFile(sf, [...statements.slice(0, directives), ...header, ...statements.slice(directives)]);
}
