// `using` declarations are left alone (their disposal order must not change).
// @skip esm-esnext-bundler
// @untracked res
// @tracked log collection/Array string[]
const log: string[] = [];
function resource(name: string) {
  return { name, [Symbol.dispose]() { log.push(`dispose ${name}`); } };
}
function work(): void {
  using res = resource("r1");
  const other = [res.name];
  log.push(`use ${other[0]}`);
}
work();
console.log(log.join("; "));
