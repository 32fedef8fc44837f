// Private fields and methods, static private members.
// @tracked snapshot collection/Array number[]
class Vault {
  #items: number[] = [];
  static #count = 0;
  add(n: number): this { this.#items.push(n); Vault.#count++; return this; }
  #peek(): number[] { const snapshot = [...this.#items]; return snapshot; }
  report(): string { return `${this.#peek().join()} of ${Vault.#count}`; }
  static has(v: object): boolean { return #items in v; }
}
const v = new Vault().add(1).add(2);
console.log(v.report(), Vault.has(v), Vault.has({}));
