// Classes extending Map or Array are collections.
// @tracked counts collection/Map Counter
// @tracked stack collection/Array Stack
class Counter extends Map<string, number> {
  hit(k: string): this { return this.set(k, (this.get(k) ?? 0) + 1); }
}
class Stack extends Array<number> {
  peek(): number | undefined { return this[this.length - 1]; }
}
const counts = new Counter().hit("a").hit("a");
const stack = new Stack();
stack.push(1, 2);
console.log(counts.get("a"), stack.peek(), stack instanceof Array, counts instanceof Map);
