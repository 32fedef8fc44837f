/**
 * Build step (`npm run build`, after tsc and scripts/generate-validator): writes the
 * HTML report's page assets, then the runtime's and the export child's single-file bundles (scripts/lib/bundles.ts says
 * what goes in and why). On failure both bundles are removed and the step exits 1.
 */
import { bundleExportChild, bundlePage, bundleRuntime, bundleRuntimeCommonJs, removeBundles, writeBundles } from "./lib/bundles.js";

try {
  writeBundles([await bundlePage(), await bundleRuntime(), await bundleRuntimeCommonJs(), await bundleExportChild()]);
} catch (error) {
  removeBundles();
  process.stderr.write(`bundle: ${error instanceof Error ? error.message.split("\n")[0] : String(error)}\n`);
  process.exitCode = 1;
}
