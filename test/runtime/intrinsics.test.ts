/**
 * The built-ins the runtime captured at load: withIntrinsics() puts back what a program
 * replaced, for the work's duration only; the Safe collections keep the load-time methods.
 * (Each test replaces a built-in and restores it before it ends: ava runs in this process.)
 */
import test from "ava";
import { SafeMap, SafeSet, SafeWeakMap, append, withIntrinsics } from "../../runtime/intrinsics.js";

function replaced<T extends object, K extends keyof T>(target: T, key: K, value: unknown, work: () => void): void {
  const original = Object.getOwnPropertyDescriptor(target, key)!;
  Object.defineProperty(target, key, { value, writable: true, configurable: true });
  try {
    work();
  } finally {
    Object.defineProperty(target, key, original);
  }
}

const broken = (): never => {
  throw new Error("replaced by the program");
};

test.serial("withIntrinsics: the load-time method inside, the program's replacement again after", (t) => {
  replaced(Array.prototype, "join", broken, () => {
    t.is(
      withIntrinsics(() => ["a", "b"].join("-")),
      "a-b",
    );
    t.throws(() => ["a", "b"].join("-"), { message: "replaced by the program" });
    t.true((Array.prototype.join as unknown) === broken);
  });
});

test.serial("withIntrinsics: a replaced global namespace (JSON) and a replaced accessor (Map.prototype.size) are put back, then restored", (t) => {
  const json = JSON;
  const fake = { stringify: broken, parse: broken };
  replaced(globalThis, "JSON" as keyof typeof globalThis, fake, () => {
    t.is(
      withIntrinsics(() => JSON.stringify({ a: 1 })),
      '{"a":1}',
    );
    t.is(globalThis.JSON as unknown, fake);
  });
  t.is(globalThis.JSON, json);
  const size = Object.getOwnPropertyDescriptor(Map.prototype, "size")!;
  Object.defineProperty(Map.prototype, "size", { get: broken, configurable: true });
  try {
    t.is(
      withIntrinsics(() => new Map([[1, 2]]).size),
      1,
    );
    t.throws(() => new Map().size);
  } finally {
    Object.defineProperty(Map.prototype, "size", size);
  }
});

test.serial("withIntrinsics: the program's replacements come back when the work throws", (t) => {
  replaced(String.prototype, "slice", broken, () => {
    t.throws(
      () =>
        withIntrinsics(() => {
          throw new Error("work failed");
        }),
      { message: "work failed" },
    );
    t.true((String.prototype.slice as unknown) === broken);
  });
});

test.serial("Safe collections keep the methods of load time", (t) => {
  const map = new SafeMap<string, number>();
  const weak = new SafeWeakMap<object, number>();
  const set = new SafeSet<number>();
  const key = {};
  // Read inside, compared after: ava's own assertions use the replaced built-ins.
  let seen = "";
  replaced(Map.prototype, "set", broken, () =>
    replaced(Map.prototype, "get", broken, () =>
      replaced(WeakMap.prototype, "get", broken, () =>
        replaced(Set.prototype, "add", broken, () =>
          replaced(Array.prototype, "push", broken, () => {
            map.set("a", 1);
            weak.set(key, 2);
            set.add(3);
            const list: number[] = [];
            append(list, 4);
            seen = `${map.get("a")} ${weak.get(key)} ${set.has(3)} ${list[0]}`;
          }),
        ),
      ),
    ),
  );
  t.is(seen, "1 2 true 4");
});

// Last: it freezes a replacement into Math for the rest of this test file's process.
test.serial("withIntrinsics: a replacement the program froze stays (the work's own error says so), the rest is put back", (t) => {
  Object.defineProperty(Math, "hypot", { value: broken, writable: false, configurable: false });
  replaced(Array.prototype, "join", broken, () => {
    t.is(
      withIntrinsics(() => ["x", "y"].join("")),
      "xy",
    );
    t.throws(() => withIntrinsics(() => Math.hypot(3, 4)), { message: "replaced by the program" });
    t.true((Array.prototype.join as unknown) === broken);
  });
});
