// Generics: unconstrained type parameters are dynamic; constraints decide otherwise.
// @tracked held dynamic/unknown T
// @tracked text string/string S
// @tracked items collection/Array A
// @tracked boxed collection/Array T[]
function keep<T>(value: T): T { const held: T = value; return held; }
function shout<S extends string>(s: S): string { const text: S = s; return text.toUpperCase(); }
function count<A extends unknown[]>(xs: A): number { const items: A = xs; return items.length; }
function wrap<T>(v: T): T[] { const boxed: T[] = [v]; return boxed; }
console.log(keep(new Map()).size, shout("hi"), count([1, 2]), wrap(3).length, keep(5));
