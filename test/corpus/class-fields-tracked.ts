// Class fields with initializers, instance and static, #private, accessor, named
// Class.field and scoped to the class; parameter properties, initialisation order,
// subclasses, Object.keys and own property names exactly as plain. (ESNext output keeps
// `accessor`, which Node 20 cannot parse.)
// @skip esm-esnext-bundler
// @tracked Cache.registry collection/Array Cache[]
// @tracked Cache.entries collection/Map Map<string, number[]>
// @tracked Cache.#secret box/object { key: string; }
// @tracked Cache.names collection/Array string[]
// @tracked Cache.title string/string string
// @tracked Counted.extra collection/Set Set<number>
// @untracked Cache.id Cache.next Cache.tag Cache.render
// @scope Cache
// @scope Counted
// @calls Cache.entries 3
// @calls Cache.registry 1
// @calls Counted.extra 1
const order: string[] = [];
function note<T>(label: string, value: T): T {
  order.push(label);
  return value;
}
class Cache {
  static next = 1;
  static registry: Cache[] = note("registry", []);
  id = Cache.next++;
  private entries = note("entries", new Map<string, number[]>([["id", [this.id]]]));
  #secret = note("secret", { key: "s" + this.id });
  accessor names: string[] = note("names", ["a"]);
  title = note("title", `cache ${this.id}`);
  render = (): string => `${this.title}:${this.entries.size}:${this.#secret.key}:${this.names.length}`;
  constructor(public tag: string[] = note("tag", ["t"])) {
    order.push("ctor " + Object.keys(this).join("+"));
    Cache.registry.push(this);
  }
}
class Counted extends Cache {
  extra = note("extra", new Set([this.id]));
  constructor() {
    order.push("before super");
    super(["sub"]);
    order.push("after super " + this.extra.size);
  }
}
const one = new Cache();
const two = new Counted();
const three = new Cache(["x"]);
console.log(one.render(), two.render(), three.tag, Object.keys(two).join(), Object.getOwnPropertyNames(Cache).join(), Cache.registry.length);
console.log(order.join(", "), one.render.name);
