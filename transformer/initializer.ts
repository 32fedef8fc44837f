/**
 * What a tracked initializer does to memory, decided from its syntax (and, for property
 * reads, whether the property is an accessor):
 * - `allocates`: makes a new value — an array/object/regexp literal (spreads included),
 *   `new`, a template with substitutions, a concatenation, a known clone call
 *   (`a.slice()`, `Array.from(a)`, `structuredClone(a)`).
 * - `reads`: names a value that already exists — an identifier, `this`, a property or
 *   element access (optional chains too), looked through casts (`as`, `<T>`,
 *   `satisfies`), non-null assertions, parentheses and the last operand of a comma; a
 *   conditional or `??`/`||`/`&&` whose every result operand reads. A property whose
 *   declaration is a getter may compute a fresh value, so it is a `call`.
 * - `literal_string`: a string literal or a template without substitutions (V8 keeps it
 *   in the constant pool: binding it allocates nothing).
 * - `call`: everything else (calls, `await`, `yield`, mixed conditionals): the result may
 *   be new or an existing object; the runtime counts it once per object either way.
 * The runtime counts `reads` and `literal_string` records as names of existing values:
 * they never add bytes to any total.
 */
import type * as TS from "typescript";
import type { InitializerKind } from "../format/protocol.js";

const CLONE_METHODS = new Set(["slice", "concat", "map", "filter", "flat", "flatMap", "toSorted", "toReversed", "toSpliced", "with"]);

function strip(ts: typeof TS, expr: TS.Expression): TS.Expression {
  let e = expr;
  for (;;) {
    if (ts.isParenthesizedExpression(e) || ts.isAsExpression(e) || ts.isSatisfiesExpression(e) || ts.isNonNullExpression(e) || ts.isTypeAssertionExpression(e)) {
      e = e.expression;
    } else if (ts.isBinaryExpression(e) && e.operatorToken.kind === ts.SyntaxKind.CommaToken) {
      e = e.right;
    } else return e;
  }
}

function isGetter(ts: typeof TS, checker: TS.TypeChecker, node: TS.Node): boolean {
  const symbol = checker.getSymbolAtLocation(node);
  if (!symbol) return false;
  return (symbol.flags & ts.SymbolFlags.GetAccessor) !== 0;
}

function isArrayOrString(ts: typeof TS, checker: TS.TypeChecker, type: TS.Type): boolean {
  return checker.isArrayType(type) || checker.isTupleType(type) || (type.flags & ts.TypeFlags.StringLike) !== 0;
}

/** Both sides of a `??`, `||`, `&&` or `?:` give the value: it reads only if each does. */
function bothRead(kinds: InitializerKind[]): InitializerKind {
  if (kinds.every((k) => k === "reads")) return "reads";
  if (kinds.every((k) => k === "literal_string")) return "literal_string";
  if (kinds.every((k) => k === "allocates")) return "allocates";
  return "call";
}

export function initializerKind(ts: typeof TS, checker: TS.TypeChecker, init: TS.Expression): InitializerKind {
  const e = strip(ts, init);
  if (ts.isIdentifier(e) || e.kind === ts.SyntaxKind.ThisKeyword) return "reads";
  if (ts.isPropertyAccessExpression(e)) return isGetter(ts, checker, e.name) ? "call" : "reads";
  if (ts.isElementAccessExpression(e)) {
    const arg = e.argumentExpression;
    return ts.isStringLiteralLike(arg) && isGetter(ts, checker, arg) ? "call" : "reads";
  }
  if (ts.isStringLiteral(e) || ts.isNoSubstitutionTemplateLiteral(e)) return "literal_string";
  if (
    ts.isArrayLiteralExpression(e) ||
    ts.isObjectLiteralExpression(e) ||
    ts.isRegularExpressionLiteral(e) ||
    ts.isNewExpression(e) ||
    ts.isTemplateExpression(e)
  ) {
    return "allocates";
  }
  if (ts.isConditionalExpression(e)) return bothRead([initializerKind(ts, checker, e.whenTrue), initializerKind(ts, checker, e.whenFalse)]);
  if (ts.isBinaryExpression(e)) {
    const op = e.operatorToken.kind;
    if (op === ts.SyntaxKind.PlusToken) return "allocates";
    if (op === ts.SyntaxKind.QuestionQuestionToken || op === ts.SyntaxKind.BarBarToken || op === ts.SyntaxKind.AmpersandAmpersandToken) {
      return bothRead([initializerKind(ts, checker, e.left), initializerKind(ts, checker, e.right)]);
    }
    if (op === ts.SyntaxKind.EqualsToken) return initializerKind(ts, checker, e.right);
    return "call";
  }
  if (ts.isCallExpression(e) && !e.questionDotToken) {
    const callee = strip(ts, e.expression);
    if (ts.isIdentifier(callee) && callee.text === "structuredClone") return "allocates";
    if (ts.isPropertyAccessExpression(callee)) {
      const owner = strip(ts, callee.expression);
      const method = callee.name.text;
      if (ts.isIdentifier(owner) && owner.text === "Array" && (method === "from" || method === "of")) return "allocates";
      // Array (and string) methods that always return a new value; on other types they are ordinary calls.
      if (CLONE_METHODS.has(method) && isArrayOrString(ts, checker, checker.getTypeAtLocation(owner))) return "allocates";
    }
  }
  return "call";
}

/** String joins (`+`) in a left-leaning chain of additions, or 0 when it is not one. */
function joins(ts: typeof TS, e: TS.Expression): number {
  const inner = strip(ts, e);
  if (!ts.isBinaryExpression(inner) || inner.operatorToken.kind !== ts.SyntaxKind.PlusToken) return 0;
  return 1 + joins(ts, inner.left) + joins(ts, inner.right);
}

const SLICE_METHODS = new Set(["slice", "substring", "substr"]);

/**
 * How a string initializer makes its string (runtime/string-shape.ts): the number of
 * joins of a concatenation or template (one V8 ConsString each), -1 for a slice of
 * another string, 0 otherwise.
 */
export function stringShape(ts: typeof TS, checker: TS.TypeChecker, init: TS.Expression): number {
  const e = strip(ts, init);
  if (ts.isTemplateExpression(e)) return e.templateSpans.length;
  if (ts.isBinaryExpression(e) && e.operatorToken.kind === ts.SyntaxKind.PlusToken) return joins(ts, e);
  if (ts.isCallExpression(e) && !e.questionDotToken) {
    const callee = strip(ts, e.expression);
    if (ts.isPropertyAccessExpression(callee) && SLICE_METHODS.has(callee.name.text)) {
      const owner = checker.getTypeAtLocation(callee.expression);
      if ((owner.flags & ts.TypeFlags.StringLike) !== 0) return -1;
    }
  }
  return 0;
}
