import test from "ava";
import fc from "fast-check";
import { ms, msJson } from "../../runtime/collect.js";

test("msJson(v) is exactly String(ms(v)) for run times, huge, negative and non-finite values", (t) => {
  const edges = [0, -0, 0.0004, 0.0005, -0.0004, 0.001, 0.1, 0.5, 1, 1.0005, 999.9995, 12.3456789, 1e9 + 0.123, 999_999_999_999.999, 1e12, 1e15, 1e21, -1.5, NaN, Infinity, -Infinity, Number.MAX_VALUE, Number.MIN_VALUE];
  for (const value of edges) t.is(msJson(value), String(ms(value)), String(value));
  const check = (value: number): boolean => msJson(value) === String(ms(value));
  fc.assert(fc.property(fc.double({ min: 0, max: 86_400_000 }), check), { numRuns: 20_000 });
  fc.assert(fc.property(fc.double(), check), { numRuns: 20_000 });
  fc.assert(fc.property(fc.integer({ min: 0, max: 2 ** 50 }), (micros) => check(micros / 1000)), { numRuns: 20_000 });
});
