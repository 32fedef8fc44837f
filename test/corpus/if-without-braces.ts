// Statements without braces (if/else/loops) around bodies that declare bindings.
// @tracked acc collection/Array number[]
// @tracked word string/string string
function go(flag: boolean): string {
  const acc: number[] = [];
  if (flag) for (let i = 0; i < 3; i++) acc.push(i);
  else acc.push(-1);
  if (flag) { const word = "yes"; acc.push(word.length); }
  while (acc.length < 5) acc.push(0);
  return acc.join("|");
}
console.log(go(true), go(false));
