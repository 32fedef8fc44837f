/**
 * Files the render code finds at run time, relative to this folder. This module stays
 * at the top of render/, beside the export child's bundle (dist/render/export-child.bundle.js),
 * so each URL is the same whether it is evaluated from tsc's module or from the bundle.
 */
import { fileURLToPath } from "node:url";

/** The piscina worker that draws one SVG. */
export const SVG_WORKER_URL = new URL("./pool/worker.js", import.meta.url);
/** The piscina worker that parses a range of the raw snapshot's record lines. */
export const PARSE_WORKER_URL = new URL("./read/parse-worker.js", import.meta.url);
export const SCHEMA_PATH = fileURLToPath(new URL("../../schema/snapshot.schema.json", import.meta.url));
/** Written by `npm run build` (scripts/generate-validator.ts). */
export const GENERATED_VALIDATOR_PATH = fileURLToPath(new URL("./snapshot-validator.generated.cjs", import.meta.url));
