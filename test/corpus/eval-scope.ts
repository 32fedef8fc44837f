// Direct eval still sees the tracked bindings of the enclosing body.
// @tracked data collection/Array number[]
// @tracked word string/string string
function viaEval(): unknown {
  const data = [1, 2, 3];
  const word = "w";
  return eval("data.length + word");
}
function completion(): unknown {
  const data = [4];
  return eval("outer: for (const x of data) { x * 2; break outer; }");
}
console.log(viaEval(), completion());
