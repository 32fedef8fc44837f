/**
 * How many of a FinalizationRegistry's targets are still alive, read from a V8 heap
 * snapshot of this thread: the synchronous exit's settle (runtime/liveness.ts) when the
 * registry's callbacks can no longer run.
 *
 * In the snapshot every registered target has a WeakCell whose edges point at its
 * registry and, while the target lives, weakly at the target (an edge named "target");
 * V8 clears that edge when the GC before the snapshot reclaims the target, and the cell
 * stays until its callback runs, which at such an exit it never will. The registry is
 * found the way precise mode finds its targets (locate.ts: an anchor holding it).
 * Which target belongs to which cell's holdings is not in the snapshot (holdings are
 * small integers, which V8 writes no node for): the answer is a count.
 *
 * Synchronous; Node built-ins only.
 */
import { takeHeapSnapshot } from "./heap-snapshot.js";
import { typeCode } from "./heap-graph.js";
import { LOCATOR_STRINGS, locateTargets, MemscopePreciseAnchor } from "./locate.js";
import { HeapSnapshotParser } from "./snapshot-parser.js";

const TARGET_EDGE = "target";
/** V8's name for WeakCell nodes (the same on V8 11 to 14). */
const CELL_NAME = "system / WeakCell";

/** Holds the anchor while the snapshot is taken; cleared right after. */
let liveAnchor: MemscopePreciseAnchor | null = null;

/** Cells of `registry` whose target is alive, and cells whose target V8 has reclaimed. Throws when no snapshot could be taken or read. */
export function countRegistryCells(registry: object): { alive: number; cleared: number } {
  const parser = new HeapSnapshotParser({ wantedStrings: [...LOCATOR_STRINGS, TARGET_EDGE, CELL_NAME] });
  liveAnchor = new MemscopePreciseAnchor([registry]);
  try {
    takeHeapSnapshot((chunk) => parser.push(chunk));
  } finally {
    liveAnchor = null;
  }
  const graph = parser.finish();
  const registryNode = locateTargets(graph, 1).nodeOf[0]!;
  if (registryNode < 0) throw new Error("the registry is not in the heap snapshot");
  const weak = typeCode(graph.edgeTypeNames, "weak");
  const targetName = graph.stringIndex.get(TARGET_EDGE);
  const cellName = graph.stringIndex.get(CELL_NAME);
  if (cellName === undefined) return { alive: 0, cleared: 0 };
  const { firstEdge, edgeTo, edgeType, edgeName } = graph;
  let alive = 0;
  let cleared = 0;
  for (let n = 0; n < graph.nodeCount; n++) {
    if (graph.nodeName[n] !== cellName) continue;
    let ofRegistry = false;
    let hasTarget = false;
    for (let e = firstEdge[n]!, end = firstEdge[n + 1]!; e < end; e++) {
      if (edgeTo[e] === registryNode && edgeType[e] !== weak) ofRegistry = true;
      else if (edgeType[e] === weak && edgeName[e] === targetName) hasTarget = true;
    }
    if (!ofRegistry) continue;
    if (hasTarget) alive++;
    else cleared++;
  }
  return { alive, cleared };
}
