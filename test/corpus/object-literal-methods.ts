// Object literal methods, getters, setters and super in object methods.
// @tracked pieces collection/Array string[]
// @scope describe
const proto = { describe() { return "proto"; } };
const obj = {
  __proto__: proto,
  items: ["a", "b"],
  describe(): string {
    const pieces = [super.describe(), ...this.items];
    return pieces.join("-");
  },
  get total(): number { const pieces = [...this.items]; return pieces.length; },
};
console.log(obj.describe(), obj.total, obj.describe.name);
