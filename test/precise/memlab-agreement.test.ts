import test from "ava";
import memlab from "@memlab/core";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runFixture } from "./child.js";

interface Output {
  self: number[];
  retained: number[];
  nodeIds: number[];
}

test("retained sizes agree within 1% with memlab on the same snapshot", async (t) => {
  const dir = mkdtempSync(join(tmpdir(), "memscope-memlab-"));
  try {
    const path = join(dir, "varied.heapsnapshot");
    const out = runFixture<Output>("varied-heap", [path]);
    memlab.config.muteConsole = true;
    const snapshot = await memlab.utils.getSnapshotFromFile(path, { buildNodeIdIndex: true });
    new memlab.TraceFinder().calculateAllNodesRetainedSizes(snapshot);
    t.true(out.nodeIds.length > 200);
    const disagreements: string[] = [];
    out.nodeIds.forEach((id, i) => {
      const node = snapshot.getNodeById(id);
      if (!node) {
        disagreements.push(`#${i} @${id}: not in memlab's snapshot`);
        return;
      }
      if (node.self_size !== out.self[i]) disagreements.push(`#${i} @${id}: self ${out.self[i]} vs ${node.self_size}`);
      const ours = out.retained[i]!;
      if (!(Math.abs(ours - node.retainedSize) <= 0.01 * node.retainedSize)) {
        disagreements.push(`#${i} @${id} ${node.name}: retained ${ours} vs memlab ${node.retainedSize}`);
      }
    });
    t.deepEqual(disagreements, []);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
