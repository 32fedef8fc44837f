/** Registers argv[2] records from two sites, then grows a tracked Map across sampler ticks. */
import { loadRuntime } from "./runtime-url.js";

const rt = await loadRuntime();
const count = Number(process.argv[2] ?? "100");
const b = rt.registerFile("programs/many-records.ts", [
  [0, "<module>", 1, 1, -1],
  [1, "item", "{ i: number }", "box", "object", 2, 7, 0, -1],
  [1, "text", "string", "string", "string", 3, 7, 0, -1],
  [1, "growing", "Map<number, number>", "collection", "Map", 4, 7, 0, -1],
]);
const m = rt.enter(b + 0);
const kept: unknown[] = [];
for (let i = 0; i < count; i++) {
  kept.push(rt.track({ i }, b + 1, m));
  rt.track(`t${i}`, b + 2, m);
}
const growing = rt.track(new Map<number, number>(), b + 3, m);
// Grow until the sampler has seen at least three sizes (no timing assumptions).
let added = 0;
const timer = setInterval(() => {
  for (let i = 0; i < 50; i++) growing.set(added++, i);
  const timeline = rt.collectRaw().timeline.length;
  if (timeline >= 6 || added > 100_000) {
    clearInterval(timer);
    process.stdout.write(`kept ${kept.length}\n`);
  }
}, 5);
