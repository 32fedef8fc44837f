// Closures over tracked bindings see the same binding (mutation visible both ways).
// @tracked store collection/Map Map<string, number>
// @tracked history collection/Array number[]
// @scope makeCounter
function makeCounter(name: string) {
  const store = new Map<string, number>([[name, 0]]);
  let history: number[] = [];
  return {
    inc: () => { store.set(name, (store.get(name) ?? 0) + 1); history.push(store.get(name)!); },
    reset() { history = []; },
    read: () => `${name}=${store.get(name)} [${history.join(",")}]`,
  };
}
const a = makeCounter("a");
const b = makeCounter("b");
a.inc(); a.inc(); b.inc(); a.reset(); a.inc();
console.log(a.read(), b.read());
