import test from "ava";
import fc from "fast-check";
import { formatCount, formatEnUs, formatRatio } from "../../render/units.js";

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

test("formatRatio past 1,000 is exactly toLocaleString('en-US', one decimal at most)", (t) => {
  const icu = (value: number): string => value.toLocaleString("en-US", { maximumFractionDigits: 1 });
  const edges = [1000, -1000, 1000.05, 1000.95, 1234.45, 1234.55, 9999.95, -9999.95, 52_631.6, 2 ** 52 + 0.5, Number.MAX_SAFE_INTEGER, 1e21, -1e300];
  for (const value of edges) t.is(formatRatio(value), icu(value), String(value));
  fc.assert(
    fc.property(
      fc.oneof(fc.double({ min: 1000, max: 1e16, noNaN: true }), fc.double({ min: -1e16, max: -1000, noNaN: true }), fc.integer({ min: 20_000, max: 200_000_000 }).map((n) => n / 20)),
      (value) => formatRatio(value) === icu(value),
    ),
    { numRuns: 5000 },
  );
  t.is(formatRatio(2.5), "2.5", "below 1,000 unchanged");
});
