/**
 * Process hooks, installed once per thread at the first registration.
 *
 * Main thread: export on normal exit, process.exit() and uncaught exceptions through
 * the 'exit' event ('beforeExit' and 'uncaughtExceptionMonitor' name the reason;
 * 'beforeExit' also settles liveness while the event loop can still run, see
 * settleBeforeExit; neither changes what the program does). SIGINT/SIGTERM: a listener is
 * installed; when the signal arrives and the program has no listener of its own,
 * the runtime exports, removes itself and re-raises the signal so the default
 * behaviour follows. When the program has its own listener, the runtime does
 * nothing and the program's eventual exit exports.
 *
 * Worker threads: post this thread's part to the main thread from 'exit'.
 */
import process from "node:process";
import type { Store } from "./store.js";
import { exportAtExit, gatherParts } from "./exporter.js";
import { materialize } from "./collect.js";
import { postPart } from "./threads.js";
import { settleLivenessAsync } from "./liveness.js";

const SIGNALS = ["SIGINT", "SIGTERM"] as const;

export function installMainHooks(store: Store): void {
  let sawBeforeExit = false;
  let sawUncaught = false;
  process.on("beforeExit", () => {
    sawBeforeExit = true;
    settleBeforeExit(store);
  });
  process.on("uncaughtExceptionMonitor", () => {
    sawUncaught = true;
  });
  process.on("exit", (code) => {
    // An uncaught exception the program handled itself does not end the run.
    const reason = sawUncaught && code !== 0 ? "uncaught-exception" : sawBeforeExit ? "exit" : "process.exit";
    exportAtExit(store, reason);
  });
  for (const signal of SIGNALS) {
    const onSignal = (): void => {
      if (process.listenerCount(signal) > 1) return;
      exportAtExit(store, signal);
      process.removeListener(signal, onSignal);
      process.kill(process.pid, signal);
    };
    process.on(signal, onSignal);
  }
}

/**
 * At the normal end of a program the event loop can still run once more: liveness is
 * settled asynchronously then (liveness.ts), so the 'exit' export sees every object
 * the final GC reclaimed. Only when the program has no 'beforeExit' listener of its
 * own: keeping the loop alive makes Node emit 'beforeExit' again, and the program's
 * listeners must run exactly as often as in a plain run. Otherwise (and at
 * process.exit(), uncaught exceptions, signals) the exit export settles synchronously.
 */
function settleBeforeExit(store: Store): void {
  if (store.settleStarted || process.listenerCount("beforeExit") !== 1) return;
  store.settleStarted = true;
  void settleLivenessAsync(store);
}

export function installWorkerHooks(store: Store): void {
  process.on("exit", () => {
    if (store.exited) return;
    store.exited = true;
    try {
      postPart(store, materialize(gatherParts(store, "exit", true)));
    } catch {
      store.internalErrors++;
    }
  });
}
