/**
 * The report as one self-contained HTML file: the page's script and style inline (built
 * into page-assets.generated.js by `npm run build`), the model as JSON in a
 * `<script type="application/json">` (never executed; `<`, `>`, `&` and the JavaScript
 * line separators escaped, so no text in it can close the element), and a
 * Content-Security-Policy that allows the page's own script and style (by hash) and
 * nothing else: no network, no other script, no frames, no forms.
 */
import { escapeXml } from "../draw/escape.js";
import type { HtmlModel } from "./model.js";
import { PAGE_SCRIPT, PAGE_SCRIPT_HASH, PAGE_STYLE, PAGE_STYLE_HASH } from "./page-assets.generated.js";

export const CONTENT_SECURITY_POLICY =
  `default-src 'none'; script-src '${PAGE_SCRIPT_HASH}'; style-src '${PAGE_STYLE_HASH}'; img-src data:; ` +
  `base-uri 'none'; form-action 'none'`;

/** JSON that is safe inside a script element: nothing in it can read as markup. */
export function scriptSafeJson(value: unknown): string {
  return JSON.stringify(value).replace(/[<>&\u2028\u2029]/g, (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, "0")}`);
}

export function htmlDocument(model: HtmlModel): string {
  const title = model.diff ? `memscope diff · ${model.strings[model.diff.baseName]} → ${model.strings[model.diff.headName]}` : `memscope report · ${model.facts.name}`;
  return (
    `<!doctype html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n` +
    `<meta http-equiv="Content-Security-Policy" content="${CONTENT_SECURITY_POLICY}">\n` +
    `<meta name="referrer" content="no-referrer">\n` +
    `<meta name="viewport" content="width=device-width, initial-scale=1">\n` +
    `<title>${escapeXml(title)}</title>\n` +
    `<style>${PAGE_STYLE}</style>\n</head>\n<body>\n` +
    `<noscript><p class="noscript">This report is an interactive page: it needs JavaScript (its own inline script, nothing from the network).</p></noscript>\n` +
    `<div id="app" aria-live="polite"></div>\n` +
    `<script type="application/json" id="memscope-data">${scriptSafeJson(model)}</script>\n` +
    `<script>${PAGE_SCRIPT}</script>\n</body>\n</html>\n`
  );
}
