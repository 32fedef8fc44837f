/**
 * Escaping for text that comes from user code (variable names, type text, file paths,
 * scope names) before it reaches an SVG. The same escape is safe for element text and
 * for quoted attribute values, so callers cannot pick the wrong one.
 */
const XML_ESCAPES: Record<string, string> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&apos;",
};

/**
 * Characters XML 1.0 forbids outright (most C0 controls, lone surrogates, U+FFFE/F):
 * a document containing them is not well-formed even when escaped, so they are
 * replaced by U+FFFD.
 */
// eslint-disable-next-line no-control-regex
const XML_FORBIDDEN = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

export function escapeXml(text: string): string {
  return String(text)
    .replace(XML_FORBIDDEN, "\uFFFD")
    .replace(/[&<>"']/g, (ch) => XML_ESCAPES[ch] ?? ch);
}
