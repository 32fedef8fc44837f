/**
 * A program shaped like transformer output for the fault-injection suite
 * (test/runtime/faults.test.ts). argv[2] picks the fault; every mode prints what a
 * user would see, so the plain and the instrumented run can be compared byte for byte.
 */
import { loadRuntime } from "./runtime-url.js";

const mode = process.argv[2] ?? "idle";

// Registered before the runtime loads: an "earlier" exit handler.
if (mode === "exit-handler-exits") {
  process.on("exit", () => {
    process.stdout.write("earlier handler\n");
    process.exit(5);
  });
}

const rt = await loadRuntime();
const b = rt.registerFile("programs/faults.ts", [
  [0, "<module>", 1, 1, -1],
  [1, "kept", "object[]", "collection", "Array", 2, 7, 0, -1],
  [0, "work", 3, 1, 0],
  [1, "rows", "number[]", "collection", "Array", 4, 9, 2, -1],
  [1, "label", "string", "string", "string", 5, 9, 2, -1],
]);
const m = rt.enter(b + 0);
const kept = rt.track([] as object[], b + 1, m);

function work(i: number): number {
  const s = rt.enter(b + 2);
  try {
    const rows = rt.track(Array.from({ length: 10 }, (_, k) => k + i), b + 3, s);
    const label = rt.track(`row-${i}`, b + 4, s);
    kept[kept.length] = rows;
    return rows.length + label.length;
  } finally {
    rt.exit(s);
  }
}

let total = 0;
for (let i = 0; i < 20; i++) total += work(i);

function idle(): void {
  setInterval(() => undefined, 1000);
}

/** Busy for `ms` on the main thread, no event loop turn. */
function busy(ms: number): void {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    // spin
  }
}

switch (mode) {
  case "idle":
    // Waits for a signal, no listener of its own.
    process.stdout.write("ready\n");
    idle();
    break;
  case "signal-exit": {
    const { onExit } = await import("signal-exit");
    onExit(() => {
      process.stdout.write("cleanup\n");
    });
    process.stdout.write("ready\n");
    idle();
    break;
  }
  case "once": {
    // Survives the first signal, dies by the second.
    const signal = (process.argv[3] ?? "SIGTERM") as NodeJS.Signals;
    process.once(signal, () => {
      process.stdout.write(`once ${signal} ${process.listenerCount(signal)}\n`);
    });
    process.stdout.write("ready\n");
    idle();
    break;
  }
  case "busy":
    // A signal during a 3 s synchronous stretch.
    process.stdout.write("ready\n");
    setTimeout(() => {
      busy(3000);
      process.stdout.write("finished\n");
    }, 50);
    break;
  case "busy-at-start":
    // The whole run is one synchronous stretch from the first registration on.
    process.stdout.write("ready\n");
    busy(3000);
    process.stdout.write("finished\n");
    break;
  case "exit-listeners": {
    // Ten listeners of its own: no MaxListenersExceededWarning, the counts it sees are its own.
    for (let i = 0; i < 10; i++) process.on("exit", () => undefined);
    for (let i = 0; i < 10; i++) process.on("SIGINT", () => undefined);
    process.stdout.write(
      `exit ${process.listenerCount("exit")} beforeExit ${process.listenerCount("beforeExit")} ` +
        `monitor ${process.listenerCount("uncaughtExceptionMonitor")} max ${process.getMaxListeners()}\n` +
        `signals SIGINT ${process.listenerCount("SIGINT")} SIGTERM ${process.listenerCount("SIGTERM")}\n`,
    );
    process.removeAllListeners("SIGINT");
    break;
  }
  case "exit-handler-exits":
    process.stdout.write(`total ${total}\n`);
    break;
  case "replaced-intrinsics":
  case "replaced-everything": {
    // Globals replaced after the runtime loaded: instrumented calls never throw into the
    // program; the export completes (the named ones) or says why in one line (the rest).
    const broken = (): never => {
      throw new Error("replaced by the program");
    };
    Number.isNaN = broken;
    Number.isInteger = broken;
    Array.isArray = broken as unknown as typeof Array.isArray;
    Math.random = broken;
    Date.now = broken;
    JSON.stringify = broken;
    String.prototype.split = broken;
    if (mode === "replaced-everything") {
      Number.isFinite = broken;
      Math.max = broken;
      Math.min = broken;
      Math.floor = broken;
      Object.keys = broken;
      String.prototype.slice = broken;
      String.prototype.indexOf = broken;
      String.prototype.replace = broken;
      Array.prototype.push = broken;
      Array.prototype.join = broken;
      Array.prototype.map = broken;
      Array.prototype.filter = broken;
    }
    let more = 0;
    for (let i = 20; i < 40; i++) more += work(i);
    process.stdout.write(`total ${total} more ${more}\n`);
    break;
  }
  case "replaced-all": {
    // Every method of the built-ins the runtime might use, replaced after load by one
    // that throws (what this program itself calls afterwards is left alone: Array.from).
    // Node's own internals do not all survive that (stream set-up, async-context
    // bookkeeping after a top-level await): stdout is made first, and the program ends
    // with process.exit() in the same job.
    const out = process.stdout;
    const broken = function broken(): never {
      throw new Error("replaced by the program");
    };
    const TypedArrayPrototype = Object.getPrototypeOf(Uint8Array.prototype) as object;
    const iteratorPrototypeOf = (value: Iterable<unknown>): object => Object.getPrototypeOf(value[Symbol.iterator]()) as object;
    const targets: object[] = [
      Array.prototype, iteratorPrototypeOf([]), String.prototype, Object, JSON, Math, Reflect, Number, Number.prototype,
      Map.prototype, iteratorPrototypeOf(new Map()), Set.prototype, iteratorPrototypeOf(new Set()), WeakMap.prototype,
      WeakSet.prototype, WeakRef.prototype, FinalizationRegistry.prototype, TypedArrayPrototype, Date, Date.prototype,
      RegExp.prototype,
    ];
    const { call, apply, bind } = Function.prototype;
    const defineProperty = Object.defineProperty;
    const getOwnPropertyDescriptor = Object.getOwnPropertyDescriptor;
    const ownKeys = Reflect.ownKeys;
    const replaced: Array<[object, PropertyKey]> = [];
    for (const target of targets) {
      for (const key of ownKeys(target)) {
        const descriptor = getOwnPropertyDescriptor(target, key);
        if (key === "constructor" || descriptor === undefined || typeof descriptor.value !== "function" || !descriptor.configurable) continue;
        replaced[replaced.length] = [target, key];
      }
    }
    for (let i = 0; i < replaced.length; i++) defineProperty(replaced[i]![0], replaced[i]![1], { value: broken, writable: true, configurable: true });
    defineProperty(Function.prototype, "call", { value: broken, writable: true, configurable: true });
    defineProperty(Function.prototype, "apply", { value: broken, writable: true, configurable: true });
    defineProperty(Function.prototype, "bind", { value: broken, writable: true, configurable: true });
    let more = 0;
    for (let i = 20; i < 40; i++) more += work(i);
    // Node's own EventEmitter calls listeners through Function.prototype.apply: without it
    // even the plain program cannot exit. Everything else stays replaced through the export.
    defineProperty(Function.prototype, "call", { value: call, writable: true, configurable: true });
    defineProperty(Function.prototype, "apply", { value: apply, writable: true, configurable: true });
    defineProperty(Function.prototype, "bind", { value: bind, writable: true, configurable: true });
    out.write(`total ${total} more ${more} replaced ${replaced.length > 250 ? "many" : replaced.length}\n`);
    process.exit(0);
    break;
  }
  case "deep": {
    // Recursion to the stack's limit, many times (bisection): RangeErrors thrown while
    // the runtime's entry points run must leave the store consistent.
    function walk(n: number): number {
      const s = rt.enter(b + 2);
      try {
        const rows = rt.track([n], b + 3, s);
        return n === 0 ? 0 : walk(n - 1) + rows.length;
      } finally {
        rt.exit(s);
      }
    }
    const maxDepth = (): number => {
      let low = 10;
      let high = 200_000;
      while (low < high) {
        const middle = Math.floor((low + high + 1) / 2);
        try {
          walk(middle);
          low = middle;
        } catch (error) {
          if (!(error instanceof RangeError)) throw error;
          high = middle - 1;
        }
      }
      return low;
    };
    // Every depth near the limit: a RangeError may come from the program's own call (the
    // stack is shallower when instrumented) or from the call of `enter` as the function
    // starts (before any of its code ran: as if its frame were larger), never from
    // `track`, from `exit` in the finally block, or from inside the runtime's code.
    const runtimeFile = new URL(process.env.MS_RUNTIME_URL!).pathname;
    const fromRuntime = (around: number): number => {
      let count = 0;
      for (let depth = around - 150; depth <= around + 150; depth++) {
        try {
          walk(depth);
        } catch (error) {
          if (!(error instanceof RangeError)) throw error;
          const top = (error.stack ?? "").split("\n")[1] ?? "";
          if (top.includes(runtimeFile) && !/^\s*at (Module\.)?enter /.test(top)) count++;
        }
      }
      return count;
    };
    const cold = maxDepth();
    const coldFromRuntime = fromRuntime(cold);
    // Once optimised, the stack runs out at other points of the runtime's code.
    for (let i = 0; i < 20_000; i++) walk(3);
    const warm = maxDepth();
    const warmFromRuntime = fromRuntime(warm);
    process.stdout.write(`deep ${cold > 1000 && warm > 1000 ? "ok" : "shallow"}\n`);
    process.stdout.write(`RangeErrors thrown inside the runtime: ${coldFromRuntime + warmFromRuntime}\n`);
    break;
  }
  default:
    process.stdout.write(`total ${total}\n`);
}
