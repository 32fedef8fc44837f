// for (let ...) keeps one binding per iteration: closures see their own iteration.
// @tracked fns collection/Array (() => string)[]
// @tracked tag string/string string
// @tracked bucket collection/Array number[]
// @calls bucket 4
// @calls tag 1
function make(): string {
  const fns: (() => string)[] = [];
  for (let i = 0, tag = "it"; i < 4; i++) {
    const bucket = [i, i * i];
    fns.push(() => `${tag}${i}:${bucket.join("/")}`);
  }
  return fns.map((f) => f()).join(" ");
}
console.log(make());
