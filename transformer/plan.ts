/**
 * First pass over one source file: which bindings are tracked, where each value is
 * registered, which function-like bodies need scope markers, and the site table that
 * describes them. Reads the AST and the checker only and knows nothing of how the code is
 * emitted: the tspc rewrite (rewrite.ts) and any source-to-source emitter apply the same
 * plan. Nodes in the plan are the parse-tree nodes of the file given.
 *
 * What is tracked (each gets a variable site: name, declared type, file:line:column of
 * the name):
 * - a `let`/`const` declaration with an identifier name and an initializer, in any
 *   position (module, namespace, function/method/constructor/accessor/static-block
 *   bodies, nested blocks, switch cases, labelled statements, loop bodies, `for (let …;;)`
 *   heads): the initializer is wrapped (`inits`).
 * - every name bound by a destructuring `let`/`const` statement (object and array
 *   patterns, nested, defaults, rest, renamed properties): the pattern is left exactly as
 *   written (evaluation order, getters, iterators, defaults, TDZ, errors are the
 *   language's own) and the bound names are registered right after the statement
 *   (`after`), when every one of them is initialised.
 * - a deferred `let x: T;` (or `let x = null as T | null`, `= undefined`): each later
 *   assignment `x = v`, `x ??= v`, `x ||= v`, `x &&= v` in the binding's own function (or
 *   anywhere, for a module-level binding) wraps its right-hand side (`assignments`), so
 *   each assigned value is a new record of the one site and the expression's value is
 *   unchanged.
 * - class property declarations with an initializer, instance and static, `#private` and
 *   `accessor` included, named `Class.field`: the initializer is wrapped (`inits`). Their
 *   scope is the class's own scope site, entered once when the file loads
 *   (`classScopes`), so a field lives as long as its object, never past a function exit.
 * whose type classify.ts puts in an enabled category.
 * Decisions:
 * - `for…of` / `for…in` head bindings are not tracked: they alias elements (or keys) of
 *   a collection that is itself tracked where it was created, and tracking them would add
 *   one record per iteration with no new allocation. Bindings declared inside those loop
 *   bodies are tracked, once per iteration.
 * - `var`, `using`/`await using`, `declare` and ambient code, .d.ts files, parameter
 *   properties and computed field names are left alone.
 * - Function and class initializers are never wrapped, whatever their type (name
 *   inference: `const f = () => {}` keeps `f.name === "f"`).
 * - The scope of a binding is its nearest function-like body (a block-level binding
 *   belongs to the enclosing function's scope instance); namespace-level bindings belong
 *   to the module scope. Only bodies that register something get markers.
 * - A later assignment to a `let` that had a real initializer is not tracked again: the
 *   value was recorded where the binding was created.
 * - In a marked body, the statements after the directive prologue move into the try
 *   block, except function declarations that reference none of the body's own top-level
 *   lexical bindings (`outside`): they stay where they were. One that does reference them
 *   must move with them (still hoisted to the top of the block); in sloppy code with a
 *   direct eval that would turn it into a lexical binding an eval'd `var` collides with,
 *   so such a body is left unmarked and its bindings untracked.
 * A construct the planner cannot handle makes planFile throw a PlanError naming it; the
 * caller leaves the file as plain tsc emits it.
 */
import type * as TS from "typescript";
import { SITE_SCOPE, SITE_VAR, type SiteTuple } from "../format/protocol.js";
import { Classifier, typeText, type Classification } from "./classify.js";
import type { MemscopeOptions } from "./options.js";
import { className, propertyNameText, scopeName, type ScopeNode } from "./names.js";
import { cloneSource } from "./clone.js";
import { initializerKind, stringShape } from "./initializer.js";

export type { ScopeNode };

/** Which scope instance a registration passes: the module's, its function's, or a class's (by its scope site). */
export type ScopeRef = { kind: "module" } | { kind: "function" } | { kind: "class"; site: number };

export interface Registration {
  /** local index of the variable site */
  site: number;
  scope: ScopeRef;
}

export interface NamedRegistration extends Registration {
  /** the bound name (a parse-tree identifier of the pattern) */
  name: TS.Identifier;
}

export interface FilePlan {
  sites: SiteTuple[];
  /** VariableDeclaration or PropertyDeclaration whose initializer is wrapped */
  inits: Map<TS.Node, Registration>;
  /** VariableStatement after which these destructured names are registered, in source order */
  after: Map<TS.VariableStatement, NamedRegistration[]>;
  /** assignment (BinaryExpression) whose right-hand side is wrapped */
  assignments: Map<TS.BinaryExpression, Registration>;
  /** local scope site of each function-like body (a Block) that gets markers */
  bodies: Map<TS.Block, number>;
  /**
   * Function declarations of marked bodies that stay outside the try block, where the
   * user wrote them (see outsideFunctions); the others move into it with the rest.
   */
  outside: Set<TS.FunctionDeclaration>;
  /** whether module-level (or namespace-level) code registers anything */
  moduleHasVars: boolean;
  /** class scope sites, each entered once at file load */
  classScopes: number[];
}

/** A construct the planner could not handle: the file is left as plain tsc emits it. */
export class PlanError extends Error {
  /** why, in one line */
  readonly reason: string;
  constructor(
    /** the node kind and its line:column, e.g. `VariableDeclaration at 3:7` */
    readonly construct: string,
    cause: unknown,
  ) {
    const reason = cause instanceof Error ? cause.message : String(cause);
    super(`${construct}: ${reason}`);
    this.reason = reason;
  }
}

/**
 * The function declarations at the top of a body that can stay outside the try block the
 * body's other statements move into: those that reference none of the body's own
 * top-level `let`/`const`/`class` bindings (those move into the try block, out of the
 * reach of a function left outside). Outside, a function stays a plain function-level
 * declaration, which matters in sloppy mode: a block-level function is also a lexical
 * binding of its block, and a direct eval's `var` of the same name then throws.
 */
function outsideFunctions(ts: typeof TS, checker: TS.TypeChecker, body: TS.Block): { outside: TS.FunctionDeclaration[]; inside: TS.FunctionDeclaration[] } {
  const lexical = new Set<TS.Symbol>();
  const addNames = (name: TS.BindingName): void => {
    if (ts.isIdentifier(name)) {
      const symbol = checker.getSymbolAtLocation(name);
      if (symbol) lexical.add(symbol);
      return;
    }
    for (const element of name.elements) if (ts.isBindingElement(element)) addNames(element.name);
  };
  const functions: TS.FunctionDeclaration[] = [];
  for (const statement of body.statements) {
    if (ts.isFunctionDeclaration(statement)) functions.push(statement);
    else if (ts.isVariableStatement(statement) && statement.declarationList.flags & (ts.NodeFlags.Let | ts.NodeFlags.Const | ts.NodeFlags.Using)) {
      for (const decl of statement.declarationList.declarations) addNames(decl.name);
    } else if (ts.isClassDeclaration(statement) && statement.name) addNames(statement.name);
  }
  const outside: TS.FunctionDeclaration[] = [];
  const inside: TS.FunctionDeclaration[] = [];
  for (const fn of functions) {
    let references = false;
    const visit = (node: TS.Node): void => {
      if (references) return;
      if (ts.isIdentifier(node)) {
        const symbol = checker.getSymbolAtLocation(node);
        if (symbol && lexical.has(symbol)) references = true;
        // A shorthand property `{ list }` names the binding through its value symbol.
        if (ts.isShorthandPropertyAssignment(node.parent)) {
          const value = checker.getShorthandAssignmentValueSymbol(node.parent);
          if (value && lexical.has(value)) references = true;
        }
        return;
      }
      ts.forEachChild(node, visit);
    };
    ts.forEachChild(fn, visit);
    (references ? inside : outside).push(fn);
  }
  return { outside, inside };
}

/** Whether the body's emitted code runs in strict mode (ES module, alwaysStrict, a directive, a class). */
function isStrict(ts: typeof TS, options: TS.CompilerOptions, sf: TS.SourceFile, body: TS.Block): boolean {
  const strictOption = (ts as { getStrictOptionValue?: (o: TS.CompilerOptions, k: string) => boolean }).getStrictOptionValue;
  const alwaysStrict = typeof strictOption === "function" ? strictOption(options, "alwaysStrict") : (options.alwaysStrict ?? options.strict ?? false);
  if (alwaysStrict || ts.isExternalModule(sf)) return true;
  const hasUseStrict = (statements: readonly TS.Statement[]) => {
    for (const s of statements) {
      if (!ts.isExpressionStatement(s) || !ts.isStringLiteral(s.expression)) return false;
      if (s.expression.text === "use strict") return true;
    }
    return false;
  };
  for (let node: TS.Node | undefined = body; node; node = node.parent) {
    if (ts.isClassLike(node)) return true;
    if ((ts.isBlock(node) && isScopeNode(ts, node.parent)) || ts.isSourceFile(node)) {
      if (hasUseStrict((node as TS.Block | TS.SourceFile).statements)) return true;
    }
  }
  return false;
}

/** A direct `eval(...)` in the body's own code (not in nested functions, which have their own var scope). */
function hasDirectEval(ts: typeof TS, body: TS.Block): boolean {
  let found = false;
  const visit = (node: TS.Node): void => {
    if (found || isScopeNode(ts, node)) return;
    if (ts.isCallExpression(node) && ts.isIdentifier(node.expression) && node.expression.text === "eval") found = true;
    else ts.forEachChild(node, visit);
  };
  ts.forEachChild(body, visit);
  return found;
}

/** The plan of a file that registers nothing: its site table holds only the module scope. */
export function emptyPlan(): FilePlan {
  return { sites: [[SITE_SCOPE, "<module>", 1, 1, -1]], inits: new Map(), after: new Map(), assignments: new Map(), bodies: new Map(), moduleHasVars: false, classScopes: [], outside: new Set() };
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

function stripOuter(ts: typeof TS, expr: TS.Expression): TS.Expression {
  let e = expr;
  while (ts.isParenthesizedExpression(e) || ts.isAsExpression(e) || ts.isSatisfiesExpression(e) || ts.isNonNullExpression(e) || ts.isTypeAssertionExpression(e)) {
    e = e.expression;
  }
  return e;
}

/** `(function () {})`, `class {}`, `(() => 1) as F`: initializers whose name inference we must keep. */
function isFunctionOrClassInitializer(ts: typeof TS, expr: TS.Expression): boolean {
  const e = stripOuter(ts, expr);
  return ts.isFunctionExpression(e) || ts.isArrowFunction(e) || ts.isClassExpression(e);
}

/** `require("x")`: a module's exports object (JavaScript's import), not an allocation of this binding. */
function isRequireCall(ts: typeof TS, expr: TS.Expression): boolean {
  const e = stripOuter(ts, expr);
  return ts.isCallExpression(e) && ts.isIdentifier(e.expression) && e.expression.text === "require" && e.arguments.length === 1;
}

/** `null`, `undefined`, `void 0` (through parentheses and type assertions). */
function isNullish(ts: typeof TS, expr: TS.Expression): boolean {
  const e = stripOuter(ts, expr);
  return (
    e.kind === ts.SyntaxKind.NullKeyword ||
    (ts.isIdentifier(e) && e.text === "undefined") ||
    (ts.isVoidExpression(e) && ts.isLiteralExpression(e.expression))
  );
}

function isAmbient(ts: typeof TS, node: TS.Node): boolean {
  if (!ts.canHaveModifiers(node)) return false;
  return ts.getModifiers(node)?.some((m) => m.kind === ts.SyntaxKind.DeclareKeyword) ?? false;
}

function hasModifier(ts: typeof TS, node: TS.Node, kind: TS.SyntaxKind): boolean {
  return ts.canHaveModifiers(node) && (ts.getModifiers(node)?.some((m) => m.kind === kind) ?? false);
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

/** The written type: a TypeScript annotation, or a JSDoc `@type` in a JavaScript file. */
function annotationOf(ts: typeof TS, node: TS.VariableDeclaration | TS.PropertyDeclaration): TS.TypeNode | undefined {
  return node.type ?? ts.getJSDocType(node);
}

function position(sf: TS.SourceFile, node: TS.Node): [number, number] {
  const { line, character } = sf.getLineAndCharacterOfPosition(node.getStart(sf));
  return [line + 1, character + 1];
}

const ASSIGNMENTS = (ts: typeof TS): ReadonlySet<TS.SyntaxKind> =>
  new Set([
    ts.SyntaxKind.EqualsToken,
    ts.SyntaxKind.QuestionQuestionEqualsToken,
    ts.SyntaxKind.BarBarEqualsToken,
    ts.SyntaxKind.AmpersandAmpersandEqualsToken,
  ]);

/** What the walk found, in document order; sites are numbered from this list. */
type Found =
  | { k: "scope"; node: ScopeNode }
  | { k: "class"; node: TS.ClassLikeDeclaration; owner: TS.Node | undefined }
  | { k: "var"; decl: TS.VariableDeclaration; owner: ScopeNode | undefined; cls: Classification; type: TS.Type }
  | { k: "leaf"; statement: TS.VariableStatement; name: TS.Identifier; owner: ScopeNode | undefined; cls: Classification; type: TS.Type }
  | { k: "deferred"; decl: TS.VariableDeclaration; owner: ScopeNode | undefined; cls: Classification; type: TS.Type }
  | { k: "field"; prop: TS.PropertyDeclaration; owner: TS.ClassLikeDeclaration; cls: Classification; type: TS.Type };

function constructName(ts: typeof TS, sf: TS.SourceFile, node: TS.Node): string {
  let where = "";
  try {
    const [line, col] = position(sf, node);
    where = ` at ${line}:${col}`;
  } catch {
    // a synthesized node has no position
  }
  return `${ts.SyntaxKind[node.kind] ?? "node"}${where}`;
}

export function planFile(ts: typeof TS, program: TS.Program, sf: TS.SourceFile, options: MemscopeOptions): FilePlan | undefined {
  const checker = program.getTypeChecker();
  const classifier = new Classifier(ts, checker, program);
  const assignmentKinds = ASSIGNMENTS(ts);
  const found: Found[] = [];
  const parentOf = new Map<ScopeNode, ScopeNode | undefined>();
  /** assignments to a plain identifier, with the function they run in; resolved after the walk */
  const assignmentCandidates: Array<{ node: TS.BinaryExpression; target: TS.Identifier; owner: TS.Node | undefined }> = [];

  const classifyAt = (location: TS.Node): { cls: Classification; type: TS.Type } | undefined => {
    const type = checker.getTypeAtLocation(location);
    const cls = classifier.classify(type);
    return cls && categoryEnabled(cls, options) ? { cls, type } : undefined;
  };

  const leaves = (name: TS.BindingName, out: TS.Identifier[]): void => {
    if (ts.isIdentifier(name)) {
      out.push(name);
      return;
    }
    for (const element of name.elements) {
      if (ts.isBindingElement(element)) leaves(element.name, out);
    }
  };

  const considerDeclaration = (decl: TS.VariableDeclaration, owner: ScopeNode | undefined) => {
    const list = decl.parent;
    if (!ts.isVariableDeclarationList(list)) return;
    const kind = list.flags & (ts.NodeFlags.Let | ts.NodeFlags.Const | ts.NodeFlags.Using);
    if (kind !== ts.NodeFlags.Let && kind !== ts.NodeFlags.Const) return; // var, using, await using
    const statement = list.parent;
    if (!ts.isIdentifier(decl.name)) {
      // Destructuring: only in a statement, where the names can be registered after it.
      if (!ts.isVariableStatement(statement) || !decl.initializer) return;
      const names: TS.Identifier[] = [];
      leaves(decl.name, names);
      for (const name of names) {
        const c = classifyAt(name);
        if (c) found.push({ k: "leaf", statement, name, owner, ...c });
      }
      return;
    }
    const deferred = kind === ts.NodeFlags.Let && (!decl.initializer || isNullish(ts, decl.initializer));
    if (deferred) {
      // `let x;` in a for-in/of head is assigned by the loop, not by an assignment.
      if (!ts.isVariableStatement(statement) && !ts.isForStatement(statement)) return;
      const c = classifyAt(decl.name);
      if (c) found.push({ k: "deferred", decl, owner, ...c });
      return;
    }
    if (!decl.initializer || isFunctionOrClassInitializer(ts, decl.initializer) || isRequireCall(ts, decl.initializer)) return;
    const c = classifyAt(decl.name);
    if (c) found.push({ k: "var", decl, owner, ...c });
  };

  const considerField = (prop: TS.PropertyDeclaration) => {
    const cls = prop.parent;
    if (!ts.isClassLike(cls) || !prop.initializer) return;
    if (hasModifier(ts, prop, ts.SyntaxKind.AbstractKeyword) || isAmbient(ts, prop)) return;
    if (ts.isComputedPropertyName(prop.name)) return;
    if (isFunctionOrClassInitializer(ts, prop.initializer)) return;
    const c = classifyAt(prop.name);
    if (c) found.push({ k: "field", prop, owner: cls, ...c });
  };

  // The owner of code inside a field initializer is the initializer itself: it runs at
  // construction (or class definition), never in the enclosing function's body.
  const walk = (node: TS.Node, owner: ScopeNode | undefined, runsIn: TS.Node | undefined): void => {
    if (isAmbient(ts, node)) return; // declare const/namespace/module/global/class: nothing runs
    try {
      if (ts.isVariableDeclaration(node)) considerDeclaration(node, owner);
      else if (ts.isPropertyDeclaration(node)) considerField(node);
      else if (ts.isClassLike(node)) found.push({ k: "class", node, owner });
      else if (ts.isBinaryExpression(node) && assignmentKinds.has(node.operatorToken.kind)) {
        const target = stripOuter(ts, node.left);
        if (ts.isIdentifier(target)) assignmentCandidates.push({ node, target, owner: runsIn });
      }
    } catch (error) {
      throw error instanceof PlanError ? error : new PlanError(constructName(ts, sf, node), error);
    }
    if (isScopeNode(ts, node) && scopeBody(ts, node)) {
      parentOf.set(node, owner);
      found.push({ k: "scope", node });
      ts.forEachChild(node, (child) => walk(child, node, node));
      return;
    }
    if (ts.isPropertyDeclaration(node) && node.initializer) {
      ts.forEachChild(node, (child) => walk(child, owner, child === node.initializer ? node : runsIn));
      return;
    }
    ts.forEachChild(node, (child) => walk(child, owner, runsIn));
  };
  ts.forEachChild(sf, (child) => walk(child, undefined, undefined));

  // Deferred bindings: keep the assignments that run where the binding's scope instance
  // is in reach (its own function, or anywhere for a module-level binding).
  const deferred = new Map<TS.VariableDeclaration, Found & { k: "deferred" }>();
  for (const f of found) if (f.k === "deferred") deferred.set(f.decl, f);
  const assigned = new Map<TS.VariableDeclaration, TS.BinaryExpression[]>();
  for (const { node, target, owner } of assignmentCandidates) {
    const symbol = checker.getSymbolAtLocation(target);
    const decl = symbol?.valueDeclaration;
    const entry = decl && ts.isVariableDeclaration(decl) ? deferred.get(decl) : undefined;
    if (!entry || isNullish(ts, node.right) || isFunctionOrClassInitializer(ts, node.right)) continue;
    if (entry.owner !== undefined && entry.owner !== owner) continue;
    const list = assigned.get(entry.decl) ?? [];
    list.push(node);
    assigned.set(entry.decl, list);
  }

  // A sloppy body with a direct eval whose function declarations cannot all stay outside
  // the try block is left unmarked (see outsideFunctions): its bindings are not tracked.
  const unmarkable = new Set<ScopeNode>();
  const outsideOf = new Map<ScopeNode, TS.FunctionDeclaration[]>();
  for (const f of found) {
    if (f.k !== "scope") continue;
    const body = scopeBody(ts, f.node)!;
    const { outside, inside } = outsideFunctions(ts, checker, body);
    outsideOf.set(f.node, outside);
    if (inside.length > 0 && !isStrict(ts, program.getCompilerOptions(), sf, body) && hasDirectEval(ts, body)) unmarkable.add(f.node);
  }
  for (let i = found.length - 1; i >= 0; i--) {
    const f = found[i]!;
    if ((f.k === "var" || f.k === "leaf" || f.k === "deferred") && f.owner !== undefined && unmarkable.has(f.owner)) found.splice(i, 1);
  }

  const registers = found.filter((f) => f.k === "var" || f.k === "leaf" || f.k === "field" || (f.k === "deferred" && assigned.has(f.decl)));
  if (registers.length === 0) return undefined;

  const owners = new Set<ScopeNode | undefined>();
  const classesWithFields = new Set<TS.ClassLikeDeclaration>();
  for (const f of registers) {
    if (f.k === "field") classesWithFields.add(f.owner);
    else if (f.k !== "scope" && f.k !== "class") owners.add(f.owner);
  }

  const sites: SiteTuple[] = [[SITE_SCOPE, "<module>", 1, 1, -1]];
  const scopeIndex = new Map<ScopeNode | undefined, number>([[undefined, 0]]);
  const classIndex = new Map<TS.ClassLikeDeclaration, number>();
  const nearestIndexed = (scope: TS.Node | undefined): number => {
    let s = scope as ScopeNode | undefined;
    while (s !== undefined && !scopeIndex.has(s)) s = parentOf.get(s);
    return scopeIndex.get(s) ?? 0;
  };
  const plan: FilePlan = {
    sites,
    inits: new Map(),
    after: new Map(),
    assignments: new Map(),
    bodies: new Map(),
    moduleHasVars: owners.has(undefined),
    classScopes: [],
    outside: new Set(),
  };
  const scopeOf = (owner: ScopeNode | undefined): ScopeRef => (owner === undefined ? { kind: "module" } : { kind: "function" });
  // Sites with an initializer of their own carry its kind and string shape; destructured
  // names and deferred assignments have none, and count as calls (once per object).
  const varSite = (name: string, text: string, cls: Classification, at: TS.Node, scope: number, init?: TS.Expression): number => {
    const [line, col] = position(sf, at);
    if (init === undefined) sites.push([SITE_VAR, name, text, cls.category, cls.subcategory, line, col, scope, -1]);
    else sites.push([SITE_VAR, name, text, cls.category, cls.subcategory, line, col, scope, -1, initializerKind(ts, checker, init), stringShape(ts, checker, init)]);
    return sites.length - 1;
  };
  const pendingClones: Array<[number, TS.VariableDeclaration]> = [];

  for (const f of found) {
    try {
      switch (f.k) {
        case "scope": {
          if (!owners.has(f.node)) break;
          const [line, col] = position(sf, f.node);
          sites.push([SITE_SCOPE, scopeName(ts, f.node), line, col, nearestIndexed(parentOf.get(f.node))]);
          scopeIndex.set(f.node, sites.length - 1);
          plan.bodies.set(scopeBody(ts, f.node)!, sites.length - 1);
          for (const fn of outsideOf.get(f.node) ?? []) plan.outside.add(fn);
          break;
        }
        case "class": {
          if (!classesWithFields.has(f.node)) break;
          const [line, col] = position(sf, f.node.name ?? f.node);
          sites.push([SITE_SCOPE, className(ts, f.node), line, col, nearestIndexed(f.owner)]);
          classIndex.set(f.node, sites.length - 1);
          plan.classScopes.push(sites.length - 1);
          break;
        }
        case "var": {
          const site = varSite((f.decl.name as TS.Identifier).text, typeText(ts, checker, annotationOf(ts, f.decl), f.decl, f.type), f.cls, f.decl.name, scopeIndex.get(f.owner) ?? 0, f.decl.initializer);
          plan.inits.set(f.decl, { site, scope: scopeOf(f.owner) });
          pendingClones.push([site, f.decl]);
          break;
        }
        case "leaf": {
          const site = varSite(f.name.text, typeText(ts, checker, undefined, f.name, f.type), f.cls, f.name, scopeIndex.get(f.owner) ?? 0);
          const list = plan.after.get(f.statement) ?? [];
          list.push({ site, scope: scopeOf(f.owner), name: f.name });
          plan.after.set(f.statement, list);
          break;
        }
        case "deferred": {
          const nodes = assigned.get(f.decl);
          if (!nodes) break;
          const site = varSite((f.decl.name as TS.Identifier).text, typeText(ts, checker, annotationOf(ts, f.decl), f.decl, f.type), f.cls, f.decl.name, scopeIndex.get(f.owner) ?? 0);
          for (const node of nodes) plan.assignments.set(node, { site, scope: scopeOf(f.owner) });
          break;
        }
        case "field": {
          const classSite = classIndex.get(f.owner)!;
          const member = propertyNameText(ts, f.prop.name) ?? "<field>";
          const name = `${className(ts, f.owner)}.${member}`;
          const site = varSite(name, typeText(ts, checker, annotationOf(ts, f.prop), f.prop, f.type), f.cls, f.prop.name, classSite, f.prop.initializer);
          plan.inits.set(f.prop, { site, scope: { kind: "class", site: classSite } });
          break;
        }
      }
    } catch (error) {
      const node = f.k === "var" || f.k === "deferred" ? f.decl : f.k === "leaf" ? f.name : f.k === "field" ? f.prop : f.node;
      throw error instanceof PlanError ? error : new PlanError(constructName(ts, sf, node), error);
    }
  }

  for (const [index, decl] of pendingClones) {
    const source = cloneSource(ts, checker, decl.initializer!);
    const sourceIndex = source ? plan.inits.get(source)?.site : undefined;
    if (sourceIndex !== undefined) {
      const tuple = sites[index] as unknown as unknown[];
      tuple[8] = sourceIndex;
    }
  }
  return plan;
}
