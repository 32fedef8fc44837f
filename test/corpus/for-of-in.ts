// for...of / for...in head bindings are not tracked (they alias elements of an already
// tracked collection and would record once per element); bindings in the body are.
// @tracked list collection/Array string[][]
// @tracked upper collection/Array string[]
// @untracked row key
// @calls upper 2
const list = [["a", "b"], ["c"]];
for (const row of list) {
  const upper = row.map((s) => s.toUpperCase());
  console.log(upper.join(""));
}
const obj = { p: 1, q: 2 };
for (const key in obj) console.log(key);
for (const [i, row] of list.entries()) console.log(i, row.length);
