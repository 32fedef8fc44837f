/**
 * esbuild declares every top-level binding of a bundle with `var` (deliberately, and
 * with no option to keep `const`). V8 folds a module-level `const` into the optimized
 * code that reads it, but reloads a `var` on every use: the runtime's hot path
 * (enter/exit/track read the module's `store` and `OFF`) ran ~20% slower from the
 * bundle than from tsc's modules until `const` was put back.
 *
 * restoreTopLevelConst puts `const` back on every top-level `var` statement whose
 * bindings are all plain names, all initialised, declared once and never written
 * again anywhere in the file (judged by name alone, so an inner binding of the same
 * name that is written keeps the outer one a `var`: conservative). Those were `const`
 * (or never-reassigned `let`, or a class) in the source, and modules keep their order
 * in the bundle, so nothing reads them before their initialiser ran. esbuild's lazily
 * initialised modules declare theirs first and assign them later: they stay `var`.
 *
 * Each `var` becomes `const`, two characters longer: on those lines the source map's
 * columns after the keyword are off by two.
 */
import ts from "typescript";

export interface RestoredConst {
  code: string;
  /** The names now declared with const, in file order. */
  names: string[];
}

function isAssignmentOperator(kind: ts.SyntaxKind): boolean {
  return kind >= ts.SyntaxKind.FirstAssignment && kind <= ts.SyntaxKind.LastAssignment;
}

/** Every name written through `target`: a name, or the names in a destructuring pattern (not a property: that writes no binding). */
function collectWritten(target: ts.Node, into: Set<string>): void {
  if (ts.isIdentifier(target)) into.add(target.text);
  else if (ts.isParenthesizedExpression(target) || ts.isSpreadElement(target) || ts.isSpreadAssignment(target)) collectWritten(target.expression, into);
  else if (ts.isArrayLiteralExpression(target)) target.elements.forEach((element) => collectWritten(element, into));
  else if (ts.isObjectLiteralExpression(target)) {
    for (const property of target.properties) {
      if (ts.isPropertyAssignment(property)) collectWritten(property.initializer, into);
      else if (ts.isShorthandPropertyAssignment(property)) into.add(property.name.text);
      else if (ts.isSpreadAssignment(property)) collectWritten(property.expression, into);
    }
  } else if (ts.isBinaryExpression(target) && target.operatorToken.kind === ts.SyntaxKind.EqualsToken) collectWritten(target.left, into); // a default in a pattern
}

/** Names that some statement of the file writes after declaring them. */
function writtenNames(source: ts.SourceFile): Set<string> {
  const written = new Set<string>();
  const visit = (node: ts.Node): void => {
    if (ts.isBinaryExpression(node) && isAssignmentOperator(node.operatorToken.kind)) collectWritten(node.left, written);
    else if ((ts.isPrefixUnaryExpression(node) || ts.isPostfixUnaryExpression(node)) && (node.operator === ts.SyntaxKind.PlusPlusToken || node.operator === ts.SyntaxKind.MinusMinusToken)) {
      collectWritten(node.operand, written);
    } else if ((ts.isForInStatement(node) || ts.isForOfStatement(node)) && !ts.isVariableDeclarationList(node.initializer)) {
      collectWritten(node.initializer, written);
    }
    node.forEachChild(visit);
  };
  visit(source);
  return written;
}

/** How often each name is declared at the top level (var, function, class). */
function topLevelDeclarationCounts(source: ts.SourceFile): Map<string, number> {
  const counts = new Map<string, number>();
  const count = (name: string): void => void counts.set(name, (counts.get(name) ?? 0) + 1);
  for (const statement of source.statements) {
    if (ts.isVariableStatement(statement)) {
      for (const declaration of statement.declarationList.declarations) {
        if (ts.isIdentifier(declaration.name)) count(declaration.name.text);
      }
    } else if ((ts.isFunctionDeclaration(statement) || ts.isClassDeclaration(statement)) && statement.name) count(statement.name.text);
  }
  return counts;
}

export function restoreTopLevelConst(code: string): RestoredConst {
  const source = ts.createSourceFile("bundle.js", code, ts.ScriptTarget.Latest, true, ts.ScriptKind.JS);
  const written = writtenNames(source);
  const declared = topLevelDeclarationCounts(source);
  const edits: number[] = [];
  const names: string[] = [];
  for (const statement of source.statements) {
    if (!ts.isVariableStatement(statement)) continue;
    const list = statement.declarationList;
    if ((list.flags & ts.NodeFlags.BlockScoped) !== 0) continue;
    const convertible = list.declarations.every(
      (d) => ts.isIdentifier(d.name) && d.initializer !== undefined && !written.has(d.name.text) && declared.get(d.name.text) === 1,
    );
    if (!convertible) continue;
    const start = list.getStart(source);
    if (code.slice(start, start + 3) !== "var") continue;
    edits.push(start);
    for (const d of list.declarations) names.push((d.name as ts.Identifier).text);
  }
  let out = code;
  for (const start of edits.reverse()) out = `${out.slice(0, start)}const${out.slice(start + 3)}`;
  return { code: out, names };
}
