/** Paths and readers shared by the bundle tests. */
import { readFileSync } from "node:fs";
import * as path from "node:path";
import { fileURLToPath } from "node:url";

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..");
export const DIST = path.join(REPO_ROOT, "dist");
export const RUNTIME_BUNDLE = path.join(DIST, "runtime/index.bundle.js");
export const RUNTIME_UNBUNDLED = path.join(DIST, "runtime/index.js");
export const CHILD_BUNDLE = path.join(DIST, "render/export-child.bundle.js");
export const CHILD_UNBUNDLED = path.join(DIST, "render/export-child.js");
export const TMP_ROOT = path.join(REPO_ROOT, ".tmp");

/**
 * The modules a bundle holds, from the `// path` line esbuild writes before each
 * module's code in an unminified bundle (repo-relative paths, `memscope:` for the
 * build's own virtual module), deduplicated and sorted.
 */
export function bundledModules(bundleFile: string): string[] {
  const text = readFileSync(bundleFile, "utf8");
  const modules = new Set<string>();
  for (const match of text.matchAll(/^\/\/ ((?:dist|node_modules)\/\S+|memscope:\S+)$/gm)) modules.add(match[1]!);
  return [...modules].sort();
}
