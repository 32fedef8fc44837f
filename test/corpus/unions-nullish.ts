// Unions are classified by their non-nullish members.
// @tracked maybeName string/string string | undefined
// @tracked maybeMap collection/Map Map<string, number> | null
// @tracked list collection/Array number[] | undefined
// @untracked count
function find(key: string): string | undefined { return key === "a" ? "alpha" : undefined; }
const maybeName = find("a");
const maybeMap: Map<string, number> | null = Math.random() < 2 ? new Map([["a", 1]]) : null;
const list: number[] | undefined = [1, 2];
const count: number | undefined = list?.length;
console.log(maybeName, maybeMap?.get("a"), list?.[1], count);
