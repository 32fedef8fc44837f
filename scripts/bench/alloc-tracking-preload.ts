/**
 * Peer tool for the benchmarks: V8 allocation tracking through the inspector, the
 * engine behind Chrome DevTools' "Allocation instrumentation on timeline". Loaded into
 * the measured program with `node --import <this file>`; it starts tracking before the
 * program runs and, when the program is done, stops tracking and writes the resulting
 * heap snapshot (with allocation stacks) to $BENCH_ALLOC_OUT, as a user of that tool
 * would get it.
 *
 * While tracking, V8's heap-stats timer keeps the event loop alive forever, so "done"
 * cannot be the natural exit: an unref'd poll stops tracking once the loop has nothing
 * left of the program's own (no ref'd timers, sockets, servers or requests; stdio pipes
 * do not count). A program that calls process.exit() is handled in the 'exit' event.
 * An in-thread inspector session dispatches synchronously, so both paths are sync.
 */
import { closeSync, openSync, writeSync } from "node:fs";
import { Session } from "node:inspector";

const outPath = process.env.BENCH_ALLOC_OUT;
const stdioResources = new Set(["PipeWrap", "TTYWrap"]);
const session = new Session();
let tracking = true;

function stopAndWrite(): void {
  if (!tracking) return;
  tracking = false;
  clearInterval(idlePoll);
  const fd = outPath ? openSync(outPath, "w") : null;
  session.on("HeapProfiler.addHeapSnapshotChunk", (message) => {
    if (fd !== null) writeSync(fd, message.params.chunk);
  });
  session.post("HeapProfiler.stopTrackingHeapObjects", { reportProgress: false });
  if (fd !== null) closeSync(fd);
  session.disconnect();
}

let idlePolls = 0;
const idlePoll = setInterval(() => {
  const busy = process.getActiveResourcesInfo().some((resource) => !stdioResources.has(resource));
  idlePolls = busy ? 0 : idlePolls + 1;
  if (idlePolls >= 2) stopAndWrite();
}, 20);
idlePoll.unref();

session.connect();
session.post("HeapProfiler.enable");
session.post("HeapProfiler.startTrackingHeapObjects", { trackAllocations: true });
process.on("exit", stopAndWrite);
