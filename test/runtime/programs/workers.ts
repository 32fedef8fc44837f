/** Main thread plus four workers, each recording its own part. */
import { Worker, isMainThread, threadId } from "node:worker_threads";
import { fileURLToPath } from "node:url";
import { loadRuntime } from "./runtime-url.js";

const rt = await loadRuntime();
const b = rt.registerFile("programs/workers.ts", [
  [0, "<module>", 1, 1, -1],
  [1, "rows", "number[]", "collection", "Array", 2, 7, 0, -1],
]);
const m = rt.enter(b + 0);
const rows = rt.track([threadId], b + 1, m);
for (let i = 0; i < 5 + threadId; i++) rt.track([i, threadId], b + 1, m);

if (isMainThread) {
  const exits: Array<Promise<void>> = [];
  for (let i = 0; i < 4; i++) {
    const worker = new Worker(fileURLToPath(import.meta.url), { env: process.env });
    exits.push(new Promise((resolve) => worker.on("exit", () => resolve())));
  }
  await Promise.all(exits);
  process.stdout.write(`main done ${rows.length}\n`);
}
