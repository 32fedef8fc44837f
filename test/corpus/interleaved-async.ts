// Two async functions interleave; each keeps its own scope instance.
// @tracked mine collection/Array string[]
// @calls mine 3
const order: string[] = [];
async function worker(name: string, delays: number[]): Promise<string> {
  const mine: string[] = [];
  for (const d of delays) {
    await new Promise((r) => setTimeout(r, d));
    mine.push(`${name}${d}`);
    order.push(name);
  }
  return mine.join("");
}
Promise.all([worker("a", [5, 1, 5]), worker("b", [1, 5, 1]), worker("c", [2, 2])]).then((r) => {
  console.log(r.join(" "), order.length);
});
