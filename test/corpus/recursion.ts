// Recursion: each call has its own scope instance.
// @tracked path collection/Array number[]
// @calls path 6
function walk(n: number, acc: number[]): number[] {
  const path = [...acc, n];
  if (n === 0) return path;
  return walk(n - 1, path);
}
console.log(walk(5, []).join(">"));
