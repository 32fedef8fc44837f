// Async functions: scope exit when the promise settles, results and rejections unchanged.
// @tracked parts collection/Array string[]
// @tracked bad collection/Map Map<string, string>
// @scope fetchAll
async function fetchAll(n: number): Promise<string> {
  const parts: string[] = [];
  for (let i = 0; i < n; i++) parts.push(await Promise.resolve(`p${i}`));
  return parts.join("");
}
async function fails(): Promise<never> {
  const bad = new Map([["k", "v"]]);
  await null;
  throw new RangeError(`bad ${bad.size}`);
}
fetchAll(3).then(console.log);
fails().catch((e: Error) => console.log(e.name, e.message));
