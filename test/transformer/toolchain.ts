/**
 * The compilers the transformer tests build with: plain `typescript` and ts-patch's
 * in-memory patched compiler (`ts-patch/compiler`, what `tspc` runs). By default the
 * repo's pinned pair; with MEMSCOPE_COMPAT_DIR set (npm run test:compat) the pair
 * installed in that folder.
 */
import { createRequire } from "node:module";
import * as path from "node:path";
import { fileURLToPath } from "node:url";
import type * as TS from "typescript";

export interface Toolchain {
  /** plain typescript */
  ts: typeof TS;
  /** ts-patch's patched typescript: reads compilerOptions.plugins */
  tsp: typeof TS;
  label: string;
}

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..");
export const TRANSFORMER_ENTRY = path.join(REPO_ROOT, "dist/transformer/index.js");
export const RECORDING_RUNTIME = path.join(REPO_ROOT, "dist/test/transformer/recording-runtime.cjs");
export const CORPUS_DIR = path.join(REPO_ROOT, "test/corpus");
export const TMP_ROOT = path.join(REPO_ROOT, ".tmp");

let cached: Toolchain | undefined;

export function loadToolchain(): Toolchain {
  if (cached) return cached;
  const compatDir = process.env.MEMSCOPE_COMPAT_DIR;
  const req = createRequire(compatDir ? path.join(path.resolve(compatDir), "package.json") : import.meta.url);
  const ts = req("typescript") as typeof TS;
  const tsp = req("ts-patch/compiler") as typeof TS;
  const tspVersion = (req("ts-patch/package.json") as { version: string }).version;
  cached = { ts, tsp, label: `typescript ${ts.version} + ts-patch ${tspVersion}` };
  return cached;
}
