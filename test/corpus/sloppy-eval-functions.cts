// A sloppy CommonJS body with a direct eval: a function declaration that comes after
// other statements stays a function-level binding (before the try block, on both
// paths), so an eval'd `var` of its name replaces it as in the plain build instead of
// throwing (a block-level function is a lexical binding of its block).
// @tracked list collection/Array number[]
// @tracked early collection/Array string[]
function withEval(): string {
  const list = [1, 2];
  const before = typeof helper;
  eval("var helper = 'replaced'");
  return `${before} ${typeof helper} ${list.length}`;
  function helper(): number { return 1; }
}
function leading(): string {
  function first(): string { return "first"; }
  const early = [first()];
  return early.join("") + eval("typeof first");
}
console.log(withEval(), leading());
