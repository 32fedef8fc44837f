// Interleaved generators and a generator abandoned half way.
// @live-ok two generators are left suspended inside their bodies: their scopes never exit
// @tracked acc collection/Array number[]
function* evens(): Generator<number> { const acc: number[] = []; for (let i = 0; i < 6; i += 2) { acc.push(i); yield acc.length * 100 + i; } }
const a = evens();
const b = evens();
const out = [a.next().value, b.next().value, a.next().value, a.next().value, b.next().value, a.next().done];
const c = evens();
c.next();
console.log(out.join(","), [...evens()].join(","));
