/**
 * Clone initializers: `[...a]`, `{ ...o }`, `structuredClone(a)`, `a.slice()`,
 * `Array.from(a)`, `new Map(m)`, `new Set(s)` (type assertions and parentheses around
 * them or their argument are looked through). The source is linked statically only when
 * it is a `let`/`const` binding tracked in the same file: site ids of other files are
 * known only at run time (registerFile returns them), so a clone of an imported binding
 * records -1 and the runtime's alias observation is all that links them.
 */
import type * as TS from "typescript";

function strip(ts: typeof TS, e: TS.Expression): TS.Expression {
  while (ts.isParenthesizedExpression(e) || ts.isAsExpression(e) || ts.isSatisfiesExpression(e) || ts.isNonNullExpression(e) || ts.isTypeAssertionExpression(e)) {
    e = e.expression;
  }
  return e;
}

function sourceIdentifier(ts: typeof TS, init: TS.Expression): TS.Identifier | undefined {
  const e = strip(ts, init);
  const ident = (x: TS.Expression | undefined) => {
    const s = x && strip(ts, x);
    return s && ts.isIdentifier(s) ? s : undefined;
  };
  if (ts.isArrayLiteralExpression(e) && e.elements.length === 1) {
    const only = e.elements[0]!;
    return ts.isSpreadElement(only) ? ident(only.expression) : undefined;
  }
  if (ts.isObjectLiteralExpression(e) && e.properties.length === 1) {
    const only = e.properties[0]!;
    return ts.isSpreadAssignment(only) ? ident(only.expression) : undefined;
  }
  if (ts.isCallExpression(e)) {
    const callee = strip(ts, e.expression);
    if (ts.isIdentifier(callee) && callee.text === "structuredClone" && e.arguments.length >= 1) return ident(e.arguments[0]);
    if (ts.isPropertyAccessExpression(callee)) {
      const method = callee.name.text;
      if (method === "slice" && e.arguments.length === 0) return ident(callee.expression);
      const owner = strip(ts, callee.expression);
      if (method === "from" && ts.isIdentifier(owner) && owner.text === "Array" && e.arguments.length === 1) return ident(e.arguments[0]);
    }
    return undefined;
  }
  if (ts.isNewExpression(e)) {
    const callee = strip(ts, e.expression);
    if (ts.isIdentifier(callee) && (callee.text === "Map" || callee.text === "Set") && e.arguments?.length === 1) {
      return ident(e.arguments[0]);
    }
  }
  return undefined;
}

/** The declaration of the binding this initializer clones, if it is a clone initializer. */
export function cloneSource(ts: typeof TS, checker: TS.TypeChecker, init: TS.Expression): TS.VariableDeclaration | undefined {
  const id = sourceIdentifier(ts, init);
  if (!id) return undefined;
  const symbol = checker.getSymbolAtLocation(id);
  const decl = symbol?.valueDeclaration;
  return decl && ts.isVariableDeclaration(decl) ? decl : undefined;
}
