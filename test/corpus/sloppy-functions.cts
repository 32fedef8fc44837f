// A CommonJS file: function declarations inside an instrumented body stay hoisted and
// callable before their position; arguments and parameters keep their relation.
// @tracked list collection/Array number[]
function outer(a: number, b: number): string {
  const list = [a, b];
  const early = inner();
  function inner(): string { return "inner:" + list.length; }
  arguments[0] = 9;
  return `${early} ${a} ${typeof inner}`;
}
console.log(outer(1, 2));
