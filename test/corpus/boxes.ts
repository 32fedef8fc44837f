// Boxes: class instances, interfaces, object literals, records, Promise, WeakRef, Date.
// @tracked user box/class User
// @tracked point box/interface Point
// @tracked literal box/object { a: number; b: string; }
// @tracked table box/object Record<string, number>
// @tracked pending box/Promise Promise<number>
// @tracked ref box/WeakRef WeakRef<User>
// @tracked when box/Date Date
// @tracked re box/RegExp RegExp
// @tracked err box/Error Error
class User { constructor(readonly name: string) {} }
interface Point { x: number; y: number }
const user = new User("ada");
const point: Point = { x: 1, y: 2 };
const literal = { a: 1, b: "two" };
const table: Record<string, number> = { one: 1 };
const pending = Promise.resolve(5);
const ref = new WeakRef(user);
const when = new Date(0);
const re = /a+b/g;
const err = new Error("boom");
pending.then((v) => {
  console.log(user.name, point.x + point.y, literal.b, table.one, v, ref.deref() === user, when.getTime(), re.source, err.message);
});
