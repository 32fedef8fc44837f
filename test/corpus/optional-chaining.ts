// Initializers with ?., ?? and conditional expressions.
// @tracked list collection/Array number[]
// @tracked label string/string string
interface Cfg { list?: number[]; label?: string }
function read(cfg: Cfg | undefined): string {
  const list = cfg?.list ?? [0];
  const label = cfg?.label ? cfg.label : "none";
  return `${label}:${list.join()}`;
}
console.log(read(undefined), read({ list: [1, 2] }), read({ label: "L" }));
