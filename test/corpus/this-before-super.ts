// Touching `this` before super() still throws the same ReferenceError.
// @tracked pre collection/Array string[]
class A { constructor() {} }
class B extends A {
  get x(): number { return 1; }
  constructor(early: boolean) {
    const pre = ["p"];
    if (early) {
      try {
        // @ts-ignore deliberate: this before super
        console.log(this.x);
      } catch (e) {
        console.log("caught", (e as Error).constructor.name, pre.length);
      }
    }
    super();
  }
}
new B(true);
new B(false);
try {
  class C extends A { constructor() { const m = new Map(); if (m.size === 0) return; super(); } }
  new C();
} catch (e) {
  console.log("no super:", (e as Error).constructor.name);
}
