/**
 * The contract between code emitted by the transformer and the runtime.
 *
 * The transformer writes, at the top of every instrumented file, one call
 * `registerFile(file, sites)` whose result is the file's *site base*: the global id
 * of the file's first site. Every later call names a site as `base + localIndex`.
 * This file holds only constants and types so that the transformer can share them
 * without loading the runtime.
 */

import type { Category } from "./categories.js";

/** Category of a tracked binding, decided from its static type. */
export type { Category };

/** First element of every site tuple. */
export const SITE_SCOPE = 0;
export const SITE_VAR = 1;

/**
 * A scope site: one function-like body (or the module itself) that declares at
 * least one tracked binding.
 * `[SITE_SCOPE, name, line, column, parentScopeLocalIndex (-1 for none)]`
 * `name` is the function's name as the user would say it (`Cache.get`,
 * `<module>`, `<anonymous>`); line and column are 1-based.
 */
export type ScopeSiteTuple = readonly [typeof SITE_SCOPE, string, number, number, number];

/**
 * A variable site: one `let`/`const` declaration the transformer decided to track.
 * `[SITE_VAR, name, typeText, category, subcategory, line, column,
 *   scopeLocalIndex, cloneSourceLocalIndex (-1 when not a clone initializer)]`
 * `typeText` is `checker.typeToString` without truncation. `subcategory` is e.g.
 * `Array`, `Tuple`, `Map`, `Set`, `WeakMap`, `WeakSet`, `Uint8Array`, `ArrayBuffer`,
 * `SharedArrayBuffer`, `Buffer`, `DataView`, `string`, `String`, `class`, `object`,
 * `Promise`, `WeakRef`, `Date`, ... and `unknown` for dynamic sites.
 */
export type VarSiteTuple = readonly [
  typeof SITE_VAR,
  string,
  string,
  Category,
  string,
  number,
  number,
  number,
  number,
];

export type SiteTuple = ScopeSiteTuple | VarSiteTuple;

/** Module specifier the transformer imports the runtime from. */
export const RUNTIME_MODULE = "memscope-ts/runtime";

/**
 * Names of the runtime's entry points as the emitted code calls them.
 *   registerFile(file: string, sites: SiteTuple[]): number        -> site base
 *   enter(scopeSiteId: number): number                             -> scope instance
 *   exit(scopeInstance: number): void
 *   track<T>(value: T, varSiteId: number, scopeInstance: number): T -> value, unchanged
 * All four never throw, whatever they are given (a NaN site from a binding evaluated
 * before its file registered, during a circular import, is counted and ignored).
 */
export const RUNTIME_API = {
  registerFile: "registerFile",
  enter: "enter",
  exit: "exit",
  track: "track",
} as const;

/** Global key under which the single runtime store lives (one per realm/thread). */
export const STORE_KEY = "memscope-ts.store";
