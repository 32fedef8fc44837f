/**
 * Test-side reading of a written .heapsnapshot with plain JSON.parse: an
 * independent view of the same snapshot (whole string table included) to compute
 * expected values by hand and to cross-check the streaming parser.
 */
import { readFileSync } from "node:fs";

export interface JsonSnapshotNode {
  ordinal: number;
  type: string;
  name: string;
  id: number;
  selfSize: number;
}

export interface JsonSnapshotEdge {
  type: string;
  name: string | number;
  to: number;
}

export interface JsonSnapshot {
  nodeCount: number;
  node(ordinal: number): JsonSnapshotNode;
  byId(id: number): JsonSnapshotNode;
  edges(ordinal: number): JsonSnapshotEdge[];
  /** The node reached from `ordinal` by the edge named `name` (of `type` when given); throws if none. */
  follow(ordinal: number, name: string | number, type?: string): JsonSnapshotNode;
  nodesNamed(name: string): JsonSnapshotNode[];
}

interface RawSnapshot {
  snapshot: { meta: { node_fields: string[]; node_types: [string[]]; edge_fields: string[]; edge_types: [string[]] } };
  nodes: number[];
  edges: number[];
  strings: string[];
}

export function readJsonSnapshot(path: string): JsonSnapshot {
  return jsonSnapshotFrom(readFileSync(path, "utf8"));
}

export function jsonSnapshotFrom(text: string): JsonSnapshot {
  const raw = JSON.parse(text) as RawSnapshot;
  const meta = raw.snapshot.meta;
  const nf = meta.node_fields.length;
  const ef = meta.edge_fields.length;
  const [nType, nName, nId, nSelf, nEdges] = ["type", "name", "id", "self_size", "edge_count"].map((f) =>
    meta.node_fields.indexOf(f),
  ) as [number, number, number, number, number];
  const [eType, eName, eTo] = ["type", "name_or_index", "to_node"].map((f) => meta.edge_fields.indexOf(f)) as [
    number,
    number,
    number,
  ];
  const nodeCount = raw.nodes.length / nf;
  const first: number[] = [0];
  for (let n = 0; n < nodeCount; n++) first.push(first[n]! + raw.nodes[n * nf + nEdges]!);
  const idToOrdinal = new Map<number, number>();
  for (let n = 0; n < nodeCount; n++) idToOrdinal.set(raw.nodes[n * nf + nId]!, n);

  const node = (ordinal: number): JsonSnapshotNode => ({
    ordinal,
    type: meta.node_types[0][raw.nodes[ordinal * nf + nType]!]!,
    name: raw.strings[raw.nodes[ordinal * nf + nName]!]!,
    id: raw.nodes[ordinal * nf + nId]!,
    selfSize: raw.nodes[ordinal * nf + nSelf]!,
  });
  const edges = (ordinal: number): JsonSnapshotEdge[] => {
    const out: JsonSnapshotEdge[] = [];
    for (let e = first[ordinal]!; e < first[ordinal + 1]!; e++) {
      const type = meta.edge_types[0][raw.edges[e * ef + eType]!]!;
      const nameOrIndex = raw.edges[e * ef + eName]!;
      const numbered = type === "element" || type === "hidden";
      out.push({ type, name: numbered ? nameOrIndex : raw.strings[nameOrIndex]!, to: raw.edges[e * ef + eTo]! / nf });
    }
    return out;
  };
  return {
    nodeCount,
    node,
    byId(id) {
      const ordinal = idToOrdinal.get(id);
      if (ordinal === undefined) throw new Error(`no node @${id}`);
      return node(ordinal);
    },
    edges,
    follow(ordinal, name, type) {
      const edge = edges(ordinal).find((e) => e.name === name && (type === undefined || e.type === type));
      if (!edge) throw new Error(`node ${node(ordinal).name} has no edge ${String(name)}`);
      return node(edge.to);
    },
    nodesNamed(name) {
      const out: JsonSnapshotNode[] = [];
      for (let n = 0; n < nodeCount; n++) if (raw.strings[raw.nodes[n * nf + nName]!] === name) out.push(node(n));
      return out;
    },
  };
}
