// Symbols, bigints and booleans stay untracked; wrappers are boxes.
// @untracked s b t
// @tracked wrappedNum box/Number Number
// @tracked wrappedBool box/Boolean Boolean
const s = Symbol.for("k");
const b = BigInt(2) ** BigInt(64);
const t = s.description === "k";
const wrappedNum = new Number(5);
const wrappedBool = new Boolean(false);
console.log(String(s), b.toString(), t, wrappedNum.valueOf(), wrappedBool.valueOf());
