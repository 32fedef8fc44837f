// this, arguments and new.target inside bodies that get scope markers.
// @tracked args collection/Array any[]
// @tracked seen collection/Array string[]
function plain(this: { tag: string } | void, ...rest: unknown[]): string {
  const args = Array.prototype.slice.call(arguments);
  const seen = [typeof this === "object" && this ? (this as { tag: string }).tag : "none", new.target ? "new" : "call"];
  return `${args.length}/${rest.length} ${seen.join(",")}`;
}
function Ctor(this: unknown) {
  const seen = [new.target === Ctor ? "is-ctor" : "not"];
  console.log(seen[0], arguments.length);
}
console.log(plain.call({ tag: "T" }, 1, 2), plain(), new (Ctor as unknown as new () => object)() instanceof Ctor);
class K {
  v = 7;
  method() { const seen = [String(this.v), String(arguments.length)]; return seen.join(":"); }
}
console.log(new K().method(), K.prototype.method.call({ v: 9 } as K));
