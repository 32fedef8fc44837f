import test from "ava";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { measurePrecise } from "../../runtime/precise/index.js";
import { runFixture } from "./child.js";
import { readJsonSnapshot } from "./snapshot-json.js";

const dir = mkdtempSync(join(tmpdir(), "memscope-precise-"));
test.after.always(() => rmSync(dir, { recursive: true, force: true }));

test("nothing to measure takes no snapshot and returns empty results", (t) => {
  const result = measurePrecise([], { onProgress: () => t.fail("no work expected") });
  t.is(result.self.length, 0);
  t.is(result.retained.length, 0);
});

test("takeHeapSnapshot hands over the whole snapshot before it returns and removes its temporary file", (t) => {
  const out = runFixture<{ chunks: number; chunksAfterReturn: number; startsLikeASnapshot: boolean; endsLikeJson: boolean; leftover: string[] }>("snapshot-sync");
  t.true(out.chunks > 1);
  t.is(out.chunksAfterReturn, 0);
  t.true(out.startsLikeASnapshot);
  t.true(out.endsLikeJson);
  t.deepEqual(out.leftover, []);
});

interface ExitOutput {
  code: number;
  self: number;
  retained: number;
  nodeId: number;
  phases: string[];
}

for (const how of ["natural", "process.exit"] as const) {
  test(`measurePrecise works inside a process 'exit' handler (${how})`, (t) => {
    const path = join(dir, `exit-${how}.heapsnapshot`);
    const out = runFixture<ExitOutput>("exit-handler", [how, path], how === "process.exit" ? 3 : 0);
    t.is(out.code, how === "process.exit" ? 3 : 0);
    t.deepEqual(out.phases, ["snapshot", "parse", "dominators"]);
    const snap = readJsonSnapshot(path);
    const holder = snap.byId(out.nodeId);
    t.is(holder.name, "ExitHolder");
    t.is(out.self, holder.selfSize);
    // holder -> its Array -> the Array's elements store (1000 doubles): all private to it.
    const array = snap.follow(holder.ordinal, "data");
    const elements = snap.follow(array.ordinal, "elements", "internal");
    t.true(elements.selfSize >= 8000);
    t.is(out.retained, holder.selfSize + array.selfSize + elements.selfSize);
  });
}
