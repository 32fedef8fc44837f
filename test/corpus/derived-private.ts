// Derived classes with #private fields and accessors: TS inserts their initialisation
// after super(), which now sits inside our try block (downlevelled at ES2017).
// @skip esm-esnext-bundler
// @tracked before collection/Array string[]
// @tracked after collection/Map Map<string, number>
// @scope Child.constructor
class Parent {
  constructor(readonly label: string) {}
}
class Child extends Parent {
  #count = 1;
  static #instances = 0;
  accessor note = "n";
  constructor(label: string) {
    const before = [label, "child"];
    super(before.join("-"));
    const after = new Map([[this.label, this.#count]]);
    Child.#instances++;
    console.log(after.get(this.label), Child.#instances, this.note);
  }
  get count(): number { return this.#count; }
}
const c = new Child("x");
console.log(c.label, c.count, new Child("y").count);
