/**
 * Who holds a tracked object: one retainer path per object, from the snapshot's root to
 * the object, over the edges that retain (the same essential edges the dominator tree
 * uses).
 *
 * One breadth-first search from the root gives every node its shortest retainer
 * (O(nodes + edges), two typed arrays), so the work does not grow with the number of
 * paths asked for; each path is then read back up the parent edges, at most
 * `MAX_PATH_STEPS` of them kept. The search first avoids "(Stack roots)": at export
 * the program's own frames are gone and what is left on the stack is the runtime's, so
 * a path through the heap explains a leak and a path through the stack does not; nodes
 * only the stack reaches get their path through it in a second round.
 *
 * The snapshot's strings are not kept by the parser (a large heap has millions), so
 * paths are first built as edge and node indices, the string indices they need are
 * collected, and the caller resolves just those (string-picker.ts) before
 * `describePath` turns each into readable steps.
 */
import type { RetainerStep } from "../../format/snapshot.js";
import type { HeapGraph } from "./heap-graph.js";
import { typeCode } from "./heap-graph.js";

/** Steps kept per path: the first `KEPT_FROM_ROOT` and the last ones, the middle counted as omitted. */
export const MAX_PATH_STEPS = 24;
const KEPT_FROM_ROOT = 4;
/** Longest node or edge name kept in a step (a string node's name is its text). */
export const MAX_NAME_CHARS = 80;

const STACK_ROOTS = "(Stack roots)";

/** The shortest essential retainer edge of every node (-1: the root, or unreachable). */
export interface RetainerTree {
  readonly parentEdge: Int32Array;
  readonly parentNode: Int32Array;
}

export function shortestRetainers(graph: HeapGraph, essential: Uint8Array, stackRoots: number): RetainerTree {
  const { nodeCount, firstEdge, edgeTo } = graph;
  const parentEdge = new Int32Array(nodeCount).fill(-1);
  const parentNode = new Int32Array(nodeCount).fill(-1);
  const queue = new Uint32Array(nodeCount);
  const seen = new Uint8Array(nodeCount);
  let head = 0;
  let tail = 0;
  seen[graph.root] = 1;
  queue[tail++] = graph.root;
  const searchFrom = (avoidStack: boolean): void => {
    while (head < tail) {
      const node = queue[head++]!;
      if (avoidStack && node === stackRoots) continue;
      for (let e = firstEdge[node]!, end = firstEdge[node + 1]!; e < end; e++) {
        if (essential[e] === 0) continue;
        const to = edgeTo[e]!;
        if (seen[to] === 1) continue;
        seen[to] = 1;
        parentEdge[to] = e;
        parentNode[to] = node;
        queue[tail++] = to;
      }
    }
  };
  searchFrom(true);
  if (stackRoots >= 0 && seen[stackRoots] === 1) {
    queue[tail++] = stackRoots;
    searchFrom(false);
  }
  return { parentEdge, parentNode };
}

/** The ordinal of "(Stack roots)" among the root's synthetic children, or -1. */
export function findStackRoots(graph: HeapGraph, nodeNamed: (node: number) => string | undefined): number {
  const synthetic = typeCode(graph.nodeTypeNames, "synthetic");
  const seen = new Set<number>();
  const visit = [graph.root];
  // The synthetic roots are within two steps of the root: root → (GC roots) → (Stack roots).
  for (let depth = 0; depth < 2; depth++) {
    const next: number[] = [];
    for (const node of visit) {
      for (let e = graph.firstEdge[node]!, end = graph.firstEdge[node + 1]!; e < end; e++) {
        const to = graph.edgeTo[e]!;
        if (graph.nodeType[to] !== synthetic || seen.has(to)) continue;
        seen.add(to);
        if (nodeNamed(to) === STACK_ROOTS) return to;
        next.push(to);
      }
    }
    visit.splice(0, visit.length, ...next);
  }
  return -1;
}

/** A path as edge ordinals from the root down, with how many were left out of the middle. */
export interface EdgePath {
  readonly edges: number[];
  readonly nodes: number[];
  readonly omitted: number;
}

/** The path to `node`, or null when the root does not reach it. */
export function edgePathTo(tree: RetainerTree, node: number, root: number): EdgePath | null {
  if (node !== root && tree.parentEdge[node]! < 0) return null;
  const edges: number[] = [];
  const nodes: number[] = [];
  for (let at = node; at !== root; at = tree.parentNode[at]!) {
    edges.push(tree.parentEdge[at]!);
    nodes.push(at);
  }
  edges.reverse();
  nodes.reverse();
  if (edges.length <= MAX_PATH_STEPS) return { edges, nodes, omitted: 0 };
  const tailLength = MAX_PATH_STEPS - KEPT_FROM_ROOT;
  const omitted = edges.length - MAX_PATH_STEPS;
  return {
    edges: [...edges.slice(0, KEPT_FROM_ROOT), ...edges.slice(edges.length - tailLength)],
    nodes: [...nodes.slice(0, KEPT_FROM_ROOT), ...nodes.slice(nodes.length - tailLength)],
    omitted,
  };
}

/** Edge types whose name_or_index is an index, not a string. */
function isIndexEdge(graph: HeapGraph, edge: number): boolean {
  const name = graph.edgeTypeNames[graph.edgeType[edge]!];
  return name === "element" || name === "hidden";
}

/** Every string index `describePath` will ask for. */
export function stringsOfPaths(graph: HeapGraph, paths: ReadonlyArray<EdgePath | null>, into: Set<number>): void {
  for (const path of paths) {
    if (path === null) continue;
    for (let i = 0; i < path.edges.length; i++) {
      const edge = path.edges[i]!;
      if (!isIndexEdge(graph, edge)) into.add(graph.edgeName[edge]!);
      into.add(graph.nodeName[path.nodes[i]!]!);
      // The node the edge leaves, for "table of a Map" (the first step leaves the root).
      if (i > 0) into.add(graph.nodeName[path.nodes[i - 1]!]!);
    }
  }
}

export interface DescribeContext {
  readonly graph: HeapGraph;
  readonly text: (stringIndex: number) => string;
  /** Record id of the tracked object at `node`, or null. */
  readonly recordAt: (node: number) => number | null;
  /** Size of one tagged slot on this V8 (Map table arithmetic). */
  readonly tagged: number;
  readonly arrayHeader: number;
}

/**
 * Readable steps of a path. An entry of a Map or Set is named "entry key"/"entry value"
 * from the slot it sits in: V8's OrderedHashMap is a FixedArray of 3 counters, `b`
 * buckets and `2b` entries of (key, value, chain), OrderedHashSet the same with
 * (key, chain); `b` follows from the table's length.
 */
export function describePath(context: DescribeContext, path: EdgePath): RetainerStep[] {
  const { graph } = context;
  const steps: RetainerStep[] = [];
  for (let i = 0; i < path.edges.length; i++) {
    const edge = path.edges[i]!;
    const node = path.nodes[i]!;
    const edgeType = graph.edgeTypeNames[graph.edgeType[edge]!] ?? "unknown";
    let edgeName = isIndexEdge(graph, edge) ? String(graph.edgeName[edge]) : context.text(graph.edgeName[edge]!);
    if (edgeType === "internal" && i >= 1) {
      const entry = tableEntry(context, path, i, edgeName);
      if (entry !== null) edgeName = entry;
    }
    steps.push({
      edge_type: edgeType,
      edge: clip(edgeName),
      node_type: graph.nodeTypeNames[graph.nodeType[node]!] ?? "unknown",
      node: clip(context.text(graph.nodeName[node]!)),
      record_id: context.recordAt(node),
    });
  }
  return steps;
}

function tableEntry(context: DescribeContext, path: EdgePath, i: number, edgeName: string): string | null {
  const { graph } = context;
  const tableEdge = path.edges[i - 1]!;
  if (graph.edgeTypeNames[graph.edgeType[tableEdge]!] !== "internal" || context.text(graph.edgeName[tableEdge]!) !== "table") return null;
  const owner = i >= 2 ? path.nodes[i - 2]! : -1;
  if (owner < 0) return null;
  const ownerName = context.text(graph.nodeName[owner]!);
  const perEntry = ownerName === "Map" ? 3 : ownerName === "Set" ? 2 : 0;
  if (perEntry === 0 || !/^\d+$/.test(edgeName)) return null;
  const table = path.nodes[i - 1]!;
  const slots = (graph.nodeSelfSize[table]! - context.arrayHeader) / context.tagged;
  const buckets = (slots - 3) / (1 + 2 * perEntry);
  const slot = Number(edgeName) - 3 - buckets;
  if (!Number.isInteger(buckets) || buckets < 1 || slot < 0) return "entry";
  const field = slot % perEntry;
  return field === 0 ? "entry key" : perEntry === 3 && field === 1 ? "entry value" : "entry";
}

function clip(text: string): string {
  return text.length <= MAX_NAME_CHARS ? text : `${text.slice(0, MAX_NAME_CHARS - 1)}…`;
}
