/**
 * A program shaped like transformer output: module scope, a function scope whose
 * tracked objects are dropped, and module-level bindings that retain theirs.
 * argv[2] picks how it ends.
 */
import { loadRuntime, tick } from "./runtime-url.js";

const rt = await loadRuntime();
const mode = process.argv[2] ?? "exit";
const b = rt.registerFile("programs/lifecycle.ts", [
  [0, "<module>", 1, 1, -1],
  [1, "kept", "object[]", "collection", "Array", 2, 7, 0, -1],
  [0, "work", 3, 1, 0],
  [1, "dropped", "number[]", "collection", "Array", 4, 9, 2, -1],
  [1, "droppedMap", "Map<number, number>", "collection", "Map", 5, 9, 2, -1],
  [1, "retained", "{ id: number }", "box", "object", 6, 9, 2, -1],
  [1, "label", "string", "string", "string", 7, 9, 2, -1],
]);
const m = rt.enter(b + 0);
const kept = rt.track([] as object[], b + 1, m);

function work(i: number): void {
  const s = rt.enter(b + 2);
  try {
    const dropped = rt.track(Array.from({ length: 100 }, (_, k) => k + i), b + 3, s);
    const droppedMap = rt.track(new Map([[i, i]]), b + 4, s);
    const retained = rt.track({ id: i }, b + 5, s);
    const label = rt.track(`item-${i}`, b + 6, s);
    kept.push(retained);
    void dropped.length;
    void droppedMap.size;
    void label.length;
  } finally {
    rt.exit(s);
  }
}

for (let i = 0; i < 10; i++) work(i);
await tick();

if (mode === "process-exit") process.exit(3);
if (mode === "handled-throw") {
  process.on("uncaughtException", (error) => process.stdout.write(`caught ${error.message}\n`));
  setImmediate(() => {
    throw new Error("handled");
  });
}
if (mode === "throw") throw new Error("program failure " + kept.length);
if (mode === "reject") void Promise.reject(new Error("rejected " + kept.length));
if (mode === "signal" || mode === "signal-handled") {
  const signal = (process.argv[3] ?? "SIGTERM") as NodeJS.Signals;
  if (mode === "signal-handled") {
    process.on(signal, () => {
      process.stdout.write(`handled ${signal}\n`);
      process.exit(0);
    });
  }
  setInterval(() => undefined, 1000);
  // The runtime listens for signals once its event loop has turned with the watchdog
  // running (a signal before that kills at once, as without memscope-ts).
  setTimeout(() => process.kill(process.pid, signal), 800);
}
if (mode === "exit") process.stdout.write(`done ${kept.length}\n`);
