// Methods (class and object literal) with tracked bindings.
// @tracked buffer collection/Array string[]
// @tracked parts collection/Array string[]
// @scope Store.render
// @scope format
class Store {
  private items = ["a", "b"];
  render(prefix: string): string {
    const buffer: string[] = [];
    for (const item of this.items) buffer.push(prefix + item);
    return buffer.join(",");
  }
}
const helpers = {
  format(v: string): string {
    const parts = v.split("");
    return parts.reverse().join("");
  },
};
console.log(new Store().render(">"), helpers.format("abc"), Store.prototype.render.name, helpers.format.name);
