// Bindings in a function body get the function's scope markers.
// @tracked rows collection/Array number[]
// @tracked byKey collection/Map Map<number, number>
// @scope load
// @calls rows 3
function load(n: number): number {
  const rows = Array.from({ length: n }, (_, i) => i * n);
  const byKey = new Map(rows.map((r) => [r, r * 2] as [number, number]));
  if (n === 2) return -1;
  return byKey.size + rows.length;
}
console.log(load(1), load(2), load(3));
