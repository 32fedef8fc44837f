// Clone initializers record their source binding's site.
// @tracked source collection/Array number[]
// @clone spread source
// @clone sliced source
// @clone fromArr source
// @clone cloned source
// @clone mapCopy base
// @clone setCopy ids
// @clone objCopy conf
// @untracked notClone
const source = [1, 2, 3];
const base = new Map([["a", 1]]);
const ids = new Set([1, 2]);
const conf = { depth: 2 };
const spread = [...source];
const sliced = source.slice();
const fromArr = Array.from(source);
const cloned = structuredClone(source);
const mapCopy = new Map(base);
const setCopy = new Set(ids);
const objCopy = { ...conf };
const notClone = source.length;
function inner(): number {
  const again = [...spread];
  return again.length;
}
console.log(spread.length, sliced.length, fromArr.length, cloned.length, mapCopy.size, setCopy.size, objCopy.depth, notClone, inner());
