/**
 * The parsed heap snapshot: V8's node and edge tables as columns of typed arrays,
 * plus the indices of the few strings precise mode looks for. Nothing else of the
 * snapshot is kept (in particular not the string table).
 */
export interface HeapGraph {
  readonly nodeCount: number;
  readonly edgeCount: number;
  /** Ordinal of the synthetic root node (V8 writes it first). */
  readonly root: number;
  /** Names of node types, from `snapshot.meta.node_types[0]`. */
  readonly nodeTypeNames: readonly string[];
  /** Names of edge types, from `snapshot.meta.edge_types[0]`. */
  readonly edgeTypeNames: readonly string[];
  /** Per node: index into `nodeTypeNames`. */
  readonly nodeType: Uint8Array;
  /** Per node: index into the snapshot's string table. */
  readonly nodeName: Uint32Array;
  /** Per node: V8's snapshot object id. */
  readonly nodeId: Uint32Array;
  /** Per node: shallow size in bytes. */
  readonly nodeSelfSize: Float64Array;
  /** Per node: its outgoing edges are `firstEdge[n] .. firstEdge[n + 1] - 1` (length nodeCount + 1). */
  readonly firstEdge: Uint32Array;
  /** Per edge: index into `edgeTypeNames`. */
  readonly edgeType: Uint8Array;
  /** Per edge: string index (named edges) or element/hidden index (numbered edges). */
  readonly edgeName: Uint32Array;
  /** Per edge: ordinal of the node it points to. */
  readonly edgeTo: Uint32Array;
  /** Index in the string table of each wanted string that occurs in it. */
  readonly stringIndex: ReadonlyMap<string, number>;
}

/** The type code of `name` in `names`, or -1 when this snapshot has no such type. */
export function typeCode(names: readonly string[], name: string): number {
  return names.indexOf(name);
}

/** Targets of the edges of `from` with the given type whose name is the wanted string `name`. */
export function namedEdgeTargets(graph: HeapGraph, from: number, type: string, name: string): number[] {
  const nameIndex = graph.stringIndex.get(name);
  const code = typeCode(graph.edgeTypeNames, type);
  if (nameIndex === undefined || code < 0) return [];
  const found: number[] = [];
  for (let e = graph.firstEdge[from]!, end = graph.firstEdge[from + 1]!; e < end; e++) {
    if (graph.edgeType[e] === code && graph.edgeName[e] === nameIndex) found.push(graph.edgeTo[e]!);
  }
  return found;
}

/** Nodes that have an edge of the given type named `name` (a whole-graph scan). */
export function nodesWithNamedEdge(graph: HeapGraph, type: string, name: string): number[] {
  const nameIndex = graph.stringIndex.get(name);
  const code = typeCode(graph.edgeTypeNames, type);
  if (nameIndex === undefined || code < 0) return [];
  const found: number[] = [];
  const { firstEdge, edgeType, edgeName } = graph;
  for (let n = 0; n < graph.nodeCount; n++) {
    for (let e = firstEdge[n]!, end = firstEdge[n + 1]!; e < end; e++) {
      if (edgeType[e] === code && edgeName[e] === nameIndex) {
        found.push(n);
        break;
      }
    }
  }
  return found;
}

/** Targets of any node's edges of the given type named `name` (a whole-graph scan). */
export function allNamedEdgeTargets(graph: HeapGraph, type: string, name: string): number[] {
  const nameIndex = graph.stringIndex.get(name);
  const code = typeCode(graph.edgeTypeNames, type);
  if (nameIndex === undefined || code < 0) return [];
  const found: number[] = [];
  for (let e = 0; e < graph.edgeCount; e++) {
    if (graph.edgeType[e] === code && graph.edgeName[e] === nameIndex) found.push(graph.edgeTo[e]!);
  }
  return found;
}
