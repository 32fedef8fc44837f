// Getters and setters with tracked bindings.
// @tracked parts collection/Array string[]
// @tracked incoming collection/Array string[]
// @scope get Person.full
// @scope set Person.full
class Person {
  first = "Ada";
  last = "Lovelace";
  get full(): string {
    const parts = [this.first, this.last];
    return parts.join(" ");
  }
  set full(value: string) {
    const incoming = value.split(" ");
    this.first = incoming[0] ?? "";
    this.last = incoming[1] ?? "";
  }
}
const p = new Person();
console.log(p.full);
p.full = "Grace Hopper";
console.log(p.first, p.last, p.full);
const desc = Object.getOwnPropertyDescriptor(Person.prototype, "full")!;
console.log(desc.get!.name, desc.set!.name);
