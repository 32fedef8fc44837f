// for (let) in labelled loops with continue: each closure keeps its own i.
// @tracked keep collection/Array (() => number)[]
const keep: (() => number)[] = [];
loop: for (let i = 0; i < 6; i++) {
  for (let j = 0; j < 2; j++) {
    if (i % 2 === 1) continue loop;
    keep.push(() => i * 10 + j);
  }
}
console.log(keep.map((f) => f()).join(","));
