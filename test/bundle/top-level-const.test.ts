/**
 * restoreTopLevelConst (scripts/lib/top-level-const.ts) puts `const` back on the
 * top-level `var`s esbuild writes, only where nothing writes the name again; and the
 * runtime bundle's hot-path state is const.
 */
import test from "ava";
import * as fs from "node:fs";
import { restoreTopLevelConst } from "../../scripts/lib/top-level-const.js";
import { RUNTIME_BUNDLE } from "./helpers.js";

test("initialised, never written top-level vars become const; the code is otherwise unchanged", (t) => {
  const code = 'var a = 1;\nvar b = { x: 1 }, c = [b];\nvar Klass = class {\n};\nfunction f() {\n  b.x = 2;\n  c[0] = null;\n  return a + b.x;\n}\nexport { a, f };\n';
  const restored = restoreTopLevelConst(code);
  t.deepEqual(restored.names, ["a", "b", "c", "Klass"]);
  t.is(restored.code, code.replace(/^var /gm, "const "));
});

test("a var that is assigned, updated, destructured into, iterated into, declared twice or not initialised stays a var", (t) => {
  const cases: Record<string, string> = {
    assigned: "var x = 1;\nfunction f() { x = 2; }\n",
    compound: "var x = 1;\nfunction f() { x += 2; }\n",
    logical: "var x = null;\nfunction f() { x ??= 2; }\n",
    increment: "var x = 1;\nfunction f() { x++; }\n",
    decrement: "var x = 1;\nfunction f() { --x; }\n",
    arrayPattern: "var x = 1;\nfunction f(v) { [, x] = v; }\n",
    objectPattern: "var x = 1;\nfunction f(v) { ({ k: x } = v); }\n",
    shorthandPattern: "var x = 1;\nfunction f(v) { ({ x } = v); }\n",
    defaultInPattern: "var x = 1;\nfunction f(v) { [x = 3] = v; }\n",
    restPattern: "var x = 1;\nfunction f(v) { [...x] = v; }\n",
    forOf: "var x = 1;\nfunction f(v) { for (x of v); }\n",
    forIn: "var x = 1;\nfunction f(v) { for (x in v); }\n",
    declaredTwice: "var x = 1;\nvar x = 2;\n",
    alsoAFunction: "var x = 1;\nfunction x() {}\n",
    uninitialised: "var x;\n",
    lazyModule: "var x;\nvar init = () => { x = 1; };\n",
  };
  for (const [name, code] of Object.entries(cases)) {
    const restored = restoreTopLevelConst(code);
    t.false(restored.names.includes("x"), name);
    t.true(restored.code.startsWith("var x"), name);
  }
});

test("a statement is converted whole or not at all; inner vars and let/const are left alone", (t) => {
  const code = "var a = 1, b = 2;\nb = 3;\nlet c = 1;\nfunction f() { var d = 1; return d; }\n";
  const restored = restoreTopLevelConst(code);
  t.deepEqual(restored.names, []);
  t.is(restored.code, code);
});

test("the runtime bundle's module state read on the hot path (store, OFF) is const", (t) => {
  const text = fs.readFileSync(RUNTIME_BUNDLE, "utf8");
  t.regex(text, /^const store = sharedStore\(/m);
  t.regex(text, /^const OFF = store\.config\.off;$/m);
});
