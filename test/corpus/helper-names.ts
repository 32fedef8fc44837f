// User names equal to the emitted locals' preferred names (__memscope, __ms_b, __ms_m,
// __ms_s, __ms_c) are never shadowed and never clash: the emitted ones get other names.
// @tracked list collection/Array number[]
// @tracked __ms_s string/string string
// @tracked Holder.items collection/Array string[]
const __ms_s = "outer";
const __ms_b = 10;
const __memscope = { note: "user" };
let __ms_c = 0;
function show(): string {
  const list = [1];
  return __ms_s + list.length;
}
function param(__ms_m: string): string {
  const list = [2, 3];
  return __ms_m + list.length + __ms_b;
}
class Holder {
  items = ["i"];
  count = ++__ms_c;
}
console.log(show(), param("p"), __memscope.note, new Holder().items.length, __ms_c);
