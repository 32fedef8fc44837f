/**
 * The TypeScript compiler the source-to-source path parses and type-checks with:
 * memscope-ts's own pinned TypeScript 6 (the `typescript-6` alias dependency), used as a
 * library. Never the user's `typescript`: that may be TypeScript 7, which has no
 * JavaScript API, or a version the planner was not written against.
 *
 * Loaded on first use only (about 0.2 s): a load-hook run whose files all hit the
 * cache never loads it.
 */
import { createRequire } from "node:module";
import type * as TS from "typescript";

const require = createRequire(import.meta.url);
let loaded: typeof TS | undefined;

/** The pinned compiler, typed with the planner's TypeScript types (the API it uses is the same). */
export function libraryTypeScript(): typeof TS {
  loaded ??= require("typescript-6") as typeof TS;
  return loaded;
}

/** The pinned compiler's version without loading it. */
export function libraryTypeScriptVersion(): string {
  return (require("typescript-6/package.json") as { version: string }).version;
}
