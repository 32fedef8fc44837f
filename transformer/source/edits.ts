/**
 * A FilePlan (transformer/plan.ts, shared with the ts-patch path) as text insertions
 * into the original source: the emitter-independent half of the source-to-source path.
 *
 * Every insertion keeps the file's line structure (no newline is added), so an
 * untouched token keeps its line everywhere and its column wherever no insertion
 * precedes it on its line; the source map gives the exact original position of
 * every character.
 *
 *   file:      after the shebang and directive prologue, on the first statement's line:
 *              `import * as R from "…"; var B = R.registerFile("f", [...]); var M = R.enter(B + 0); `
 *   binding:   `const x = R.track(init, B + k, S);` (S is M at module level)
 *   body:      `{ const S = R.enter(B + k); try { …statements… } finally { R.exit(S); } }`
 *
 * A planned node this emitter has no rewrite for (a form added to the planner for the
 * ts-patch path first) is left as written and reported in `skipped`.
 */
import type * as TS from "typescript";
import type { FilePlan, ScopeRef } from "../plan.js";
import { RUNTIME_API, type SiteTuple } from "../../format/protocol.js";
import { classScopeName, type HelperNames } from "./helper-names.js";

/** Text inserted at `pos`. Insertions at one position are applied in array order. */
export interface Insertion {
  pos: number;
  text: string;
  /** belongs to the text after `pos` (a body's opening, which a moved function declaration goes before) */
  before?: boolean;
}

/** A function declaration's text [start, end) moved to `to` (out of the try block, see planEdits). */
export interface Move {
  start: number;
  end: number;
  to: number;
}

export interface FileEdits {
  insertions: Insertion[];
  moves: Move[];
  /** Syntax kinds of planned nodes left as written. */
  skipped: string[];
}

export interface EditTarget {
  fileKey: string;
  runtimeModule: string;
  /** the runtime is loaded with `require` (a CommonJS module) instead of `import` */
  commonJs: boolean;
  names: HelperNames;
}

interface Pair {
  start: number;
  end: number;
  open: string;
  close: string;
}

function isDirective(ts: typeof TS, statement: TS.Statement): boolean {
  return ts.isExpressionStatement(statement) && ts.isStringLiteral(statement.expression);
}

function siteTable(sites: readonly SiteTuple[]): string {
  return `[${sites.map((tuple) => JSON.stringify(tuple)).join(", ")}]`;
}

function headerText(plan: FilePlan, target: EditTarget): string {
  const { runtime, base, moduleScope } = target.names;
  const specifier = JSON.stringify(target.runtimeModule);
  // `var` (not an import-equals, which would be a const and cannot be stripped): a hoisted
  // function called through a circular require before this line ran must find it undefined,
  // not in its TDZ; the annotation keeps the runtime's types for a type-checking compiler.
  const load = target.commonJs
    ? `var ${runtime}: typeof import(${specifier}) = require(${specifier}); `
    : `import * as ${runtime} from ${specifier}; `;
  const register = `var ${base} = ${runtime}.${RUNTIME_API.registerFile}(${JSON.stringify(target.fileKey)}, ${siteTable(plan.sites)}); `;
  const enter = plan.moduleHasVars ? `var ${moduleScope} = ${runtime}.${RUNTIME_API.enter}(${base} + 0); ` : "";
  // Class scopes are entered once, when the file loads (as on the ts-patch path).
  const classes = plan.classScopes.map((site) => `var ${classScopeName(target.names, site)} = ${runtime}.${RUNTIME_API.enter}(${base} + ${site}); `).join("");
  return load + register + enter + classes;
}

/** Where the header goes: after the directive prologue, else before the first statement (after its leading comments). */
function headerPosition(ts: typeof TS, sf: TS.SourceFile): { pos: number; afterDirective: boolean } {
  const statements = sf.statements;
  let directives = 0;
  while (directives < statements.length && isDirective(ts, statements[directives]!)) directives++;
  if (directives > 0) return { pos: statements[directives - 1]!.end, afterDirective: true };
  const first = statements[0];
  return { pos: first ? first.getStart(sf) : sf.end, afterDirective: false };
}

/**
 * A derived constructor's root-level `super(...)` statement, and whether a planned
 * binding comes before it. In a class with initialized fields or parameter properties
 * TypeScript requires `super()` at the root of the constructor (TS2401), and a
 * type-checking compiler may build this text: the try block then starts after it. The
 * enter marker goes after it too unless a tracked binding before it needs the scope
 * instance; then only an exception thrown before `super()` returns leaves the scope
 * instance open (nothing of the program's behaviour changes).
 */
/** The classes of TS2401: initialized instance fields, parameter properties or private names. */
function requiresRootSuper(ts: typeof TS, ctor: TS.ConstructorDeclaration): boolean {
  const cls = ctor.parent;
  const isStatic = (m: TS.Node) => ts.canHaveModifiers(m) && (ts.getModifiers(m)?.some((x) => x.kind === ts.SyntaxKind.StaticKeyword) ?? false);
  const parameterProperty = ctor.parameters.some((p) => (ts.getModifiers(p)?.length ?? 0) > 0);
  const fields = cls.members.some(
    (m) => (ts.isPropertyDeclaration(m) && m.initializer !== undefined && !isStatic(m)) || (m.name !== undefined && ts.isPrivateIdentifier(m.name)),
  );
  return parameterProperty || fields;
}

function rootSuperCall(ts: typeof TS, body: TS.Block, from: number, plan: FilePlan): { call: TS.Statement; plannedBefore: boolean } | undefined {
  if (!ts.isConstructorDeclaration(body.parent) || !requiresRootSuper(ts, body.parent)) return undefined;
  let plannedBefore = false;
  const visit = (n: TS.Node): void => {
    if (plan.inits.has(n) || plan.after.has(n as TS.VariableStatement)) plannedBefore = true;
    else if (!plannedBefore) ts.forEachChild(n, visit);
  };
  for (let i = from; i < body.statements.length; i++) {
    const statement = body.statements[i]!;
    if (ts.isExpressionStatement(statement) && ts.isCallExpression(statement.expression) && statement.expression.expression.kind === ts.SyntaxKind.SuperKeyword) {
      return { call: statement, plannedBefore };
    }
    visit(statement);
  }
  return undefined;
}

/** The names a body declares with `var` (nested blocks included, nested functions not). */
function varNames(ts: typeof TS, body: TS.Block): Set<string> {
  const names = new Set<string>();
  const addName = (name: TS.BindingName): void => {
    if (ts.isIdentifier(name)) names.add(name.text);
    else for (const element of name.elements) if (ts.isBindingElement(element)) addName(element.name);
  };
  const visit = (node: TS.Node): void => {
    if (ts.isFunctionLike(node) || ts.isClassLike(node)) return;
    if (ts.isVariableDeclarationList(node) && (node.flags & ts.NodeFlags.BlockScoped) === 0) for (const d of node.declarations) addName(d.name);
    ts.forEachChild(node, visit);
  };
  ts.forEachChild(body, visit);
  return names;
}

function hasEvalCall(ts: typeof TS, body: TS.Block): boolean {
  let found = false;
  const visit = (node: TS.Node): void => {
    if (found || ts.isFunctionLike(node)) return;
    if (ts.isCallExpression(node) && ts.isIdentifier(node.expression) && node.expression.text === "eval") found = true;
    else ts.forEachChild(node, visit);
  };
  ts.forEachChild(body, visit);
  return found;
}

/**
 * The function declarations of a marked body that the ts-patch emitter puts before its
 * try block (plan.outside), as this emitter places them without moving a line: those
 * that come before every other statement stay where they are and the try block starts
 * after them. One that comes later stays in place inside the try block — the same
 * function, hoisted to the top of a block that starts where the body does — unless
 * being a block-level (lexical) binding would change what the program does: a direct
 * eval in the body (an eval'd `var` of its name would throw), or its name also a
 * parameter's, a `var`'s or another function's in the body (`arguments` mapping,
 * an early SyntaxError). Such a one is moved before the try block (its lines move; the
 * map keeps every character's original position).
 */
function functionPlacement(ts: typeof TS, body: TS.Block, from: number, plan: FilePlan): { leading: number; moved: TS.FunctionDeclaration[] } {
  const statements = body.statements;
  let leading = from;
  while (leading < statements.length && ts.isFunctionDeclaration(statements[leading]!) && plan.outside.has(statements[leading] as TS.FunctionDeclaration)) leading++;
  const later = statements.slice(leading).filter((st): st is TS.FunctionDeclaration => ts.isFunctionDeclaration(st) && plan.outside.has(st) && st.body !== undefined);
  if (later.length === 0) return { leading, moved: [] };
  const fn = body.parent as TS.SignatureDeclaration;
  const taken = new Map<string, number>();
  const count = (name: string): void => void taken.set(name, (taken.get(name) ?? 0) + 1);
  for (const p of fn.parameters ?? []) if (ts.isIdentifier(p.name)) count(p.name.text);
  for (const name of varNames(ts, body)) count(name);
  for (const st of statements) if (ts.isFunctionDeclaration(st) && st.body !== undefined && st.name) count(st.name.text);
  const evals = hasEvalCall(ts, body);
  return { leading, moved: later.filter((f) => evals || (f.name !== undefined && (taken.get(f.name.text) ?? 0) > 1)) };
}

export function planEdits(ts: typeof TS, sf: TS.SourceFile, plan: FilePlan, target: EditTarget): FileEdits {
  const { runtime, base, moduleScope, functionScope } = target.names;
  const pairs: Pair[] = [];
  const skipped: string[] = [];
  const moves: Move[] = [];
  /** positions of body openings a moved function goes before */
  const openings = new Set<number>();

  const scopeName = (scope: ScopeRef): string =>
    scope.kind === "module" ? moduleScope : scope.kind === "function" ? functionScope : classScopeName(target.names, scope.site);
  const wrap = (expression: TS.Expression, site: number, scope: ScopeRef): void => {
    pairs.push({
      start: expression.getStart(sf),
      end: expression.end,
      open: `${runtime}.${RUNTIME_API.track}(`,
      close: `, ${base} + ${site}, ${scopeName(scope)})`,
    });
  };

  for (const [node, { site, scope }] of plan.inits) {
    const initializer = (ts.isVariableDeclaration(node) || ts.isPropertyDeclaration(node)) && node.getSourceFile() === sf ? node.initializer : undefined;
    if (initializer === undefined) {
      skipped.push(ts.SyntaxKind[node.kind] ?? String(node.kind));
      continue;
    }
    wrap(initializer, site, scope);
  }

  for (const [node, { site, scope }] of plan.assignments) {
    if (node.getSourceFile() !== sf) {
      skipped.push(ts.SyntaxKind[node.kind] ?? String(node.kind));
      continue;
    }
    wrap(node.right, site, scope);
  }

  // Destructured names: registered in statements right after their declaration. The
  // leading `;` ends a declaration written without one (ASI would not end it before
  // our text on the same line).
  for (const [statement, names] of plan.after) {
    if (statement.getSourceFile() !== sf) {
      skipped.push(ts.SyntaxKind[statement.kind] ?? String(statement.kind));
      continue;
    }
    const calls = names.map(({ site, scope, name }) => `${runtime}.${RUNTIME_API.track}(${name.text}, ${base} + ${site}, ${scopeName(scope)});`).join(" ");
    pairs.push({ start: statement.end, end: statement.end, open: ` ;${calls}`, close: "" });
  }

  for (const [node, index] of plan.bodies) {
    if (!ts.isBlock(node) || node.getSourceFile() !== sf) {
      skipped.push(ts.SyntaxKind[node.kind] ?? String(node.kind));
      continue;
    }
    const statements = node.statements;
    let directives = 0;
    while (directives < statements.length && isDirective(ts, statements[directives]!)) directives++;
    const prologueEnd = directives > 0 ? statements[directives - 1]!.end : node.getStart(sf) + 1;
    const superCall = rootSuperCall(ts, node, directives, plan);
    const placement = superCall ? { leading: directives, moved: [] } : functionPlacement(ts, node, directives, plan);
    const tryStart = superCall ? superCall.call.end : placement.leading > directives ? statements[placement.leading - 1]!.end : prologueEnd;
    for (const f of placement.moved) moves.push({ start: f.getStart(sf), end: f.end, to: tryStart });
    if (placement.moved.length > 0) openings.add(tryStart);
    const enter = ` const ${functionScope} = ${runtime}.${RUNTIME_API.enter}(${base} + ${index});`;
    if (superCall?.plannedBefore) pairs.push({ start: prologueEnd, end: prologueEnd, open: enter, close: "" });
    pairs.push({
      start: tryStart,
      end: node.end - 1,
      open: superCall?.plannedBefore ? " try {" : `${enter} try {`,
      close: ` } finally { ${runtime}.${RUNTIME_API.exit}(${functionScope}); }`,
    });
  }

  // At one position: closes before opens; inner closes first (later start), outer opens
  // first (later end), so nested insertions stay properly nested.
  type Point = { pos: number; text: string; close: boolean; other: number };
  const points: Point[] = [];
  for (const p of pairs) {
    points.push({ pos: p.start, text: p.open, close: false, other: p.end });
    points.push({ pos: p.end, text: p.close, close: true, other: p.start });
  }
  points.sort((a, b) => a.pos - b.pos || Number(b.close) - Number(a.close) || b.other - a.other);

  const header = headerPosition(ts, sf);
  const headerText_ = (header.afterDirective ? " " : "") + headerText(plan, target);
  const insertions: Insertion[] = [];
  let headerDone = false;
  for (const point of points) {
    if (!headerDone && point.pos >= header.pos) {
      insertions.push({ pos: header.pos, text: headerText_ });
      headerDone = true;
    }
    insertions.push(!point.close && openings.has(point.pos) ? { pos: point.pos, text: point.text, before: true } : { pos: point.pos, text: point.text });
  }
  if (!headerDone) insertions.push({ pos: header.pos, text: headerText_ });
  return { insertions, moves, skipped };
}
