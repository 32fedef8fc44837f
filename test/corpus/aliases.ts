// Type aliases resolve to what they name; the text keeps the alias.
// @tracked index collection/Map Index
// @tracked names collection/Array Names
// @tracked id string/string Id
// @tracked rec box/object Rec
type Index = Map<string, Set<number>>;
type Names = readonly string[];
type Id = string;
type Rec = { id: Id; tags: Names };
const index: Index = new Map([["a", new Set([1])]]);
const names: Names = ["x", "y"];
const id: Id = "u1";
const rec: Rec = { id, tags: names };
console.log(index.get("a")?.has(1), names.length, id, rec.tags.join("+"));
