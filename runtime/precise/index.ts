/**
 * Precise mode: exact shallow and retained sizes of tracked objects, from a V8 heap
 * snapshot taken in-process (MEMSCOPE_PRECISE=1 at export).
 *
 * Synchronous from start to end, so it can run inside a process 'exit' handler:
 * the snapshot is written by V8 to a temporary file and read back
 * (heap-snapshot.ts), parsed as it streams (snapshot-parser.ts), the targets
 * are found through a registry object (locate.ts), and retained sizes come from
 * the dominator tree over retaining edges (dominators.ts).
 *
 * Node built-ins only: this runs inside the user's process.
 */
import { closeSync, openSync, renameSync, unlinkSync, writeSync } from "node:fs";
import { buildDominatorTree, exclusiveRetained, retainedSizes } from "./dominators.js";
import type { HeapGraph } from "./heap-graph.js";
import { takeHeapSnapshot } from "./heap-snapshot.js";
import { essentialEdges, LOCATOR_STRINGS, locateTargets, MemscopePreciseAnchor } from "./locate.js";
import { HeapSnapshotParser } from "./snapshot-parser.js";
import type { RetainerStep } from "../../format/snapshot.js";
import { describePath, edgePathTo, findStackRoots, shortestRetainers, stringsOfPaths, type EdgePath } from "./retainers.js";
import { pickStrings } from "./string-picker.js";

export { SnapshotFormatError } from "./snapshot-parser.js";
export { SnapshotUnavailableError } from "./heap-snapshot.js";

/** Phases reported to `onProgress`, in order. */
export type PrecisePhase = "snapshot" | "parse" | "dominators";

export interface PreciseOptions {
  /**
   * Called as the work advances: "snapshot" (0/1 when V8 starts building it, 1/1 when
   * its text starts streaming), "parse" (values of the nodes and edges arrays read),
   * "dominators" (nodes processed).
   */
  onProgress?: (phase: PrecisePhase, done: number, total: number) => void;
  /** Retainer paths to find (none when absent). */
  paths?: PathRequest;
}

export interface PreciseResult {
  /** Shallow size in bytes of targets[i]; NaN when it could not be located. */
  self: Float64Array;
  /** Retained size in bytes of targets[i] (itself plus all it dominates); NaN when not located. */
  retained: Float64Array;
  /** The part of retained[i] no other target's retained size counts (exclusiveRetained); NaN when not located. */
  exclusive: Float64Array;
  /** Retainer paths asked for by `PathRequest`, by target index (absent: not asked, not reached, or over the limit). */
  paths: Map<number, RetainerPathOf>;
}

/** A retainer path of one target: steps from the root down, the middle of a long one left out. */
export interface RetainerPathOf {
  steps: RetainerStep[];
  omitted: number;
}

/** Which targets get a retainer path: up to `max`, the `preferred` ones first, each group by retained size. */
export interface PathRequest {
  /** 1 for targets[i] whose holder is wanted first (objects that outlived their scope). */
  preferred: Uint8Array;
  max: number;
  /** Record id of targets[i], to name the tracked objects a path passes through. */
  recordIds: ArrayLike<number>;
  /** V8's tagged slot and FixedArray header sizes (Map/Set entry names). */
  tagged: number;
  arrayHeader: number;
}

export interface PreciseDetails extends PreciseResult {
  /** V8 snapshot node id of targets[i]; NaN when not located. */
  nodeIds: Float64Array;
  nodeCount: number;
  edgeCount: number;
}

export interface PreciseDetailOptions extends PreciseOptions {
  /** Also write the snapshot text to this file (atomically), for comparison with other tools. */
  copySnapshotTo?: string;
}

/** Holds the registry while the snapshot is taken; cleared right after. */
let liveAnchor: MemscopePreciseAnchor | null = null;

/**
 * Exact shallow and retained sizes of `targets` (result index i is targets[i]).
 * Throws SnapshotUnavailableError / SnapshotFormatError when no snapshot could be
 * taken or read; the caller decides how to degrade.
 */
export function measurePrecise(targets: readonly object[], options: PreciseOptions = {}): PreciseResult {
  const { self, retained, exclusive, paths } = measurePreciseDetailed(targets, options);
  return { self, retained, exclusive, paths };
}

/** measurePrecise plus what tests and benchmarks need to cross-check it. */
export function measurePreciseDetailed(
  targets: readonly object[],
  options: PreciseDetailOptions = {},
): PreciseDetails {
  if (targets.length === 0) {
    return { self: new Float64Array(0), retained: new Float64Array(0), exclusive: new Float64Array(0), paths: new Map(), nodeIds: new Float64Array(0), nodeCount: 0, edgeCount: 0 };
  }
  const report = safeProgress(options.onProgress);
  let paths = new Map<number, RetainerPathOf>();
  let retainedByNode: Float64Array = new Float64Array(0);
  let exclusive: Float64Array = new Float64Array(0);
  let located: ReturnType<typeof locateTargets> | null = null;
  // Everything runs while the snapshot file still exists: the paths' strings are read back from it.
  const graph = readOwnHeap(targets, report, options.copySnapshotTo, (file, graph, stringsFrom) => {
    located = locateTargets(graph, targets.length);
    const essential = essentialEdges(graph, located.excluded);
    const tree = buildDominatorTree(
      { nodeCount: graph.nodeCount, root: graph.root, firstEdge: graph.firstEdge, edgeTo: graph.edgeTo, essential },
      report && ((done, total) => report("dominators", done, total)),
    );
    retainedByNode = retainedSizes(tree, graph.nodeSelfSize);
    exclusive = exclusiveRetained(tree, retainedByNode, located.nodeOf);
    if (options.paths && options.paths.max > 0) {
      paths = findPaths(graph, essential, located.nodeOf, retainedByNode, options.paths, file, stringsFrom);
    }
  });
  if (located === null) throw new Error("the heap snapshot was read but not measured");
  const nodeOf = (located as ReturnType<typeof locateTargets>).nodeOf;

  const self = new Float64Array(targets.length).fill(Number.NaN);
  const retained = new Float64Array(targets.length).fill(Number.NaN);
  const nodeIds = new Float64Array(targets.length).fill(Number.NaN);
  for (let i = 0; i < targets.length; i++) {
    const node = nodeOf[i]!;
    if (node < 0) continue;
    self[i] = graph.nodeSelfSize[node]!;
    retained[i] = retainedByNode[node]!;
    nodeIds[i] = graph.nodeId[node]!;
  }
  return { self, retained, exclusive, paths, nodeIds, nodeCount: graph.nodeCount, edgeCount: graph.edgeCount };
}

/** Retainer paths of the requested targets (retainers.ts), their strings read back from `file`. */
function findPaths(
  graph: HeapGraph,
  essential: Uint8Array,
  nodeOf: Int32Array,
  retainedByNode: Float64Array,
  request: PathRequest,
  file: string,
  stringsFrom: number,
): Map<number, RetainerPathOf> {
  const chosen: number[] = [];
  for (let i = 0; i < nodeOf.length; i++) if (nodeOf[i]! >= 0) chosen.push(i);
  chosen.sort((a, b) => (request.preferred[b]! - request.preferred[a]!) || retainedByNode[nodeOf[b]!]! - retainedByNode[nodeOf[a]!]! || a - b);
  chosen.length = Math.min(chosen.length, request.max);

  const recordOfNode = new Map<number, number>();
  for (let i = 0; i < nodeOf.length; i++) if (nodeOf[i]! >= 0 && !recordOfNode.has(nodeOf[i]!)) recordOfNode.set(nodeOf[i]!, request.recordIds[i]!);

  // The root's synthetic children's names are needed before the search (to find the stack).
  const rootNames = new Set<number>();
  for (let e = graph.firstEdge[graph.root]!; e < graph.firstEdge[graph.root + 1]!; e++) {
    const to = graph.edgeTo[e]!;
    rootNames.add(graph.nodeName[to]!);
    for (let f = graph.firstEdge[to]!; f < graph.firstEdge[to + 1]!; f++) rootNames.add(graph.nodeName[graph.edgeTo[f]!]!);
  }
  const rootTexts = pickStrings(file, stringsFrom, rootNames);
  const stackRoots = findStackRoots(graph, (node) => rootTexts.get(graph.nodeName[node]!));
  const tree = shortestRetainers(graph, essential, stackRoots);

  const edgePaths: Array<EdgePath | null> = chosen.map((i) => edgePathTo(tree, nodeOf[i]!, graph.root));
  const wanted = new Set<number>();
  stringsOfPaths(graph, edgePaths, wanted);
  const texts = pickStrings(file, stringsFrom, wanted);
  const context = {
    graph,
    text: (index: number) => texts.get(index) ?? "",
    recordAt: (node: number) => recordOfNode.get(node) ?? null,
    tagged: request.tagged,
    arrayHeader: request.arrayHeader,
  };
  const paths = new Map<number, RetainerPathOf>();
  for (let k = 0; k < chosen.length; k++) {
    const path = edgePaths[k];
    if (path) paths.set(chosen[k]!, { steps: describePath(context, path), omitted: path.omitted });
  }
  return paths;
}

/** A progress callback that cannot break the measurement (a failing display is ignored). */
function safeProgress(onProgress: PreciseOptions["onProgress"]): PreciseOptions["onProgress"] {
  if (!onProgress) return undefined;
  return (phase, done, total) => {
    try {
      onProgress(phase, done, total);
    } catch {
      // the measurement matters more than its progress display
    }
  };
}

/** Snapshots this thread's heap with `targets` registered, parsing it as it streams. */
function readOwnHeap(
  targets: readonly object[],
  report: PreciseOptions["onProgress"],
  copySnapshotTo: string | undefined,
  measure: (file: string, graph: HeapGraph, stringsFrom: number) => void,
): HeapGraph {
  const parser = new HeapSnapshotParser({
    wantedStrings: LOCATOR_STRINGS,
    onProgress: report && ((done, total) => report("parse", done, total)),
  });
  const copy = copySnapshotTo === undefined ? null : openCopy(copySnapshotTo);
  let copied = false;
  liveAnchor = new MemscopePreciseAnchor(targets);
  let streaming = false;
  let graph: HeapGraph | null = null;
  // The start of the chunk before the one in which the string table begins: its
  // `"strings":[` may straddle the two.
  let previousChunkAt = 0;
  let stringsFrom = -1;
  try {
    report?.("snapshot", 0, 1);
    takeHeapSnapshot(
      (chunk, byteOffset) => {
        if (!streaming) {
          streaming = true;
          report?.("snapshot", 1, 1);
        }
        if (copy) writeSync(copy.fd, chunk);
        parser.push(chunk);
        if (stringsFrom < 0 && parser.reachedStrings) stringsFrom = previousChunkAt;
        previousChunkAt = byteOffset;
      },
      undefined,
      (file) => {
        liveAnchor = null;
        graph = parser.finish();
        measure(file, graph, Math.max(0, stringsFrom));
      },
    );
    copied = true;
  } finally {
    liveAnchor = null;
    if (copy) copy.finish(copied);
  }
  if (graph === null) throw new Error("the heap snapshot was not read");
  return graph;
}

function openCopy(path: string): { fd: number; finish(keep: boolean): void } {
  const temp = `${path}.${process.pid}.tmp`;
  const fd = openSync(temp, "w");
  return {
    fd,
    finish(keep) {
      closeSync(fd);
      if (keep) renameSync(temp, path);
      else unlinkSync(temp);
    },
  };
}
