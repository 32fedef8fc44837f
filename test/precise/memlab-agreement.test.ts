import test from "ava";
import memlab from "@memlab/core";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { buildDominatorTree, retainedSizes } from "../../runtime/precise/dominators.js";
import { essentialEdges } from "../../runtime/precise/locate.js";
import { HeapSnapshotParser } from "../../runtime/precise/snapshot-parser.js";
import { runFixture } from "./child.js";

interface Output {
  self: number[];
  retained: number[];
  nodeIds: number[];
}

// One measured heap, its snapshot analysed by memlab too.
const dir = mkdtempSync(join(tmpdir(), "memscope-memlab-"));
const path = join(dir, "varied.heapsnapshot");
const out = runFixture<Output>("varied-heap", [path]);
test.after.always(() => rmSync(dir, { recursive: true, force: true }));

async function memlabSnapshot() {
  memlab.config.muteConsole = true;
  const snapshot = await memlab.utils.getSnapshotFromFile(path, { buildNodeIdIndex: true });
  new memlab.TraceFinder().calculateAllNodesRetainedSizes(snapshot);
  return snapshot;
}

test("retained sizes of the tracked objects agree within 1% with memlab on the same snapshot", async (t) => {
  const snapshot = await memlabSnapshot();
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
});

test("with no registry to exclude, every node's retained size equals memlab's", async (t) => {
  const text = readFileSync(path, "utf8");
  const parser = new HeapSnapshotParser();
  for (let i = 0; i < text.length; i += 1 << 20) parser.push(text.slice(i, i + (1 << 20)));
  const graph = parser.finish();
  const tree = buildDominatorTree({
    nodeCount: graph.nodeCount,
    root: graph.root,
    firstEdge: graph.firstEdge,
    edgeTo: graph.edgeTo,
    essential: essentialEdges(graph, []),
  });
  const ours = retainedSizes(tree, graph.nodeSelfSize);
  const snapshot = await memlabSnapshot();
  let compared = 0;
  const disagreements: string[] = [];
  snapshot.nodes.forEach((node) => {
    compared++;
    const mine = ours[node.nodeIndex];
    if (mine !== node.retainedSize && disagreements.length < 10) {
      disagreements.push(`${node.name} @${node.id}: ${mine} vs memlab ${node.retainedSize}`);
    }
  });
  t.is(compared, graph.nodeCount);
  t.deepEqual(disagreements, []);
});
