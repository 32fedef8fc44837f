/** `memscope summary` on precise snapshots: the precision block and the exact/retained columns. */
import test from "ava";
import type { AllocationRecord } from "../../format/snapshot.js";
import { precisionFromIndex } from "../../render/derive/summary.js";
import { indexRecordObjects } from "../../render/derive/record-index.js";
import { precisionSection } from "../../cli/precision-report.js";
import { formatSummary } from "../../cli/summary-report.js";
import { memscope } from "./helpers/cli.js";
import { makeSnapshot, tempDir, writeSnapshot } from "./helpers/snapshots.js";

function preciseSnapshot() {
  const snapshot = makeSnapshot("app", [
    { name: "cache", line: 3, bytes: 296, subcategory: "Map" },
    { name: "rows", line: 9, bytes: 100 },
    { name: "gone", line: 12, bytes: 50, collected: true },
  ]);
  const [cache, rows, gone] = snapshot.allocations as [AllocationRecord, AllocationRecord, AllocationRecord];
  Object.assign(cache, { precise_self_bytes: 32, precise_retained_bytes: 2048 });
  Object.assign(rows, { precise_self_bytes: 80, precise_retained_bytes: 100 });
  Object.assign(gone, { precise_self_bytes: null, precise_retained_bytes: null });
  snapshot.metadata.precise = true;
  snapshot.summary.precision = precisionFromIndex(indexRecordObjects(snapshot.allocations, snapshot.relations));
  return snapshot;
}

test("summary of a precise snapshot prints the precision block (hand-computed) and exact/retained columns", (t) => {
  const text = formatSummary(preciseSnapshot(), "x.json", 10);
  // estimated 296 + 100 = 396 B, exact 32 + 80 = 112 B: +253.6%; MAPE (825% + 25%) / 2 = 425%
  t.regex(text, /^Estimate vs precise sizes \(V8 heap snapshot\)$/m);
  t.regex(text, /^  Objects measured +2$/m);
  t.regex(text, /^  Estimated size +396 B$/m);
  t.regex(text, /^  Exact self size +112 B$/m);
  t.regex(text, /^  Exact retained size +2\.1 KB$/m);
  t.regex(text, /^  Total error +\+253\.6%$/m);
  t.regex(text, /^  Mean absolute error +425\.0%$/m);
  t.regex(text, /^  collection +Map +1 +296 B +32 B +2\.0 KB +\+825\.0% +825\.0%$/m);
  t.regex(text, /^  collection +Array +1 +100 B +80 B +100 B +\+25\.0% +25\.0%$/m);
  t.regex(text, /^  variable +type +size +exact +retained +state/m);
  t.regex(text, /^  cache +number\[\] +296 B +32 B +2\.0 KB +live/m);
  t.regex(text, /^  gone +number\[\] +50 B +n\/a +n\/a +ended/m, "n/a only for the unmeasured object");
});

test("summary of a plain snapshot has no precision block and no exact/retained columns", (t) => {
  const plain = makeSnapshot("app", [{ name: "rows", line: 9, bytes: 100 }]);
  t.is(precisionSection(plain), null);
  const text = formatSummary(plain, "x.json", 10);
  t.notRegex(text, /Estimate vs precise/);
  t.notRegex(text, /\bexact\b/);
});

test("a precise run that measured nothing says so; the CLI prints the block from a written file", (t) => {
  const snapshot = preciseSnapshot();
  snapshot.summary.precision = null;
  t.regex(precisionSection(snapshot)!, /no object was measured/);
  const file = writeSnapshot(tempDir(), "app_snapshot.json", preciseSnapshot());
  const r = memscope(["summary", file]);
  t.is(r.status, 0, r.stderr);
  t.regex(r.stdout, /^  Mean absolute error +425\.0%$/m);
});
