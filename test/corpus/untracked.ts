// Numbers, booleans, bigint, undefined, null, symbols, functions and classes are not tracked.
// @untracked n flag big nothing empty sym fn arrow K C asyncFn
// @tracked label string/string string
const n = 42;
const flag = true;
const big = BigInt(10);
const nothing = undefined;
const empty = null;
const sym = Symbol("s");
const fn = function named() { return 1; };
const arrow = (x: number) => x * 2;
const K = class {};
class C {}
const asyncFn = async () => 1;
const label = `${n}-${flag}-${big}`;
console.log(label, nothing, empty, sym.toString(), fn.name, arrow.name, K.name, C.name, asyncFn.name, arrow(2));
