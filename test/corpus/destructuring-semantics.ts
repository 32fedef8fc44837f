// Destructuring keeps the language's own order: getters called once, iterators consumed
// exactly as far as plain code does (return() called the same), defaults evaluated only
// for undefined, TDZ and errors at the same point with the same message; per-iteration
// bindings in loops, switch cases, nested and renamed patterns, exported patterns.
// @tracked head collection/Array number[]
// @tracked tail collection/Tuple [number[], number[]]
// @tracked deep string/string string
// @tracked dflt collection/Map Map<string, number>
// @tracked item collection/Array string[]
// @tracked picked collection/Set Set<number>
// @tracked exported collection/Array string[]
// @tracked fromGen collection/Array number[]
// @scope consume
// @calls item 3
// @calls dflt 1
const log: string[] = [];
function* numbers(): Generator<number[], void, undefined> {
  try {
    for (let i = 0; i < 5; i++) {
      log.push("yield" + i);
      yield [i];
    }
  } finally {
    log.push("return");
  }
}
const [fromGen, , third] = numbers();
const source = {
  get head(): number[] { log.push("get head"); return [1]; },
  get nested() { log.push("get nested"); return { inner: { deep: "d" }, maybe: undefined as Map<string, number> | undefined }; },
};
const { head, nested: { inner: { deep }, maybe: dflt = (log.push("default"), new Map([["k", 1]])) } } = source;
const [h2 = (log.push("unused default"), [0])] = [[7]];
const [first, ...tail] = [[1], [2], [3]];
export const [exported] = [["e"]];
function consume(rows: string[][]): string {
  const out: string[] = [];
  for (const row of rows) {
    const [...item] = row;
    out.push(item.join(""));
  }
  switch (rows.length) {
    case 3: {
      const { size, ...picked } = { size: 1 } as { size: number } & Record<string, never>;
      out.push(String(size) + Object.keys(picked).length);
      break;
    }
  }
  return out.join("|");
}
const { picked } = { picked: new Set([1, 2]) };
try {
  const { missing: { deeper } } = {} as { missing: { deeper: number[] } };
  console.log(deeper);
} catch (e) {
  console.log("threw", (e as Error).constructor.name, (e as Error).message);
}
try {
  const [z] = 5 as unknown as number[];
  console.log(z);
} catch (e) {
  console.log("threw", (e as Error).constructor.name, (e as Error).message);
}
try {
  // TDZ: the default reads the binding being declared.
  const { tdz = readTdz() } = {} as { tdz?: number[] };
  function readTdz(): number[] { return tdz; }
  console.log(tdz);
} catch (e) {
  console.log("threw", (e as Error).constructor.name, (e as Error).message);
}
console.log(fromGen, third, head, deep, dflt.size, h2, first, tail.length, exported, consume([["a"], ["b", "c"], []]), picked.size);
console.log(log.join(","));
