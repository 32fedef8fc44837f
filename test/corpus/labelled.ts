// Labelled statements, labelled break/continue.
// @tracked grid collection/Array number[][]
// @tracked found collection/Array string[]
function search(): string {
  const grid = [[1, 2], [3, 4], [5, 6]];
  const found: string[] = [];
  outer: for (const row of grid) {
    inner: for (const cell of row) {
      if (cell === 2) continue outer;
      if (cell === 5) break outer;
      if (cell === 3) continue inner;
      found.push(String(cell));
    }
  }
  block: {
    const tmp = ["t"];
    if (tmp.length > 0) break block;
    found.push("unreached");
  }
  return found.join(",");
}
console.log(search());
