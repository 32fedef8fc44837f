/**
 * Scope names as a user would say them: `load`, `Cache.get`, `Cache.constructor`,
 * `get Cache.size` (accessor), `Cache.<static>`, `handler` (for `const handler = () => {}`),
 * `<anonymous>` when nothing names the function.
 */
import type * as TS from "typescript";

/** Function-like nodes whose body is a scope of its own. */
export type ScopeNode =
  | TS.FunctionDeclaration
  | TS.FunctionExpression
  | TS.ArrowFunction
  | TS.MethodDeclaration
  | TS.ConstructorDeclaration
  | TS.GetAccessorDeclaration
  | TS.SetAccessorDeclaration
  | TS.ClassStaticBlockDeclaration;

const ANONYMOUS = "<anonymous>";

function propertyNameText(ts: typeof TS, name: TS.PropertyName | TS.BindingName | undefined): string | undefined {
  if (!name) return undefined;
  if (ts.isIdentifier(name) || ts.isPrivateIdentifier(name)) return name.text;
  if (ts.isStringLiteral(name) || ts.isNumericLiteral(name) || ts.isNoSubstitutionTemplateLiteral(name)) return name.text;
  if (ts.isComputedPropertyName(name)) return "[computed]";
  return undefined;
}

function className(ts: typeof TS, cls: TS.Node): string {
  if ((ts.isClassDeclaration(cls) || ts.isClassExpression(cls)) && cls.name) return cls.name.text;
  if (ts.isClassDeclaration(cls)) return "default";
  return inferredName(ts, cls) ?? ANONYMOUS;
}

/** The name an anonymous function or class gets from where it stands. */
function inferredName(ts: typeof TS, node: TS.Node): string | undefined {
  let child: TS.Node = node;
  let parent = node.parent;
  while (parent && (ts.isParenthesizedExpression(parent) || ts.isAsExpression(parent) || ts.isSatisfiesExpression(parent))) {
    child = parent;
    parent = parent.parent;
  }
  if (!parent) return undefined;
  if (ts.isVariableDeclaration(parent) && parent.initializer === child) return propertyNameText(ts, parent.name);
  if (ts.isPropertyAssignment(parent) && parent.initializer === child) return propertyNameText(ts, parent.name);
  if (ts.isPropertyDeclaration(parent) && parent.initializer === child) {
    const owner = propertyNameText(ts, parent.name);
    return owner === undefined ? undefined : `${className(ts, parent.parent)}.${owner}`;
  }
  if (ts.isBinaryExpression(parent) && parent.right === child && parent.operatorToken.kind === ts.SyntaxKind.EqualsToken) {
    const left = parent.left;
    if (ts.isIdentifier(left)) return left.text;
    if (ts.isPropertyAccessExpression(left)) return left.name.text;
  }
  if (ts.isExportAssignment(parent)) return "default";
  return undefined;
}

export function scopeName(ts: typeof TS, node: ScopeNode): string {
  if (ts.isClassStaticBlockDeclaration(node)) return `${className(ts, node.parent)}.<static>`;
  if (ts.isConstructorDeclaration(node)) return `${className(ts, node.parent)}.constructor`;
  if (ts.isMethodDeclaration(node) || ts.isGetAccessorDeclaration(node) || ts.isSetAccessorDeclaration(node)) {
    const member = propertyNameText(ts, node.name) ?? ANONYMOUS;
    const prefix = ts.isGetAccessorDeclaration(node) ? "get " : ts.isSetAccessorDeclaration(node) ? "set " : "";
    const owner = ts.isClassLike(node.parent) ? `${className(ts, node.parent)}.` : "";
    return `${prefix}${owner}${member}`;
  }
  if ((ts.isFunctionDeclaration(node) || ts.isFunctionExpression(node)) && node.name) return node.name.text;
  if (ts.isFunctionDeclaration(node)) return "default";
  return inferredName(ts, node) ?? ANONYMOUS;
}
