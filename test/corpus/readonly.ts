// Readonly collections and const tuples are collections too.
// @tracked frozen collection/Array readonly number[]
// @tracked roMap collection/Map ReadonlyMap<string, number>
// @tracked roSet collection/Set ReadonlySet<string>
// @tracked tuple collection/Tuple readonly [1, "two", true]
// @tracked roArr collection/Array ReadonlyArray<string>
const frozen: readonly number[] = [3, 1, 2];
const roMap: ReadonlyMap<string, number> = new Map([["a", 1]]);
const roSet: ReadonlySet<string> = new Set(["s"]);
const tuple = [1, "two", true] as const;
const roArr: ReadonlyArray<string> = ["q"];
console.log([...frozen].sort().join(), roMap.get("a"), roSet.has("s"), tuple[1], roArr[0]);
