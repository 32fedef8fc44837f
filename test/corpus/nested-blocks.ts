// Bindings in nested blocks keep block scoping and shadowing.
// @tracked outer collection/Array number[]
// @tracked inner collection/Array string[]
// @calls inner 2
function run(): string {
  const outer = [1];
  {
    const inner = ["a"];
    {
      const inner = ["b", "c"];
      outer.push(inner.length);
    }
    outer.push(inner.length);
  }
  return outer.join(",");
}
console.log(run());
{
  const x = new Set([1]);
  console.log(x.size);
}
