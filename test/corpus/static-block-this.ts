// Static blocks using this, private statics, and a throwing static block caught outside.
// @tracked names collection/Array string[]
let captured = "";
class A {
  static #secret = "s";
  static list: string[];
  static {
    const names = ["x", A.#secret];
    this.list = names;
    captured = this.name;
  }
}
try {
  class B {
    static {
      const names = ["boom"];
      throw new EvalError(names[0]);
    }
  }
  console.log(B);
} catch (e) {
  console.log((e as Error).name, (e as Error).message);
}
console.log(A.list.join(), captured);
