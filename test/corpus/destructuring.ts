// Destructured bindings are left alone; plain bindings beside them are tracked.
// @untracked a b rest x y first others
// @tracked whole collection/Array number[]
const whole = [1, 2, 3, 4];
const [first, ...others] = whole;
const { a, b, ...rest } = { a: [1], b: "b", c: new Map(), d: 1 };
let { x, y } = { x: "x", y: [2] };
function f({ p }: { p: string[] }, [q]: number[][]) { const whole = [p, q]; return whole.length; }
console.log(first, others.length, a.length, b, Object.keys(rest).join(), x, y[0], f({ p: ["p"] }, [[1]]));
