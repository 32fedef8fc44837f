/**
 * Process hooks, installed once per thread at the first registration. The program must
 * live and die exactly as it would without them: same exit code, same terminating
 * signal at the same moment, same output, and (almost) nothing its own listener
 * checks can see.
 *
 * Exit (main thread). The runtime adds no 'exit', 'beforeExit' or
 * 'uncaughtExceptionMonitor' listener (a program counting its listeners, or adding
 * ten of its own and getting a MaxListenersExceededWarning, would see it). It wraps
 * process.emit instead — Node emits every one of these through it — and exports when
 * 'exit' is emitted, before the program's own 'exit' listeners run, so a listener that
 * calls process.exit(5) cannot skip the export. A wrapper replaced by the original
 * emit later (signal-exit v3 restores the emit it captured) is put back on the next
 * heartbeat. A 'beforeExit' the program does not listen to also settles liveness
 * while the event loop can still run (settleBeforeExit).
 *
 * Signals (main thread): SIGINT and SIGTERM. A JavaScript listener is the only way to
 * export before a signal kills the process, but while one is installed the signal's
 * default action (death) is off and the listener runs only when the event loop turns.
 * So:
 * - The runtime's listener is put first. When it runs it removes itself, so the
 *   program's own listeners see exactly the listeners they would see without it
 *   (signal-exit re-raises only when its listeners are the only ones). With no other
 *   listener it exports and re-raises the signal: the default action follows. With
 *   other listeners it exports first (one of them may re-raise, and that death would
 *   leave no report), lets them run, and puts itself back if the process lives on; the
 *   next export (at exit) replaces those reports.
 * - A watchdog thread watches a heartbeat the main thread writes while its event loop
 *   turns. When the main thread is busy (a long synchronous stretch, no heartbeat for
 *   BUSY_MS), the watchdog removes the runtime's signal listeners from inside that
 *   stretch (an inspector evaluation, which V8 runs at the next interrupt check), so a
 *   signal then takes its default action at once, exactly as in the plain program:
 *   death wins over the export. The listeners come back with the next heartbeat.
 * - The listeners are on from the first registration (a test pool's SIGTERM can come
 *   within milliseconds of load); the watchdog counts a program busy from the start
 *   from that moment.
 * - A signal that arrives within BUSY_MS of a stretch's start, while the listener is on,
 *   is lost when the watchdog then takes the listener off (documented): libuv passes a
 *   caught signal to the event loop through a pipe only the loop reads, and discards
 *   what is still in it when the last listener goes (the handle closes). JavaScript can
 *   neither read that pipe nor ask whether something is in it, and no other thread can
 *   listen to signals (Node delivers them to the main thread only).
 *
 * Worker threads: post this thread's part to the main thread from 'exit'.
 */
import process from "node:process";
import { Worker } from "node:worker_threads";
import type { Store } from "./store.js";
import { exportAtExit, gatherParts } from "./exporter.js";
import { materialize } from "./collect.js";
import { postPart } from "./threads.js";
import { settleLivenessAsync } from "./liveness.js";
import { STORE_KEY } from "../format/protocol.js";
import { SafeMap, SafeSet, SharedArrayBufferCtor, atomicsAdd, atomicsStore, dateNow, killSelf } from "./intrinsics.js";

const SIGNALS = ["SIGINT", "SIGTERM"] as const;
type HookedSignal = (typeof SIGNALS)[number];

/** No heartbeat for this long: the main thread is busy and signals must kill at once. */
export const BUSY_MS = 100;
/** How often the main thread's event loop writes the heartbeat. */
export const HEARTBEAT_MS = 25;

const { apply } = Reflect;

/** What the watchdog calls on the main thread (through the inspector), kept on the store. */
export interface SignalHooks {
  /** Takes the runtime's signal listeners off: the main thread is busy. */
  quiesce(): void;
}

type StoreWithHooks = Store & { signalHooks?: SignalHooks };

export function installMainHooks(store: Store): void {
  wrapEmit(store);
  const hooks = installSignalListeners(store);
  (store as StoreWithHooks).signalHooks = hooks;
  if (store.config.watchdog) startWatchdog();
}

// ---- exit ---------------------------------------------------------------------------

interface ExitState {
  sawBeforeExit: boolean;
  sawUncaught: boolean;
  originalEmit: typeof process.emit;
  wrapped: typeof process.emit;
}

let exitState: ExitState | null = null;

function wrapEmit(store: Store): void {
  const originalEmit = process.emit;
  const state: ExitState = { sawBeforeExit: false, sawUncaught: false, originalEmit, wrapped: originalEmit };
  const wrapped = function emit(this: unknown, event: string | symbol, ...args: unknown[]): boolean {
    if (event === "exit") {
      const code = args[0];
      // An uncaught exception the program handled itself does not end the run.
      const reason = state.sawUncaught && code !== 0 ? "uncaught-exception" : state.sawBeforeExit ? "exit" : "process.exit";
      exporting(true);
      exportAtExit(store, reason);
    } else if (event === "warning" && isOurListenersWarning(args[0])) {
      return false;
    } else if (event === "beforeExit") {
      state.sawBeforeExit = true;
      settleBeforeExit(store);
    }
    else if (event === "uncaughtExceptionMonitor") state.sawUncaught = true;
    // No spread: it would call the array iterator, which the program may have replaced.
    const all: unknown[] = [event];
    for (let i = 0; i < args.length; i++) all[i + 1] = args[i];
    return apply(originalEmit, this, all) as boolean;
  } as typeof process.emit;
  state.wrapped = wrapped;
  exitState = state;
  process.emit = wrapped;
}

/** Puts the emit wrapper back if someone restored the emit it wraps. */
function keepEmitWrapped(): void {
  if (exitState !== null && process.emit === exitState.originalEmit) process.emit = exitState.wrapped;
}

// ---- signals ------------------------------------------------------------------------

const ownListeners = new SafeSet<unknown>();

/**
 * A MaxListenersExceededWarning about SIGINT/SIGTERM that only the runtime's own listener
 * caused (the program's listeners alone are within the limit): swallowed, and the
 * listener array's "warned" mark cleared, so the program's own excess still warns.
 */
function isOurListenersWarning(warning: unknown): boolean {
  try {
    const w = warning as { name?: unknown; emitter?: unknown; type?: unknown; count?: unknown };
    if (w === null || typeof w !== "object" || w.name !== "MaxListenersExceededWarning" || w.emitter !== process) return false;
    if (w.type !== "SIGINT" && w.type !== "SIGTERM") return false;
    const type = w.type;
    // Counted when the listener was added (the program may have removed them since):
    // the runtime's own listener is one of them.
    if (typeof w.count !== "number" || w.count - 1 > process.getMaxListeners()) return false;
    const events = (process as unknown as { _events?: Record<string, { warned?: boolean } | undefined> })._events;
    const list = events?.[type];
    if (list !== undefined && typeof list === "object") list.warned = false;
    return true;
  } catch {
    return false;
  }
}

/** Whether `listener` is among the signal's listeners (without Array.prototype.includes). */
function listens(signal: HookedSignal, listener: () => void): boolean {
  const current = process.listeners(signal);
  for (let i = 0; i < current.length; i++) if (current[i] === listener) return true;
  return false;
}

function installSignalListeners(store: Store): SignalHooks {
  const listeners = new SafeMap<HookedSignal, () => void>();
  // On from the first registration: a signal at any moment after load exports first
  // (a test pool's SIGTERM often comes within milliseconds). The watchdog counts a
  // program that is busy from the start from this moment (workerData.since).
  let quiesced = false;

  const install = (signal: HookedSignal): void => {
    const listener = listeners.get(signal);
    if (listener !== undefined && !listens(signal, listener)) process.prependListener(signal, listener);
  };
  const remove = (signal: HookedSignal): void => {
    const listener = listeners.get(signal);
    if (listener !== undefined) process.removeListener(signal, listener);
  };

  for (let i = 0; i < SIGNALS.length; i++) {
    const signal = SIGNALS[i]!;
    const onSignal = (): void => {
      const others = process.listenerCount(signal) - 1;
      exporting(true);
      if (others <= 0) {
        // The listener stays on through the export: a second delivery of the signal (a
        // terminal's Ctrl-C reaches the whole process group, and `memscope run` forwards
        // it once more) must not kill the process half-way through writing the reports.
        exportAtExit(store, signal);
        remove(signal);
        killSelf(signal);
        return;
      }
      remove(signal);
      // The program listens itself: its listeners decide. Export now in case one of
      // them re-raises; if the process lives on, the exit export replaces these reports.
      exportAtExit(store, signal, { checkpoint: true });
      exporting(false);
      setImmediate(() => {
        if (!quiesced) install(signal);
      }).unref();
    };
    listeners.set(signal, onSignal);
    ownListeners.add(onSignal);
    install(signal);
  }

  // The heartbeat: runs only while the event loop turns. Cell 0 counts beats, cell 1 is
  // set while the runtime exports (the watchdog then leaves the main thread alone).
  const beat = SharedArrayBufferCtor === null ? null : new Int32Array(new SharedArrayBufferCtor(8));
  const heartbeat = setInterval(() => {
    if (beat !== null) atomicsAdd(beat, 0, 1);
    keepEmitWrapped();
    if (quiesced) {
      quiesced = false;
      for (let i = 0; i < SIGNALS.length; i++) install(SIGNALS[i]!);
    }
  }, HEARTBEAT_MS);
  heartbeat.unref();
  heartbeatBuffer = beat;

  return {
    quiesce(): void {
      if (quiesced || store.exited) return;
      quiesced = true;
      for (let i = 0; i < SIGNALS.length; i++) remove(SIGNALS[i]!);
    },
  };
}

let heartbeatBuffer: Int32Array | null = null;

/** Tells the watchdog to leave the main thread alone: the export runs (a long stretch of its own). */
function exporting(on: boolean): void {
  if (heartbeatBuffer !== null) atomicsStore(heartbeatBuffer, 1, on ? 1 : 0);
}

/**
 * The watchdog: a small worker thread (no runtime in it) that reads the heartbeat and,
 * when the main thread has been busy for BUSY_MS, asks it through the inspector to
 * take its signal listeners off. Without SharedArrayBuffer or the inspector there is
 * no watchdog, and a signal during a long synchronous stretch waits for its end.
 */
const WATCHDOG_SOURCE = `
"use strict";
const { workerData } = require("node:worker_threads");
let inspector;
try { inspector = require("node:inspector"); } catch { inspector = null; }
if (inspector !== null && typeof inspector.Session === "function") {
  const beat = new Int32Array(workerData.heartbeat);
  const expression = "globalThis[Symbol.for(" + JSON.stringify(workerData.storeKey) + ")]?.signalHooks?.quiesce()";
  let last = Atomics.load(beat, 0);
  // No heartbeat yet: the main thread has been busy since the listeners went on.
  let lastChange = last === 0 ? workerData.since : Date.now();
  let asked = false;
  setInterval(() => {
    const now = Atomics.load(beat, 0);
    if (now !== last) { last = now; lastChange = Date.now(); asked = false; return; }
    if (asked || Atomics.load(beat, 1) !== 0 || Date.now() - lastChange < workerData.busyMs) return;
    asked = true;
    let session = null;
    try {
      session = new inspector.Session();
      session.connectToMainThread();
        // The request is dispatched on post; disconnecting at once keeps the session from
      // being open when the process exits (Node would print "Waiting for the debugger").
      session.post("Runtime.evaluate", { expression, silent: true });
    } catch {}
    try { if (session !== null) session.disconnect(); } catch {}
  }, workerData.busyMs / 4);
}
`;

function startWatchdog(): void {
  if (heartbeatBuffer === null) return;
  try {
    const worker = new Worker(WATCHDOG_SOURCE, {
      eval: true,
      workerData: { heartbeat: heartbeatBuffer.buffer, storeKey: STORE_KEY, busyMs: BUSY_MS, since: dateNow() },
      env: {},
      // The program's preloads (--require, --import) must not run in it.
      execArgv: [],
      stdout: true,
      stderr: true,
      resourceLimits: { maxOldGenerationSizeMb: 8, maxYoungGenerationSizeMb: 2 },
    });
    worker.unref();
    // A watchdog that fails or exits leaves the listeners on: signals then wait for a stretch's end.
    worker.on("error", () => undefined);
  } catch {
    // No worker threads here: signals during a long synchronous stretch wait for its end.
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
  if (store.settleStarted || process.listenerCount("beforeExit") !== 0) return;
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
