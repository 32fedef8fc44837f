// Name inference: function and class initializers are never wrapped.
// @untracked f g h k Anon Paren asArrow wrappedClass
// @tracked obj box/object { m(): number; arrow: () => number; }
const f = () => {};
const g = function () {};
const h = async function* () {};
const k = async () => 1;
const Anon = class {};
const Paren = (class {});
const asArrow = (() => 1) as () => number;
const wrappedClass = (class { static s = 1; }) satisfies { s: number };
const obj = { m() { return 1; }, arrow: () => 2 };
console.log(f.name, g.name, h.name, k.name, Anon.name, Paren.name, asArrow.name, wrappedClass.name, obj.m.name, obj.arrow.name);
let later: () => void;
later = () => {};
console.log(later.name);
