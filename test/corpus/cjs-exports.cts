// export syntax in a .cts file compiles to exports.x assignments.
// @tracked shared collection/Array number[]
// @tracked name string/string string
export const shared = [1, 2];
export let name = "n";
export function rename(v: string): void { name = v; }
rename("m");
console.log(shared.length, name, exports.name, Object.keys(exports).sort().join(","));
