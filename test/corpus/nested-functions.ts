// Scope sites link to the nearest enclosing scope that has tracked bindings.
// @scope level1
// @scope level3
// @tracked a1 collection/Array number[]
// @tracked a3 collection/Array number[]
function level1(): number {
  const a1 = [1];
  function level2(): number {
    function level3(): number {
      const a3 = [3, 3, 3];
      return a3.length;
    }
    return level3() + 1;
  }
  return a1.length + level2();
}
console.log(level1());
