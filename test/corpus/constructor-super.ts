// Derived constructors: bindings before and after super(), parameter properties, fields.
// @tracked before collection/Array number[]
// @tracked after collection/Set Set<number>
// @tracked own collection/Map Map<string, number>
// @scope Derived.constructor
// @scope Base.constructor
class Base {
  readonly seed: number[];
  constructor(seed: number[]) {
    const own = new Map<string, number>([["n", seed.length]]);
    this.seed = seed;
    console.log("base", own.get("n"));
  }
}
class Derived extends Base {
  field = "f";
  constructor(private readonly tag: string, public extra: number) {
    const before = [1, 2, 3];
    super(before);
    const after = new Set(this.seed);
    console.log("derived", this.tag, this.extra, this.field, after.size);
  }
}
const d = new Derived("t", 9);
console.log(d instanceof Base, (d as unknown as { tag: string }).tag, d.extra, Object.keys(d).sort().join(","));
