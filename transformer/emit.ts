/**
 * Builders for the code the transformer adds (shape: docs/architecture.md). Every node
 * here is synthesized (no source position), so source maps keep pointing at user code.
 */
import type * as TS from "typescript";
import { RUNTIME_API, type SiteTuple } from "../format/protocol.js";

export const RUNTIME_LOCAL = "__memscope";
export const BASE_LOCAL = "__ms_b";
export const MODULE_SCOPE_LOCAL = "__ms_m";
export const FUNCTION_SCOPE_LOCAL = "__ms_s";

export class Emitter {
  constructor(
    private readonly ts: typeof TS,
    private readonly f: TS.NodeFactory,
  ) {}

  private api(name: string): TS.Expression {
    return this.f.createPropertyAccessExpression(this.f.createIdentifier(RUNTIME_LOCAL), name);
  }

  private siteId(localIndex: number): TS.Expression {
    return this.f.createBinaryExpression(
      this.f.createIdentifier(BASE_LOCAL),
      this.ts.SyntaxKind.PlusToken,
      this.f.createNumericLiteral(localIndex),
    );
  }

  private literal(value: string | number): TS.Expression {
    if (typeof value === "string") return this.f.createStringLiteral(value);
    if (value < 0) return this.f.createPrefixUnaryExpression(this.ts.SyntaxKind.MinusToken, this.f.createNumericLiteral(-value));
    return this.f.createNumericLiteral(value);
  }

  private varStatement(name: string, init: TS.Expression, flags: TS.NodeFlags): TS.Statement {
    const f = this.f;
    return f.createVariableStatement(undefined, f.createVariableDeclarationList([f.createVariableDeclaration(name, undefined, undefined, init)], flags));
  }

  /** ESM: `import * as __memscope from "…"`; CommonJS: `var __memscope = require("…")` (no interop helper). */
  runtimeImport(runtimeModule: string, commonJs: boolean): TS.Statement {
    const f = this.f;
    if (commonJs) {
      const call = f.createCallExpression(f.createIdentifier("require"), undefined, [f.createStringLiteral(runtimeModule)]);
      return this.varStatement(RUNTIME_LOCAL, call, this.ts.NodeFlags.None);
    }
    const clause = f.createImportClause(undefined, undefined, f.createNamespaceImport(f.createIdentifier(RUNTIME_LOCAL)));
    return f.createImportDeclaration(undefined, clause, f.createStringLiteral(runtimeModule));
  }

  /** `var __ms_b = __memscope.registerFile(file, [ ...sites ]);` */
  registerFile(file: string, sites: readonly SiteTuple[]): TS.Statement {
    const f = this.f;
    const table = f.createArrayLiteralExpression(
      sites.map((tuple) => f.createArrayLiteralExpression(tuple.map((v) => this.literal(v)), false)),
      true,
    );
    const call = f.createCallExpression(this.api(RUNTIME_API.registerFile), undefined, [f.createStringLiteral(file), table]);
    return this.varStatement(BASE_LOCAL, call, this.ts.NodeFlags.None);
  }

  /** `var __ms_m = __memscope.enter(__ms_b + 0);` */
  moduleEnter(): TS.Statement {
    return this.varStatement(MODULE_SCOPE_LOCAL, this.enterCall(0), this.ts.NodeFlags.None);
  }

  private enterCall(scopeIndex: number): TS.Expression {
    return this.f.createCallExpression(this.api(RUNTIME_API.enter), undefined, [this.siteId(scopeIndex)]);
  }

  /** `__memscope.track(init, __ms_b + k, scopeLocal)` */
  track(init: TS.Expression, varIndex: number, moduleLevel: boolean): TS.Expression {
    const scope = this.f.createIdentifier(moduleLevel ? MODULE_SCOPE_LOCAL : FUNCTION_SCOPE_LOCAL);
    return this.f.createCallExpression(this.api(RUNTIME_API.track), undefined, [init, this.siteId(varIndex), scope]);
  }

  /**
   * `{ directives; const __ms_s = enter(site); try { rest } finally { exit(__ms_s); } }`.
   * The try/finally gives the exit on return, throw, generator return() and async
   * settlement alike; the scope instance lives in a local so interleaved async
   * functions and generators each exit their own instance.
   */
  wrapBody(body: TS.Block, scopeIndex: number): TS.Block {
    const f = this.f;
    const statements = body.statements;
    let directives = 0;
    while (directives < statements.length && isDirective(this.ts, statements[directives]!)) directives++;
    const enter = this.varStatement(FUNCTION_SCOPE_LOCAL, this.enterCall(scopeIndex), this.ts.NodeFlags.Const);
    const exit = f.createExpressionStatement(
      f.createCallExpression(this.api(RUNTIME_API.exit), undefined, [f.createIdentifier(FUNCTION_SCOPE_LOCAL)]),
    );
    const tryStatement = f.createTryStatement(f.createBlock(statements.slice(directives), true), undefined, f.createBlock([exit], true));
    // A new multi-line block (a one-line body would print the try/finally on one line),
    // carrying the original's position and identity for source maps and later transforms.
    const block = f.createBlock([...statements.slice(0, directives), enter, tryStatement], true);
    return this.ts.setOriginalNode(this.ts.setTextRange(block, body), body);
  }
}

export function isDirective(ts: typeof TS, statement: TS.Statement): boolean {
  return ts.isExpressionStatement(statement) && ts.isStringLiteral(statement.expression);
}
