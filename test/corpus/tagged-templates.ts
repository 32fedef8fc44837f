// Tagged templates and String.raw.
// @tracked parts collection/Array string[]
// @tracked raw string/string string
function tag(strings: TemplateStringsArray, ...values: unknown[]): string {
  const parts = strings.map((s, i) => s + (values[i] ?? ""));
  return parts.join("");
}
const raw = String.raw`a\nb`;
console.log(tag`x${1}y${2}z`, raw, raw.length);
