import test from "ava";
import fc from "fast-check";
import { percentileSorted } from "../../render/derive/metrics.js";
import { kthSmallest, percentileUnsorted } from "../../render/derive/select.js";

test("percentileUnsorted equals percentileSorted on the sorted values (ties, duplicates, any p)", (t) => {
  fc.assert(
    fc.property(fc.array(fc.oneof(fc.constantFrom(0, 16, 64, 64), fc.integer({ min: 0, max: 1e9 }), fc.double({ noNaN: true, noDefaultInfinity: true })), { maxLength: 300 }), fc.double({ min: 0, max: 100, noNaN: true }), (values, p) => {
      const sorted = Float64Array.from(values).sort();
      t.is(percentileUnsorted(Float64Array.from(values), p), percentileSorted(sorted, p));
    }),
    { numRuns: 500 },
  );
});

test("kthSmallest returns each rank of sorted, reversed and constant arrays", (t) => {
  const ascending = Float64Array.from({ length: 1000 }, (_, i) => i);
  for (const k of [0, 1, 499, 998, 999]) {
    t.is(kthSmallest(Float64Array.from(ascending), k), k);
    t.is(kthSmallest(Float64Array.from(ascending).reverse(), k), k);
  }
  t.is(kthSmallest(new Float64Array(50).fill(7), 25), 7);
});
