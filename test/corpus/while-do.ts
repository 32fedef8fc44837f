// while and do/while bodies declare per-iteration bindings.
// @tracked chunk collection/Array number[]
// @tracked seen collection/Set Set<number>
// @calls chunk 3
// @calls seen 2
let n = 0;
const out: number[] = [];
while (n < 3) {
  const chunk = [n, n + 1];
  out.push(chunk.length + n);
  n++;
}
let m = 0;
do {
  const seen = new Set([m]);
  out.push(seen.size);
  m++;
} while (m < 2);
console.log(out.join(","));
