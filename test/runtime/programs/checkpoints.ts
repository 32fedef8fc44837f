/**
 * Two exportAll() checkpoints, then the exit export: each checkpoint keeps its own
 * files, numbered in call order, and the exit export writes the final ones.
 */
import { loadRuntime } from "./runtime-url.js";

const rt = await loadRuntime();
const b = rt.registerFile("programs/checkpoints.ts", [
  [0, "<module>", 1, 1, -1],
  [1, "rows", "number[]", "collection", "Array", 2, 7, 0, -1],
]);
const m = rt.enter(b + 0);
const kept: number[][] = [];
kept.push(rt.track([1], b + 1, m));
const first = await rt.exportAll();
kept.push(rt.track([2, 2], b + 1, m));
const second = await rt.exportJson();
kept.push(rt.track([3, 3, 3], b + 1, m));
const named = await rt.exportJson({ name: "chosen" });
console.log(JSON.stringify({ first, second, named }));
