/**
 * The emitted shape, exactly as docs/architecture.md describes it: runtime import after
 * the directive prologue, registerFile with the site table, `var` base and module
 * scope, track() around initializers only, enter + try/finally exit in bodies that
 * declare tracked bindings (directives stay first), nothing in bodies that do not.
 */
import test from "ava";
import * as path from "node:path";
import { buildInstrumentedModule } from "./build.js";
import { loadToolchain, TMP_ROOT, TRANSFORMER_ENTRY } from "./toolchain.js";

const SOURCE = `"use strict";
type Row = { id: number };
declare function fetchRows(): Row[];
const cache: Map<string, number[]> = new Map();
export function load(): number {
  "use strict";
  const rows = fetchRows();
  return rows.length;
}
export function untouched(n: number): number {
  const doubled = n * 2;
  return doubled;
}
`;

const EXPECTED = `"use strict";
import * as __memscope from "memscope-ts/runtime";
var __ms_b = __memscope.registerFile("src/app.ts", [
    [0, "<module>", 1, 1, -1],
    [1, "cache", "Map<string, number[]>", "collection", "Map", 4, 7, 0, -1, "allocates", 0],
    [0, "load", 5, 1, 0],
    [1, "rows", "Row[]", "collection", "Array", 7, 9, 2, -1, "call", 0]
]);
var __ms_m = __memscope.enter(__ms_b + 0);
const cache = __memscope.track(new Map(), __ms_b + 1, __ms_m);
export function load() {
    "use strict";
    const __ms_s = __memscope.enter(__ms_b + 2);
    try {
        const rows = __memscope.track(fetchRows(), __ms_b + 3, __ms_s);
        return rows.length;
    }
    finally {
        __memscope.exit(__ms_s);
    }
}
export function untouched(n) {
    const doubled = n * 2;
    return doubled;
}
`;

test("emitted code has the documented shape", (t) => {
  const { tsp } = loadToolchain();
  const { diagnostics, output } = buildInstrumentedModule(tsp, path.join(TMP_ROOT, "shape"), SOURCE, TRANSFORMER_ENTRY);
  t.deepEqual(diagnostics, []);
  t.is(output, EXPECTED);
});
