// Class field initializers holding functions with bindings; field order kept.
// @tracked parts collection/Array string[]
// @tracked Widget.label string/string string
// @untracked Widget.id Widget.next Widget.render
// @scope Widget
// @calls Widget.label 2
// @scope Widget.render
class Widget {
  static next = 1;
  id = Widget.next++;
  render = (): string => {
    const parts = ["w", String(this.id)];
    return parts.join("#");
  };
  label = this.render();
}
const w1 = new Widget();
const w2 = new Widget();
console.log(w1.label, w2.render(), Object.keys(w1).join(","), w1.render.name);
