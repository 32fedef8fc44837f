/**
 * The HTML report's page: its script (render/html/page/, bundled by esbuild) and style,
 * and their sha256 hashes for the Content-Security-Policy, as `npm run build` writes them
 * (dist/render/html/page-assets.generated.json). Read once, on the first report.
 */
import { readFileSync } from "node:fs";
import { OutputError } from "../errors.js";
import { PAGE_ASSETS_PATH } from "../paths.js";

export interface PageAssets {
  script: string;
  style: string;
  /** "sha256-…" of script and style. */
  scriptHash: string;
  styleHash: string;
}

let loaded: PageAssets | null = null;

export function pageAssets(): PageAssets {
  if (loaded) return loaded;
  let parsed: Partial<PageAssets>;
  try {
    parsed = JSON.parse(readFileSync(PAGE_ASSETS_PATH, "utf8")) as Partial<PageAssets>;
  } catch (error) {
    throw new OutputError(`cannot write the HTML report: its page (${PAGE_ASSETS_PATH}) is missing or unreadable; run npm run build (${(error as Error).message.split("\n")[0]})`);
  }
  if (typeof parsed.script !== "string" || typeof parsed.style !== "string" || typeof parsed.scriptHash !== "string" || typeof parsed.styleHash !== "string") {
    throw new OutputError(`cannot write the HTML report: ${PAGE_ASSETS_PATH} is not what npm run build writes`);
  }
  loaded = parsed as PageAssets;
  return loaded;
}
