// A clone of a binding from another file has no static source (-1); the runtime sees it.
// @tracked copy collection/Array string[]
import { labels } from "./lib-exports.js";
const copy = [...labels];
console.log(copy.join("/"));
