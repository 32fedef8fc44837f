/** MEMSCOPE=off at run time: pass-through, no hooks, nothing recorded. */
import test from "ava";
import { loadSandboxedRuntime } from "./in-process.js";
import { STORE_KEY } from "../../format/protocol.js";

const listenersBefore = ["SIGINT", "SIGTERM", "uncaughtExceptionMonitor"].map((e) => process.listenerCount(e));
const { rt } = await loadSandboxedRuntime({ MEMSCOPE: "off" });

test("every entry point is a pass-through and installs nothing", (t) => {
  const base = rt.registerFile("src/off.ts", [[0, "<module>", 1, 1, -1], [1, "x", "number[]", "collection", "Array", 2, 7, 0, -1]]);
  const scope = rt.enter(base);
  const value = [1, 2];
  t.is(rt.track(value, base + 1, scope), value);
  t.is(rt.trackVar(value, "x"), value);
  rt.exit(scope);
  t.deepEqual(rt.getStats(), { tracked: 0, live: 0, liveBytes: 0, dropped: 0, sites: 0 });
  const listenersAfter = ["SIGINT", "SIGTERM", "uncaughtExceptionMonitor"].map((e) => process.listenerCount(e));
  t.deepEqual(listenersAfter, listenersBefore);
  // (exit/beforeExit listeners are ava's to change; the store says nothing started.)
  const store = (globalThis as unknown as Record<symbol, { started: boolean } | undefined>)[Symbol.for(STORE_KEY)];
  t.is(store?.started, false);
});
