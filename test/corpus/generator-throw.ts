// gen.throw() into a generator with tracked bindings and a catch.
// @tracked got collection/Array string[]
function* listener(): Generator<string, string, string> {
  const got: string[] = [];
  while (true) {
    try {
      got.push(yield got.join(","));
    } catch (e) {
      got.push(`err:${(e as Error).message}`);
      if (got.length > 2) return got.join("|");
    }
  }
}
const l = listener();
l.next();
console.log(l.next("a").value, l.throw(new Error("x")).value, l.throw(new Error("y")));
