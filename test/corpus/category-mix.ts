// Many categories in one function, tracked in document order.
// @tracked m collection/Map Map<string, string[]>
// @tracked s string/string string
// @tracked o box/object { k: number; }
// @tracked p box/Promise Promise<void>
// @untracked n fn
async function mix(): Promise<string> {
  const m = new Map<string, string[]>([["k", ["v"]]]);
  const s = "str";
  const o = { k: 1 };
  const n = 5;
  const fn = () => n;
  const p = Promise.resolve();
  await p;
  return `${m.get("k")} ${s} ${o.k} ${fn()}`;
}
mix().then(console.log);
