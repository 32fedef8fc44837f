import test from "ava";
import fc from "fast-check";
import { formatCount, formatEnUs } from "../../render/format.js";

test("formatEnUs is exactly toLocaleString('en-US') for integers, doubles and the edge values", (t) => {
  const edges = [0, -0, 1, -1, 999, 1000, -1000, 999_999, 1_000_000, Number.MAX_SAFE_INTEGER, -Number.MAX_SAFE_INTEGER, 2 ** 53, 1e21, 1.5, -1234.5678, NaN, Infinity, -Infinity];
  for (const value of edges) t.is(formatEnUs(value), value.toLocaleString("en-US"), String(value));
  fc.assert(
    fc.property(fc.oneof(fc.integer(), fc.maxSafeInteger(), fc.double()), (value) => formatEnUs(value) === value.toLocaleString("en-US")),
    { numRuns: 5000 },
  );
});

test("formatCount groups thousands as before (rounded, en-US)", (t) => {
  t.is(formatCount(1_000_000), "1,000,000");
  t.is(formatCount(-12_345.6), "-12,346");
  t.is(formatCount(NaN), "n/a");
  fc.assert(fc.property(fc.double({ noNaN: true, noDefaultInfinity: true }), (value) => formatCount(value) === Math.round(value).toLocaleString("en-US")));
});
