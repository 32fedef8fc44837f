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
  return scriptSafe(JSON.stringify(value));
}

function scriptSafe(json: string): string {
  return json.replace(/[<>&\u2028\u2029]/g, (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, "0")}`);
}

/** The document, in pieces: what writeStreamAtomic writes without one string of the whole file. */
export function* htmlDocumentPieces(model: HtmlModel): Generator<string> {
  const page = pageAssets();
  const title = model.diff ? `memscope diff · ${model.strings[model.diff.baseName]} → ${model.strings[model.diff.headName]}` : `memscope report · ${model.facts.name}`;
  yield `<!doctype html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n` +
    `<meta http-equiv="Content-Security-Policy" content="${contentSecurityPolicy()}">\n` +
    `<meta name="referrer" content="no-referrer">\n` +
    `<meta name="viewport" content="width=device-width, initial-scale=1">\n` +
    `<title>${escapeXml(title)}</title>\n` +
    `<style>${page.style}</style>\n</head>\n<body>\n` +
    `<noscript><p class="noscript">This report is an interactive page: it needs JavaScript (its own inline script, nothing from the network).</p></noscript>\n` +
    `<div id="app" aria-live="polite"></div>\n` +
    `<script type="application/json" id="memscope-data">`;
  // The escaping is per character, so escaping each piece escapes the whole.
  for (const piece of jsonPieces(model, 2)) yield scriptSafe(piece);
  yield `</script>\n<script>${page.script}</script>\n</body>\n</html>\n`;
}

export function htmlDocument(model: HtmlModel): string {
  return [...htmlDocumentPieces(model)].join("");
}

/** Elements of a long array serialised per piece. */
const ELEMENTS_PER_PIECE = 1024;

/**
 * JSON.stringify's text of `value`, in pieces: objects down to `depth` levels key by
 * key, long arrays a run of elements at a time (the model's tables: strings, sites,
 * instance columns), anything else in one piece.
 */
function* jsonPieces(value: unknown, depth: number): Generator<string> {
  if (Array.isArray(value)) {
    if (value.length <= ELEMENTS_PER_PIECE) {
      yield JSON.stringify(value);
      return;
    }
    for (let from = 0; from < value.length; from += ELEMENTS_PER_PIECE) {
      const run = value.slice(from, from + ELEMENTS_PER_PIECE).map((element: unknown) => JSON.stringify(element) ?? "null");
      yield `${from === 0 ? "[" : ","}${run.join(",")}`;
    }
    yield "]";
    return;
  }
  if (depth === 0 || value === null || typeof value !== "object" || typeof (value as { toJSON?: unknown }).toJSON === "function") {
    yield JSON.stringify(value);
    return;
  }
  let first = true;
  for (const [key, member] of Object.entries(value)) {
    if (member === undefined || typeof member === "function" || typeof member === "symbol") continue;
    yield `${first ? "{" : ","}${JSON.stringify(key)}:`;
    first = false;
    yield* jsonPieces(member, depth - 1);
  }
  yield first ? "{}" : "}";
}
