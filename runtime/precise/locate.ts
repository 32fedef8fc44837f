/**
 * Finding the tracked objects in a heap snapshot.
 *
 * The targets are handed to V8 inside a registry whose node is easy to find: an
 * instance of the class `MemscopePreciseAnchor` (so it is named in DevTools too)
 * whose one, uniquely named property holds the caller's array of targets. In the
 * snapshot that is
 *   anchor --property "memscopePreciseTargets"--> Array --element i--> targets[i]
 * (the Array's backing store also points at each target through internal edges).
 *
 * The registry must not change what it measures, so every outgoing edge of the
 * anchor, the array and its backing store is treated as non-retaining. The caller's
 * array is the very array the anchor holds, so the strong references the caller
 * keeps on its stack while measuring are neutralised too.
 *
 * Why not WeakRefs: a WeakRef's edge to its target is indeed a `weak` edge named
 * "target" (test/precise checks it), but creating a WeakRef, like calling deref(),
 * adds the target to V8's keep-during-job set, which the snapshot shows as a strong
 * root: (Strong roots) --internal "weak_refs_keep_during_job"--> table --> target.
 * That set is also neutralised here: it only exists because someone (the runtime's
 * own bookkeeping at export, typically) touched a WeakRef during the current job.
 */
import type { HeapGraph } from "./heap-graph.js";
import { allNamedEdgeTargets, namedEdgeTargets, nodesWithNamedEdge, typeCode } from "./heap-graph.js";

export const ANCHOR_TARGETS_PROPERTY = "memscopePreciseTargets";
const KEEP_DURING_JOB_EDGE = "weak_refs_keep_during_job";
const ELEMENTS_EDGE = "elements";

/** Strings the parser must keep the indices of for `locateTargets`. */
export const LOCATOR_STRINGS: readonly string[] = [
  ANCHOR_TARGETS_PROPERTY,
  KEEP_DURING_JOB_EDGE,
  ELEMENTS_EDGE,
];

/** The registry itself; its class name is what `locateTargets` looks for. */
export class MemscopePreciseAnchor {
  readonly memscopePreciseTargets: readonly object[];
  constructor(targets: readonly object[]) {
    this.memscopePreciseTargets = targets;
  }
}

export interface LocatedTargets {
  /** Node ordinal of targets[i], or -1 when it is not in the snapshot. */
  readonly nodeOf: Int32Array;
  /** Nodes whose outgoing edges must not retain anything (the registry and V8's keep-during-job set). */
  readonly excluded: readonly number[];
}

export function locateTargets(graph: HeapGraph, targetCount: number): LocatedTargets {
  const nodeOf = new Int32Array(targetCount).fill(-1);
  const excluded = allNamedEdgeTargets(graph, "internal", KEEP_DURING_JOB_EDGE);

  // Only the measuring call's anchor is alive (it is dropped afterwards and the
  // snapshot collects garbage first); should another exist, the newest (highest
  // id) is ours. The anchor is recognised by its property, not by its class name,
  // so that a bundler that renames classes does not blind precise mode.
  let anchor = -1;
  let targetsArray = -1;
  for (const candidate of nodesWithNamedEdge(graph, "property", ANCHOR_TARGETS_PROPERTY)) {
    const arrays = namedEdgeTargets(graph, candidate, "property", ANCHOR_TARGETS_PROPERTY);
    if (arrays.length === 1 && (anchor < 0 || graph.nodeId[candidate]! > graph.nodeId[anchor]!)) {
      anchor = candidate;
      targetsArray = arrays[0]!;
    }
  }
  if (anchor < 0) return { nodeOf, excluded };
  excluded.push(anchor, targetsArray, ...namedEdgeTargets(graph, targetsArray, "internal", ELEMENTS_EDGE));

  const element = typeCode(graph.edgeTypeNames, "element");
  for (let e = graph.firstEdge[targetsArray]!, end = graph.firstEdge[targetsArray + 1]!; e < end; e++) {
    const index = graph.edgeName[e]!;
    if (graph.edgeType[e] === element && index < targetCount) nodeOf[index] = graph.edgeTo[e]!;
  }
  return { nodeOf, excluded };
}

/**
 * Which edges retain their target, as Chrome DevTools and memlab decide it: weak
 * edges never do; shortcut edges only from the root (there they mark the global
 * objects); and, for precise mode, nothing leaving an excluded node.
 */
export function essentialEdges(graph: HeapGraph, excluded: readonly number[]): Uint8Array {
  const weak = typeCode(graph.edgeTypeNames, "weak");
  const shortcut = typeCode(graph.edgeTypeNames, "shortcut");
  const isExcluded = new Uint8Array(graph.nodeCount);
  for (const node of excluded) isExcluded[node] = 1;
  const essential = new Uint8Array(graph.edgeCount);
  const { firstEdge, edgeType } = graph;
  for (let n = 0; n < graph.nodeCount; n++) {
    if (isExcluded[n]) continue;
    const fromRoot = n === graph.root;
    for (let e = firstEdge[n]!, end = firstEdge[n + 1]!; e < end; e++) {
      const type = edgeType[e];
      if (type !== weak && (type !== shortcut || fromRoot)) essential[e] = 1;
    }
  }
  return essential;
}
