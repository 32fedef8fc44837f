/**
 * First pass over one source file: which bindings are tracked and which function-like
 * bodies need scope markers, and the site table that describes them. Reads the AST and
 * the checker only; the rewrite (rewrite.ts) applies the plan.
 *
 * What is tracked: a `let`/`const` declaration with an identifier name and an
 * initializer, whose type classify.ts puts in an enabled category, in any position
 * (module, namespace, function/method/constructor/accessor/static-block bodies, nested
 * blocks, switch cases, labelled statements, loop bodies, `for (let …;;)` heads).
 * Decisions:
 * - `for…of` / `for…in` head bindings are not tracked: they alias elements (or keys) of
 *   a collection that is itself tracked where it was created, have no initializer to
 *   wrap, and tracking them would add one record per iteration with no new allocation.
 *   Bindings declared inside those loop bodies are tracked, once per iteration.
 * - `let x;` (no initializer) and later assignments are not tracked: only the
 *   initializer is wrapped, so the value is recorded where the binding is created.
 * - Destructuring, `var`, `using`/`await using`, `declare` and ambient code, .d.ts and
 *   JavaScript files are left alone.
 * - Function and class initializers are never wrapped, whatever their type (name
 *   inference: `const f = () => {}` keeps `f.name === "f"`).
 * - The scope of a binding is its nearest function-like body (a block-level binding
 *   belongs to the enclosing function's scope instance); namespace-level bindings
 *   belong to the module scope. Only bodies that declare a tracked binding get markers.
 * - In a marked body, the statements after the directive prologue move into the try
 *   block, so a function declaration there becomes block-level: still hoisted to the
 *   top of that block (before any user statement runs), so calls before its position
 *   keep working. The one difference, a `var` and a function of the same name in one
 *   body, is already a TypeScript error (TS2300).
 */
import type * as TS from "typescript";
import { SITE_SCOPE, SITE_VAR, type SiteTuple } from "../format/protocol.js";
import { Classifier, typeText, type Classification } from "./classify.js";
import type { MemscopeOptions } from "./options.js";
import { scopeName, type ScopeNode } from "./names.js";
import { cloneSource } from "./clone.js";

export type { ScopeNode };

export interface FilePlan {
  sites: SiteTuple[];
  /** Each tracked declaration: its local site index, and whether it lives at module level. */
  vars: Map<TS.Node, { index: number; moduleLevel: boolean }>;
  /** Local scope index of each function-like body (a Block) that gets markers. */
  bodies: Map<TS.Node, number>;
  /** Whether module-level (or namespace-level) code declares tracked bindings. */
  moduleHasVars: boolean;
}

interface VarFound {
  decl: TS.VariableDeclaration;
  owner: ScopeNode | undefined;
  cls: Classification;
  type: TS.Type;
}

export function isScopeNode(ts: typeof TS, node: TS.Node): node is ScopeNode {
  switch (node.kind) {
    case ts.SyntaxKind.FunctionDeclaration:
    case ts.SyntaxKind.FunctionExpression:
    case ts.SyntaxKind.ArrowFunction:
    case ts.SyntaxKind.MethodDeclaration:
    case ts.SyntaxKind.Constructor:
    case ts.SyntaxKind.GetAccessor:
    case ts.SyntaxKind.SetAccessor:
    case ts.SyntaxKind.ClassStaticBlockDeclaration:
      return true;
    default:
      return false;
  }
}

function scopeBody(ts: typeof TS, node: ScopeNode): TS.Block | undefined {
  if (ts.isClassStaticBlockDeclaration(node)) return node.body;
  const body = node.body;
  return body && ts.isBlock(body) ? body : undefined;
}

/** `(function () {})`, `class {}`, `(() => 1) as F`: initializers whose name inference we must keep. */
function isFunctionOrClassInitializer(ts: typeof TS, expr: TS.Expression): boolean {
  let e: TS.Expression = expr;
  for (;;) {
    if (ts.isParenthesizedExpression(e) || ts.isAsExpression(e) || ts.isSatisfiesExpression(e) || ts.isNonNullExpression(e) || ts.isTypeAssertionExpression(e)) {
      e = e.expression;
      continue;
    }
    break;
  }
  return ts.isFunctionExpression(e) || ts.isArrowFunction(e) || ts.isClassExpression(e);
}

function isAmbient(ts: typeof TS, node: TS.Node): boolean {
  if (!ts.canHaveModifiers(node)) return false;
  return ts.getModifiers(node)?.some((m) => m.kind === ts.SyntaxKind.DeclareKeyword) ?? false;
}

function categoryEnabled(cls: Classification, options: MemscopeOptions): boolean {
  switch (cls.category) {
    case "collection":
      return options.collections;
    case "string":
      return options.strings;
    case "box":
      return options.boxes;
    case "dynamic":
      return options.dynamic;
  }
}

function position(sf: TS.SourceFile, node: TS.Node): [number, number] {
  const { line, character } = sf.getLineAndCharacterOfPosition(node.getStart(sf));
  return [line + 1, character + 1];
}

export function planFile(
  ts: typeof TS,
  program: TS.Program,
  sf: TS.SourceFile,
  options: MemscopeOptions,
): FilePlan | undefined {
  const checker = program.getTypeChecker();
  const classifier = new Classifier(ts, checker, program);
  /** Document-order events: a scope opened, or a tracked binding found. */
  const order: Array<{ scope: ScopeNode } | { found: VarFound }> = [];
  const parentOf = new Map<ScopeNode, ScopeNode | undefined>();

  const considerDeclaration = (decl: TS.VariableDeclaration, owner: ScopeNode | undefined) => {
    const list = decl.parent;
    if (!ts.isVariableDeclarationList(list)) return;
    const kind = list.flags & (ts.NodeFlags.Let | ts.NodeFlags.Const | ts.NodeFlags.Using);
    if (kind !== ts.NodeFlags.Let && kind !== ts.NodeFlags.Const) return; // var, using, await using
    if (!ts.isIdentifier(decl.name) || !decl.initializer) return; // destructuring, `let x;`
    if (isFunctionOrClassInitializer(ts, decl.initializer)) return;
    const type = checker.getTypeAtLocation(decl.name);
    const cls = classifier.classify(type);
    if (!cls || !categoryEnabled(cls, options)) return;
    order.push({ found: { decl, owner, cls, type } });
  };

  const walk = (node: TS.Node, owner: ScopeNode | undefined): void => {
    if (isAmbient(ts, node)) return; // declare const/namespace/module/global: nothing runs
    if (ts.isVariableDeclaration(node)) considerDeclaration(node, owner);
    if (isScopeNode(ts, node) && scopeBody(ts, node)) {
      parentOf.set(node, owner);
      order.push({ scope: node });
      ts.forEachChild(node, (child) => walk(child, node));
      return;
    }
    ts.forEachChild(node, (child) => walk(child, owner));
  };
  ts.forEachChild(sf, (child) => walk(child, undefined));

  const found = order.flatMap((e) => ("found" in e ? [e.found] : []));
  if (found.length === 0) return undefined;

  const owners = new Set(found.map((f) => f.owner));
  const sites: SiteTuple[] = [[SITE_SCOPE, "<module>", 1, 1, -1]];
  const scopeIndex = new Map<ScopeNode | undefined, number>([[undefined, 0]]);
  const nearestIndexed = (scope: ScopeNode | undefined): number => {
    let s = scope;
    while (s !== undefined && !scopeIndex.has(s)) s = parentOf.get(s);
    return scopeIndex.get(s) ?? 0;
  };
  const vars = new Map<TS.Node, { index: number; moduleLevel: boolean }>();
  const bodies = new Map<TS.Node, number>();
  const pendingClones: Array<[number, TS.VariableDeclaration]> = [];

  for (const e of order) {
    if ("scope" in e) {
      if (!owners.has(e.scope)) continue;
      const index = sites.length;
      const [line, col] = position(sf, e.scope);
      sites.push([SITE_SCOPE, scopeName(ts, e.scope), line, col, nearestIndexed(parentOf.get(e.scope))]);
      scopeIndex.set(e.scope, index);
      bodies.set(scopeBody(ts, e.scope)!, index);
      continue;
    }
    const { decl, owner, cls, type } = e.found;
    const index = sites.length;
    const [line, col] = position(sf, decl.name);
    sites.push([
      SITE_VAR,
      (decl.name as TS.Identifier).text,
      typeText(ts, checker, decl, type),
      cls.category,
      cls.subcategory,
      line,
      col,
      scopeIndex.get(owner) ?? 0,
      -1,
    ]);
    vars.set(decl, { index, moduleLevel: owner === undefined });
    pendingClones.push([index, decl]);
  }

  for (const [index, decl] of pendingClones) {
    const source = cloneSource(ts, checker, decl.initializer!);
    const sourceIndex = source ? vars.get(source)?.index : undefined;
    if (sourceIndex !== undefined) {
      const tuple = sites[index] as unknown as unknown[];
      tuple[8] = sourceIndex;
    }
  }

  return { sites, vars, bodies, moduleHasVars: owners.has(undefined) };
}
