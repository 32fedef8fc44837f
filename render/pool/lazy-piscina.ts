/**
 * piscina for the SVG pool (render/pool.ts), loaded on first use. pool.ts is itself
 * imported only when an export is big enough for the pool, but a static import of
 * piscina in it would become an eager import at the top of the export child's bundle
 * (piscina stays outside the bundle: inlined, it would not find its own worker
 * script), costing every export ~20 ms. Loaded with require from this file's folder:
 * unbundled and in the bundle alike, piscina comes from the package's node_modules.
 */
import { createRequire } from "node:module";
import type { Piscina } from "piscina";

let piscina: typeof Piscina | null = null;

export function loadPiscina(): typeof Piscina {
  piscina ??= (createRequire(import.meta.url)("piscina") as { Piscina: typeof Piscina }).Piscina;
  return piscina;
}
