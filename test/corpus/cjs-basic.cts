// A CommonJS module (.cts): runtime loaded with require, exports unchanged.
// @tracked table collection/Map Map<string, number>
// @tracked words collection/Array string[]
const table = new Map<string, number>();
const words = ["one", "two"];
words.forEach((w, i) => table.set(w, i));
function lookup(w: string): number {
  const hits = [table.get(w) ?? -1];
  return hits[0]!;
}
module.exports = { lookup };
console.log(lookup("two"), typeof require, typeof module.exports.lookup);
