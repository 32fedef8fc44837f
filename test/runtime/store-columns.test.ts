/** The store's compact columns keep every value exactly (external bytes: Uint32 plus an overflow map). */
import test from "ava";
import { Store } from "../../runtime/store.js";
import { readConfig } from "../../runtime/config.js";

test("external bytes round-trip below, at and above 2^32 - 1", (t) => {
  const store = new Store(readConfig({}, ["node", "x.js"], "/tmp"));
  const values = [0, 1, 8000, 0xfffffffe, 0xffffffff, 2 ** 32, 6 * 2 ** 30 + 3];
  values.forEach((bytes, record) => store.setExternal(record, bytes));
  t.deepEqual(values.map((_, record) => store.externalOf(record)), values);
  t.is(store.externalOverflow.size, 3, "only the values that do not fit take a map entry");
});
