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
import { buildDominatorTree, retainedSizes } from "./dominators.js";
import type { HeapGraph } from "./heap-graph.js";
import { takeHeapSnapshot } from "./heap-snapshot.js";
import { essentialEdges, LOCATOR_STRINGS, locateTargets, MemscopePreciseAnchor } from "./locate.js";
import { HeapSnapshotParser } from "./snapshot-parser.js";

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
}

export interface PreciseResult {
  /** Shallow size in bytes of targets[i]; NaN when it could not be located. */
  self: Float64Array;
  /** Retained size in bytes of targets[i] (itself plus all it dominates); NaN when not located. */
  retained: Float64Array;
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
  const { self, retained } = measurePreciseDetailed(targets, options);
  return { self, retained };
}

/** measurePrecise plus what tests and benchmarks need to cross-check it. */
export function measurePreciseDetailed(
  targets: readonly object[],
  options: PreciseDetailOptions = {},
): PreciseDetails {
  if (targets.length === 0) {
    return { self: new Float64Array(0), retained: new Float64Array(0), nodeIds: new Float64Array(0), nodeCount: 0, edgeCount: 0 };
  }
  const report = safeProgress(options.onProgress);
  const graph = readOwnHeap(targets, report, options.copySnapshotTo);
  const located = locateTargets(graph, targets.length);
  const tree = buildDominatorTree(
    {
      nodeCount: graph.nodeCount,
      root: graph.root,
      firstEdge: graph.firstEdge,
      edgeTo: graph.edgeTo,
      essential: essentialEdges(graph, located.excluded),
    },
    report && ((done, total) => report("dominators", done, total)),
  );
  const retainedByNode = retainedSizes(tree, graph.nodeSelfSize);

  const self = new Float64Array(targets.length).fill(Number.NaN);
  const retained = new Float64Array(targets.length).fill(Number.NaN);
  const nodeIds = new Float64Array(targets.length).fill(Number.NaN);
  for (let i = 0; i < targets.length; i++) {
    const node = located.nodeOf[i]!;
    if (node < 0) continue;
    self[i] = graph.nodeSelfSize[node]!;
    retained[i] = retainedByNode[node]!;
    nodeIds[i] = graph.nodeId[node]!;
  }
  return { self, retained, nodeIds, nodeCount: graph.nodeCount, edgeCount: graph.edgeCount };
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
): HeapGraph {
  const parser = new HeapSnapshotParser({
    wantedStrings: LOCATOR_STRINGS,
    onProgress: report && ((done, total) => report("parse", done, total)),
  });
  const copy = copySnapshotTo === undefined ? null : openCopy(copySnapshotTo);
  let copied = false;
  liveAnchor = new MemscopePreciseAnchor(targets);
  let streaming = false;
  try {
    report?.("snapshot", 0, 1);
    takeHeapSnapshot((chunk) => {
      if (!streaming) {
        streaming = true;
        report?.("snapshot", 1, 1);
      }
      if (copy) writeSync(copy.fd, chunk);
      parser.push(chunk);
    });
    copied = true;
  } finally {
    liveAnchor = null;
    if (copy) copy.finish(copied);
  }
  return parser.finish();
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
