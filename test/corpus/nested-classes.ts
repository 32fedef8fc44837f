// Classes declared inside functions and returned.
// @tracked made collection/Array string[]
// @scope Local.make
function factory(prefix: string) {
  class Local {
    make(n: number): string { const made = Array.from({ length: n }, (_, i) => prefix + i); return made.join(); }
  }
  return new Local();
}
console.log(factory("p").make(3), factory("q").constructor.name);
