/**
 * Tracking never runs user code and never throws: Proxies (throwing traps, revoked),
 * throwing getters, frozen and null-prototype objects, values from another vm
 * context, subclasses overriding size/length.
 */
import test from "ava";
import * as vm from "node:vm";
import { loadSandboxedRuntime } from "./in-process.js";

const { rt } = await loadSandboxedRuntime();
const base = rt.registerFile("src/hostile.ts", [
  [0, "<module>", 1, 1, -1],
  [1, "value", "unknown", "dynamic", "unknown", 2, 7, 0, -1],
  [1, "list", "unknown[]", "collection", "Array", 3, 7, 0, -1],
]);
const scope = rt.enter(base);

function trapCounter() {
  const calls: string[] = [];
  const handler: ProxyHandler<object> = {};
  for (const trap of ["get", "has", "ownKeys", "getOwnPropertyDescriptor", "getPrototypeOf", "set", "defineProperty", "deleteProperty", "apply", "construct", "isExtensible", "preventExtensions", "setPrototypeOf"] as const) {
    (handler as Record<string, unknown>)[trap] = () => {
      calls.push(trap);
      throw new Error(`trap ${trap}`);
    };
  }
  return { calls, handler };
}

function trackBoth(t: import("ava").ExecutionContext, value: unknown) {
  const before = rt.getStats().tracked;
  t.is(rt.track(value, base + 1, scope), value);
  t.is(rt.track(value, base + 2, scope), value);
  t.is(rt.getStats().tracked, before + 2, "recorded, not skipped");
}

test("Proxies with throwing traps: no trap runs", (t) => {
  for (const target of [{}, [], new Map()]) {
    const { calls, handler } = trapCounter();
    trackBoth(t, new Proxy(target, handler));
    t.deepEqual(calls, []);
  }
  // A callable proxy is a function: passed through, not recorded, no trap.
  const { calls, handler } = trapCounter();
  const callable = new Proxy(() => 0, handler);
  const before = rt.getStats().tracked;
  t.is(rt.track(callable, base + 1, scope), callable);
  t.is(rt.getStats().tracked, before);
  t.deepEqual(calls, []);
});

test("revoked proxies", (t) => {
  const { proxy, revoke } = Proxy.revocable([1, 2], {});
  revoke();
  trackBoth(t, proxy);
});

test("throwing getters (own and inherited length/size) are never called", (t) => {
  let called = 0;
  const thrower = { get length() { called++; throw new Error("length"); }, get size() { called++; throw new Error("size"); } };
  trackBoth(t, thrower);
  class EvilMap extends Map<number, number> {
    override get size(): number {
      called++;
      throw new Error("size");
    }
  }
  trackBoth(t, new EvilMap([[1, 1]]));
  const array = [1, 2, 3];
  Object.defineProperty(array, 0, { get() { called++; throw new Error("index"); } });
  trackBoth(t, array);
  t.is(called, 0);
});

test("frozen, sealed and null-prototype objects stay as they were", (t) => {
  const frozen = Object.freeze({ a: 1 });
  const sealed = Object.seal([1, 2]);
  const bare = Object.create(null) as Record<string, number>;
  bare.x = 1;
  trackBoth(t, frozen);
  trackBoth(t, sealed);
  trackBoth(t, bare);
  t.true(Object.isFrozen(frozen));
  t.true(Object.isSealed(sealed));
  t.is(Object.getPrototypeOf(bare), null);
  t.deepEqual(Object.keys(bare), ["x"]);
  t.true(Object.isExtensible(bare));
});

test("values from another vm context, with a Proxy on their prototype chain", (t) => {
  const foreign = vm.runInNewContext("({ map: new Map([[1, 2]]), array: [1, 2, 3], object: { a: 1 }, text: 'hi' })") as Record<string, unknown>;
  for (const value of Object.values(foreign)) trackBoth(t, value);
  const { calls, handler } = trapCounter();
  const child = Object.create(new Proxy({}, handler)) as object;
  trackBoth(t, child);
  t.deepEqual(calls, []);
  const raw = rt.collectRaw();
  t.truthy(raw.allocations.find((a) => a.subcategory === "Map" && a.variable_name === "value"));
});

test("objects whose toString / Symbol.toPrimitive throw", (t) => {
  const hostile = { toString() { throw new Error("toString"); }, [Symbol.toPrimitive]() { throw new Error("prim"); }, valueOf() { throw new Error("valueOf"); } };
  trackBoth(t, hostile);
  t.pass();
});
