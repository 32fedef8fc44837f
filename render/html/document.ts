/**
 * The report as one self-contained HTML file: the page's script and style inline (built
 * by `npm run build`, page-assets.ts), the model as JSON in a
 * `<script type="application/json">` (never executed; `<`, `>`, `&` and the JavaScript
 * line separators escaped, so no text in it can close the element), and a
 * Content-Security-Policy that allows the page's own script and style (by hash) and
 * nothing else: no network, no other script, no frames, no forms.
 */
import { escapeXml } from "../draw/escape.js";
import type { HtmlModel } from "./model.js";
import { pageAssets } from "./page-assets.js";

/** Only the page's own script and style (by hash); nothing from anywhere else. */
export function contentSecurityPolicy(): string {
  const { scriptHash, styleHash } = pageAssets();
  return `default-src 'none'; script-src '${scriptHash}'; style-src '${styleHash}'; img-src data:; base-uri 'none'; form-action 'none'`;
}

/** JSON that is safe inside a script element: nothing in it can read as markup. */
export function scriptSafeJson(value: unknown): string {
  return JSON.stringify(value).replace(/[<>&\u2028\u2029]/g, (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, "0")}`);
}

export function htmlDocument(model: HtmlModel): string {
  const page = pageAssets();
  const title = model.diff ? `memscope diff · ${model.strings[model.diff.baseName]} → ${model.strings[model.diff.headName]}` : `memscope report · ${model.facts.name}`;
  return (
    `<!doctype html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n` +
    `<meta http-equiv="Content-Security-Policy" content="${contentSecurityPolicy()}">\n` +
    `<meta name="referrer" content="no-referrer">\n` +
    `<meta name="viewport" content="width=device-width, initial-scale=1">\n` +
    `<title>${escapeXml(title)}</title>\n` +
    `<style>${page.style}</style>\n</head>\n<body>\n` +
    `<noscript><p class="noscript">This report is an interactive page: it needs JavaScript (its own inline script, nothing from the network).</p></noscript>\n` +
    `<div id="app" aria-live="polite"></div>\n` +
    `<script type="application/json" id="memscope-data">${scriptSafeJson(model)}</script>\n` +
    `<script>${page.script}</script>\n</body>\n</html>\n`
  );
}
