// Deferred bindings: `let x: T;` and `let x = null as T | null` are tracked at each
// assignment of a value (`=`, `??=`, `||=`, `&&=`), the expression's value unchanged and
// short-circuits kept; assignments of null/undefined and untaken branches register nothing.
// @tracked cache collection/Map Map<string, number[]> | undefined
// @tracked current collection/Set Set<number> | null
// @tracked rows collection/Array number[][]
// @tracked label string/string string | undefined
// @untracked count
// @calls cache 1
// @calls current 2
// @calls rows 5
// @calls label 2
// @scope build
let cache: Map<string, number[]> | undefined;
let current = null as Set<number> | null;
let count: number;
function get(): Map<string, number[]> {
  cache ??= new Map([["a", [1]]]);
  return cache;
}
function build(n: number): string {
  let rows: number[][];
  rows = [];
  for (let i = 0; i < n; i++) rows = [...rows, [i]];
  let label: string | undefined;
  label ||= "n" + n;
  label &&= label + "!";
  label ??= "never";
  const seen = (rows = rows.concat([[9]])).length;
  return `${rows.length} ${label} ${seen}`;
}
count = 3;
console.log(get().size, get() === get(), (current = new Set([1])).size, (current ||= new Set([2])).size);
current = null;
console.log(current, (current ??= new Set([3, 4])).size, build(count), cache?.get("a"));
