// Generators: scope exit when they complete, are returned or throw.
// @tracked pending collection/Array number[]
// @tracked log collection/Array string[]
// @scope counter
const log: string[] = [];
function* counter(limit: number): Generator<number, string, number | undefined> {
  const pending = [0];
  try {
    while (pending.length <= limit) {
      const got = yield pending.length;
      if (got !== undefined) pending.push(got);
      else pending.push(0);
    }
    return "done";
  } finally {
    log.push(`finally ${pending.length}`);
  }
}
const g = counter(3);
console.log(g.next(), g.next(5), g.next(), g.next(), g.next());
const h = counter(10);
h.next();
console.log(h.return("early"));
const k = counter(10);
k.next();
try { k.throw(new TypeError("t")); } catch (e) { console.log("thrown", (e as Error).name); }
const never = counter(1);
console.log(log.join(";"), typeof never.next);
