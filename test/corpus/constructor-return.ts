// A constructor returning an object, and new.target in a base constructor.
// @tracked cache collection/Map Map<string, Single>
const cache = new Map<string, Single>();
class Single {
  constructor(readonly key: string) {
    const hit = cache.get(key);
    if (hit) return hit;
    const kinds = [new.target.name];
    cache.set(key, this);
    console.log("made", key, kinds[0]);
  }
}
class Sub extends Single {}
console.log(new Single("a") === new Single("a"), new Sub("b").key, cache.size);
