// Comma, await, yield and assignment expressions as initializers keep their order.
// @tracked seq collection/Array number[]
// @tracked awaited collection/Array string[]
// @tracked yielded dynamic/unknown any
const order: string[] = [];
function note<T>(s: string, v: T): T { order.push(s); return v; }
const seq = (note("first", 0), note("second", [1, 2]));
let target: number[] = [];
const assigned = (target = [9]);
async function load(): Promise<number> {
  const awaited = await note("await", Promise.resolve(["a"]));
  return awaited.length;
}
function* gen(): Generator<number, number, any> {
  const yielded = yield 1;
  return yielded;
}
const it = gen();
it.next();
load().then((n) => console.log(seq.join(), assigned === target, n, it.next(42).value, order.join(",")));
