// export default function with tracked bindings, and an anonymous default.
// @tracked listing collection/Array string[]
// @scope main
import defaultAnon from "./lib-default-anon.js";
export default function main(): string {
  const listing = ["m", "a", "i", "n"];
  return listing.join("");
}
console.log(main(), main.name, defaultAnon(), defaultAnon.name);
