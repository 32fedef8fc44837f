// Destructured let/const bindings: each bound name whose type is tracked gets its own site
// and one record; parameters stay untracked (they are not declarations).
// @tracked whole collection/Array number[]
// @tracked others collection/Array number[]
// @tracked a collection/Array number[]
// @tracked b string/string string
// @tracked rest box/object { c: Map<any, any>; d: number; }
// @tracked x string/string string
// @tracked y collection/Array number[]
// @untracked first p q
// @calls others 1
// @calls rest 1
const whole = [1, 2, 3, 4];
const [first, ...others] = whole;
const { a, b, ...rest } = { a: [1], b: "b", c: new Map(), d: 1 };
let { x, y } = { x: "x", y: [2] };
function f({ p }: { p: string[] }, [q]: number[][]) { const whole = [p, q]; return whole.length; }
console.log(first, others.length, a.length, b, Object.keys(rest).join(), x, y[0], f({ p: ["p"] }, [[1]]));
