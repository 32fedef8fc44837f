/**
 * On-demand snapshots of a running program: argv[2] = "api" (exportNow, twice at once),
 * "signal" (SIGUSR2 to itself, then it keeps running), "own-listener" (the program
 * handles SIGUSR2 itself), "exit" (just ends: production mode writes nothing).
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { loadRuntime } from "./runtime-url.js";

const rt = await loadRuntime();
const mode = process.argv[2] ?? "api";
const b = rt.registerFile("programs/on-demand.ts", [
  [0, "<module>", 1, 1, -1],
  [1, "cache", "Map<number, number[]>", "collection", "Map", 2, 7, 0, -1],
]);
const m = rt.enter(b);
const cache = rt.track(new Map<number, number[]>(), b + 1, m);
for (let i = 0; i < 5; i++) cache.set(i, [i]);

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

async function waitFor(file: string, ms: number): Promise<boolean> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (fs.existsSync(file)) return true;
    await sleep(20);
  }
  return false;
}

const outDir = process.env.MEMSCOPE_OUT!;
if (mode === "api") {
  const [first, second] = await Promise.all([rt.exportNow({ name: "first" }), rt.exportNow({ name: "second" })]);
  cache.set(99, [99]);
  console.log(`exported ${path.basename(first.json!)} ${path.basename(second.json!)}; still running, ${cache.size} entries`);
} else if (mode === "signal" || mode === "own-listener") {
  if (mode === "own-listener") process.on("SIGUSR2", () => console.log("the program's own SIGUSR2 handler"));
  process.kill(process.pid, "SIGUSR2");
  const wrote = await waitFor(path.join(outDir, `${process.env.MEMSCOPE_NAME}.received.json`), mode === "signal" ? 10_000 : 800);
  cache.set(100, [100]);
  console.log(`${wrote ? "snapshot written" : "no snapshot"}; still running, ${cache.size} entries`);
} else {
  console.log("done");
}
rt.exit(m);
