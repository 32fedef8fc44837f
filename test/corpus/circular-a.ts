// A hoisted function called through a circular import before this file's body ran.
// @nan-ok
// @tracked parts collection/Array string[]
import { fromB } from "./lib-circular-b.js";
export function describe(): string {
  const parts = ["described"];
  return parts.join();
}
console.log(fromB);
