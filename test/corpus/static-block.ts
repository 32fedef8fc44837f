// Class static blocks are scopes of their own; `this` is the class.
// @tracked table collection/Map Map<string, number>
// @scope Registry.<static>
class Registry {
  static entries: number;
  static names: string[] = [];
  static {
    const table = new Map<string, number>([["a", 1], ["b", 2]]);
    this.entries = table.size;
    for (const k of table.keys()) this.names.push(k);
  }
}
console.log(Registry.entries, Registry.names.join(""));
