/**
 * piscina, loaded on first use. Loading it costs the export child ~20 ms, and only
 * exports big enough for worker threads need it (render/pool.ts past 250,000 records,
 * render/export-read.ts past the schema sample), so a small export never pays.
 * Loaded with require from this file's folder: unbundled and in the export child's
 * bundle alike, piscina comes from the package's node_modules, where its own
 * worker script sits beside it.
 */
import { createRequire } from "node:module";
import type { Piscina } from "piscina";

let piscina: typeof Piscina | null = null;

export function loadPiscina(): typeof Piscina {
  piscina ??= (createRequire(import.meta.url)("piscina") as { Piscina: typeof Piscina }).Piscina;
  return piscina;
}
