/**
 * Scope names as a user would say them: `load`, `Cache.get`, `Cache.constructor`,
 * `get Cache.size` (accessor), `Cache.<static>`, `Cache[Symbol.iterator]`, `handler`
 * (for `const handler = () => {}`, `obj.handler = () => {}`, `{ handler: () => {} }`),
 * and for a function passed to a call, the call: `describe("parser")` / `it("reads")`
 * (test functions, by their title), `map callback` (`items.map(…)`),
 * `on("data") callback` (a call whose first argument is a string), `Promise callback`
 * (`new Promise(…)`); `<anonymous>` when nothing names the function.
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

export function propertyNameText(ts: typeof TS, name: TS.PropertyName | TS.BindingName | undefined): string | undefined {
  if (!name) return undefined;
  if (ts.isIdentifier(name) || ts.isPrivateIdentifier(name)) return name.text;
  if (ts.isStringLiteral(name) || ts.isNumericLiteral(name) || ts.isNoSubstitutionTemplateLiteral(name)) return name.text;
  if (ts.isComputedPropertyName(name)) {
    const key = name.expression;
    // `[Symbol.iterator]`, `[Symbol.asyncIterator]`…: named by the symbol, as V8 names them.
    if (ts.isPropertyAccessExpression(key) && ts.isIdentifier(key.expression) && key.expression.text === "Symbol") return `[Symbol.${key.name.text}]`;
    if (ts.isStringLiteral(key) || ts.isNoSubstitutionTemplateLiteral(key) || ts.isNumericLiteral(key)) return key.text;
    return "[computed]";
  }
  return undefined;
}

/** Test-framework functions whose callback is named by its title (Mocha, Jest, Vitest, node:test, Jasmine, ava's macros aside). */
const TITLED_CALLS = new Set(["describe", "it", "test", "suite", "context", "bench", "fdescribe", "xdescribe", "fit", "xit", "specify"]);
/** Longest title kept in a name. */
const TITLE_CHARS = 60;

function titleText(text: string): string {
  const oneLine = text.replace(/\s+/g, " ").trim();
  return oneLine.length <= TITLE_CHARS ? oneLine : `${oneLine.slice(0, TITLE_CHARS - 1)}…`;
}

/** The function a call calls, as its name reads: `map` for `items.map`, `describe` for `describe.each(…)(…)`/`describe.only`. */
function calleeName(ts: typeof TS, callee: TS.Expression): { name: string; titled: boolean } | undefined {
  let node = callee;
  // describe.each([...])("title", fn), it.only(...), test.skip(...), test.concurrent.each`…`(...)
  while (ts.isCallExpression(node) || ts.isTaggedTemplateExpression(node)) node = ts.isCallExpression(node) ? node.expression : node.tag;
  if (ts.isIdentifier(node)) return { name: node.text, titled: TITLED_CALLS.has(node.text) };
  if (ts.isPropertyAccessExpression(node)) {
    let root: TS.Expression = node;
    while (ts.isPropertyAccessExpression(root)) root = root.expression;
    if (ts.isIdentifier(root) && TITLED_CALLS.has(root.text)) return { name: root.text, titled: true };
    return { name: node.name.text, titled: false };
  }
  return undefined;
}

/** A function passed as an argument, named by the call it is passed to. */
function argumentName(ts: typeof TS, call: TS.CallExpression | TS.NewExpression, child: TS.Node): string | undefined {
  const args = call.arguments ?? ts.factory.createNodeArray();
  const position = args.indexOf(child as TS.Expression);
  if (position < 0) return undefined;
  if (ts.isNewExpression(call)) {
    return ts.isIdentifier(call.expression) ? `${call.expression.text} callback` : "callback";
  }
  const callee = calleeName(ts, call.expression);
  const first = args[0];
  const title = position > 0 && first && (ts.isStringLiteral(first) || ts.isNoSubstitutionTemplateLiteral(first)) ? titleText(first.text) : undefined;
  if (!callee) return title === undefined ? "callback" : `${JSON.stringify(title)} callback`;
  if (callee.titled && title !== undefined) return `${callee.name}(${JSON.stringify(title)})`;
  return title === undefined ? `${callee.name} callback` : `${callee.name}(${JSON.stringify(title)}) callback`;
}

export function className(ts: typeof TS, cls: TS.Node): string {
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
    if (ts.isElementAccessExpression(left) && (ts.isStringLiteral(left.argumentExpression) || ts.isNoSubstitutionTemplateLiteral(left.argumentExpression))) return left.argumentExpression.text;
  }
  if ((ts.isCallExpression(parent) || ts.isNewExpression(parent)) && parent.expression !== child) return argumentName(ts, parent, child);
  if (ts.isExportAssignment(parent)) return "default";
  return undefined;
}

export function scopeName(ts: typeof TS, node: ScopeNode): string {
  if (ts.isClassStaticBlockDeclaration(node)) return `${className(ts, node.parent)}.<static>`;
  if (ts.isConstructorDeclaration(node)) return `${className(ts, node.parent)}.constructor`;
  if (ts.isMethodDeclaration(node) || ts.isGetAccessorDeclaration(node) || ts.isSetAccessorDeclaration(node)) {
    const member = propertyNameText(ts, node.name) ?? ANONYMOUS;
    const prefix = ts.isGetAccessorDeclaration(node) ? "get " : ts.isSetAccessorDeclaration(node) ? "set " : "";
    const owner = ts.isClassLike(node.parent) ? className(ts, node.parent) : "";
    return `${prefix}${owner === "" || member.startsWith("[") ? owner : `${owner}.`}${member}`;
  }
  if ((ts.isFunctionDeclaration(node) || ts.isFunctionExpression(node)) && node.name) return node.name.text;
  if (ts.isFunctionDeclaration(node)) return "default";
  return inferredName(ts, node) ?? ANONYMOUS;
}
