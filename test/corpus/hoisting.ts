// Function declarations and vars stay hoisted inside instrumented bodies.
// @tracked out collection/Array string[]
function outer(): string {
  const out: string[] = [];
  // @ts-ignore deliberate read of a hoisted var before its assignment
  out.push(helper(), String(v));
  var v = 3;
  out.push(String(v));
  function helper(): string { return typeof later; }
  function later() {}
  return out.join(",");
}
console.log(outer(), typeof outer);
