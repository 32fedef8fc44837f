/**
 * Builders for the code the transformer adds (shape: docs/architecture.md). Every node
 * here is synthesized (no source position), so source maps keep pointing at user code.
 */
import type * as TS from "typescript";
import { RUNTIME_API, type SiteTuple } from "../format/protocol.js";
import type { NamedRegistration, Registration, ScopeRef } from "./plan.js";

/**
 * Preferred names of the locals the emitted code declares. Each becomes a name the
 * printer guarantees unique in the file (`__ms_s_1` when the user wrote `__ms_s`), so
 * no user binding, parameter or global of the same name is shadowed or clashes.
 */
export const RUNTIME_LOCAL = "__memscope";
export const BASE_LOCAL = "__ms_b";
export const MODULE_SCOPE_LOCAL = "__ms_m";
export const FUNCTION_SCOPE_LOCAL = "__ms_s";
export const CLASS_SCOPE_LOCAL = "__ms_c";

export class Emitter {
  private readonly runtime: TS.Identifier;
  private readonly base: TS.Identifier;
  private readonly moduleScope: TS.Identifier;
  private readonly functionScope: TS.Identifier;
  private readonly classScopes = new Map<number, TS.Identifier>();

  constructor(
    private readonly ts: typeof TS,
    private readonly f: TS.NodeFactory,
  ) {
    this.runtime = this.uniqueName(RUNTIME_LOCAL);
    this.base = this.uniqueName(BASE_LOCAL);
    this.moduleScope = this.uniqueName(MODULE_SCOPE_LOCAL);
    this.functionScope = this.uniqueName(FUNCTION_SCOPE_LOCAL);
  }

  /** One generated name per local; the printer resolves every use of the node to the same text. */
  private uniqueName(preferred: string): TS.Identifier {
    return this.f.createUniqueName(preferred, this.ts.GeneratedIdentifierFlags.Optimistic);
  }

  private api(name: string): TS.Expression {
    return this.f.createPropertyAccessExpression(this.runtime, name);
  }

  private siteId(localIndex: number): TS.Expression {
    return this.f.createBinaryExpression(this.base, this.ts.SyntaxKind.PlusToken, this.f.createNumericLiteral(localIndex));
  }

  private literal(value: string | number): TS.Expression {
    if (typeof value === "string") return this.f.createStringLiteral(value);
    if (value < 0) return this.f.createPrefixUnaryExpression(this.ts.SyntaxKind.MinusToken, this.f.createNumericLiteral(-value));
    return this.f.createNumericLiteral(value);
  }

  private varStatement(name: TS.Identifier, init: TS.Expression, flags: TS.NodeFlags): TS.Statement {
    const f = this.f;
    return f.createVariableStatement(undefined, f.createVariableDeclarationList([f.createVariableDeclaration(name, undefined, undefined, init)], flags));
  }

  /** ESM: `import * as __memscope from "…"`; CommonJS: `var __memscope = require("…")` (no interop helper). */
  runtimeImport(runtimeModule: string, commonJs: boolean): TS.Statement {
    const f = this.f;
    if (commonJs) {
      const call = f.createCallExpression(f.createIdentifier("require"), undefined, [f.createStringLiteral(runtimeModule)]);
      return this.varStatement(this.runtime, call, this.ts.NodeFlags.None);
    }
    const clause = f.createImportClause(undefined, undefined, f.createNamespaceImport(this.runtime));
    return f.createImportDeclaration(undefined, clause, f.createStringLiteral(runtimeModule));
  }

  /** `var __ms_b = __memscope.registerFile(file, [ ...sites ]);` */
  registerFile(file: string, sites: readonly SiteTuple[]): TS.Statement {
    const f = this.f;
    const table = f.createArrayLiteralExpression(
      sites.map((tuple) => f.createArrayLiteralExpression(tuple.flatMap((v) => (v === undefined ? [] : [this.literal(v)])), false)),
      true,
    );
    const call = f.createCallExpression(this.api(RUNTIME_API.registerFile), undefined, [f.createStringLiteral(file), table]);
    return this.varStatement(this.base, call, this.ts.NodeFlags.None);
  }

  /** `var __ms_m = __memscope.enter(__ms_b + 0);` */
  moduleEnter(): TS.Statement {
    return this.varStatement(this.moduleScope, this.enterCall(0), this.ts.NodeFlags.None);
  }

  /** `var __ms_c = __memscope.enter(__ms_b + k);`: a class scope, entered once when the file loads. */
  classEnter(scopeIndex: number): TS.Statement {
    return this.varStatement(this.classScope(scopeIndex), this.enterCall(scopeIndex), this.ts.NodeFlags.None);
  }

  private classScope(scopeIndex: number): TS.Identifier {
    let name = this.classScopes.get(scopeIndex);
    if (!name) {
      name = this.uniqueName(CLASS_SCOPE_LOCAL);
      this.classScopes.set(scopeIndex, name);
    }
    return name;
  }

  private enterCall(scopeIndex: number): TS.Expression {
    return this.f.createCallExpression(this.api(RUNTIME_API.enter), undefined, [this.siteId(scopeIndex)]);
  }

  private scopeLocal(scope: ScopeRef): TS.Identifier {
    if (scope.kind === "module") return this.moduleScope;
    if (scope.kind === "function") return this.functionScope;
    return this.classScope(scope.site);
  }

  /** `__memscope.track(value, __ms_b + k, scopeLocal)` */
  track(value: TS.Expression, registration: Registration): TS.Expression {
    return this.f.createCallExpression(this.api(RUNTIME_API.track), undefined, [value, this.siteId(registration.site), this.scopeLocal(registration.scope)]);
  }

  /**
   * `__memscope.track(a, …), __memscope.track(b, …);` after a destructuring statement.
   * Each name is a reference resolved like the user's own (`exports.a` for an exported
   * binding in CommonJS output): a fresh identifier whose original is the bound name.
   */
  registerNames(names: readonly NamedRegistration[]): TS.Statement {
    const f = this.f;
    const calls = names.map((n) => {
      const reference = this.ts.setOriginalNode(f.createIdentifier(n.name.text), n.name);
      return this.track(reference, n);
    });
    const expression = calls.reduce((left, right) => f.createComma(left, right));
    return f.createExpressionStatement(expression);
  }

  /**
   * `{ directives; const __ms_s = enter(site); try { rest } finally { exit(__ms_s); } }`.
   * The try/finally gives the exit on return, throw, generator return() and async
   * settlement alike; the scope instance lives in a local so interleaved async
   * functions and generators each exit their own instance.
   */
  wrapBody(body: TS.Block, scopeIndex: number, outside: (statement: TS.Statement) => boolean): TS.Block {
    const f = this.f;
    const statements = body.statements;
    let directives = 0;
    while (directives < statements.length && isDirective(this.ts, statements[directives]!)) directives++;
    // The planned function declarations stay where the user wrote them, before the try.
    const rest = statements.slice(directives);
    const functions = rest.filter(outside);
    const others = rest.filter((s) => !outside(s));
    const enter = this.varStatement(this.functionScope, this.enterCall(scopeIndex), this.ts.NodeFlags.Const);
    const exit = f.createExpressionStatement(f.createCallExpression(this.api(RUNTIME_API.exit), undefined, [this.functionScope]));
    const tryStatement = f.createTryStatement(f.createBlock(others, true), undefined, f.createBlock([exit], true));
    // A new multi-line block (a one-line body would print the try/finally on one line),
    // carrying the original's position and identity for source maps and later transforms.
    const block = f.createBlock([...statements.slice(0, directives), ...functions, enter, tryStatement], true);
    return this.ts.setOriginalNode(this.ts.setTextRange(block, body), body);
  }
}

export function isDirective(ts: typeof TS, statement: TS.Statement): boolean {
  return ts.isExpressionStatement(statement) && ts.isStringLiteral(statement.expression);
}
