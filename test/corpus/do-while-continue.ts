// continue inside do/while and for with tracked bindings per iteration.
// @tracked chunk collection/Array number[]
// @calls chunk 5
let i = 0;
const out: number[] = [];
do {
  i++;
  const chunk = [i];
  if (i % 2 === 0) continue;
  out.push(...chunk);
} while (i < 5);
console.log(out.join());
