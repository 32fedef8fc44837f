/**
 * A long synchronous stretch, then a function-level and a module-level Map registered
 * in it and grown; then, after the sampler has ticked again, the function-level site
 * once more. Both function-level Maps stay alive to the end.
 */
import { loadRuntime } from "./runtime-url.js";

const rt = await loadRuntime();
const b = rt.registerFile("programs/long-stretch.ts", [
  [0, "<module>", 1, 1, -1],
  [0, "build", 2, 1, 0],
  [1, "temp", "Map<number, number>", "collection", "Map", 3, 9, 1, -1],
  [1, "kept", "Map<number, number>", "collection", "Map", 6, 7, 0, -1],
]);
const m = rt.enter(b + 0);
const alive: unknown[] = [];

function build(): void {
  const s = rt.enter(b + 1);
  try {
    const temp = rt.track(new Map<number, number>(), b + 2, s);
    for (let i = 0; i < 1000; i++) temp.set(i, i);
    alive.push(temp);
  } finally {
    rt.exit(s);
  }
}

const stretchEnd = Date.now() + Number(process.argv[2] ?? "400");
while (Date.now() < stretchEnd) {
  // busy: no job boundary, no sampler tick
}
build();
const kept = rt.track(new Map<number, number>(), b + 3, m);
for (let i = 0; i < 1000; i++) kept.set(i, i);

// Once the sampler has ticked (the stretch is over), the same site is watched again.
const ticked = rt.collectRaw().timeline.length;
const timer = setInterval(() => {
  if (rt.collectRaw().timeline.length < ticked + 2) return;
  clearInterval(timer);
  build();
  process.stdout.write(`alive ${alive.length} ${kept.size}\n`);
}, 5);
