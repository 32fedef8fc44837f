/** Test-only reader of a V8 .heapsnapshot: nodes, edges, and named-edge lookups. */
import * as fs from "node:fs";

interface RawHeapSnapshot {
  snapshot: { meta: { node_fields: string[]; edge_fields: string[]; node_types: [string[]]; edge_types: [string[]] } };
  nodes: number[];
  edges: number[];
  strings: string[];
}

export interface HeapEdge {
  type: string;
  name: string;
  to: number;
}

export class HeapSnapshotReader {
  private readonly data: RawHeapSnapshot;
  private readonly nodeFieldCount: number;
  private readonly edgeFieldCount: number;
  private readonly firstEdge: Int32Array;
  private readonly field: Record<string, number> = {};
  private readonly edgeField: Record<string, number> = {};

  constructor(file: string) {
    this.data = JSON.parse(fs.readFileSync(file, "utf8")) as RawHeapSnapshot;
    const meta = this.data.snapshot.meta;
    this.nodeFieldCount = meta.node_fields.length;
    this.edgeFieldCount = meta.edge_fields.length;
    meta.node_fields.forEach((name, i) => (this.field[name] = i));
    meta.edge_fields.forEach((name, i) => (this.edgeField[name] = i));
    const count = this.data.nodes.length / this.nodeFieldCount;
    this.firstEdge = new Int32Array(count + 1);
    for (let node = 0, edge = 0; node < count; node++) {
      this.firstEdge[node] = edge;
      edge += this.data.nodes[node * this.nodeFieldCount + this.field.edge_count!]! * this.edgeFieldCount;
    }
  }

  get nodeCount(): number {
    return this.data.nodes.length / this.nodeFieldCount;
  }

  nodeType(node: number): string {
    return this.data.snapshot.meta.node_types[0][this.data.nodes[node * this.nodeFieldCount + this.field.type!]!]!;
  }

  nodeName(node: number): string {
    return this.data.strings[this.data.nodes[node * this.nodeFieldCount + this.field.name!]!]!;
  }

  selfSize(node: number): number {
    return this.data.nodes[node * this.nodeFieldCount + this.field.self_size!]!;
  }

  edges(node: number): HeapEdge[] {
    const out: HeapEdge[] = [];
    const start = this.firstEdge[node]!;
    const end = start + this.data.nodes[node * this.nodeFieldCount + this.field.edge_count!]! * this.edgeFieldCount;
    const types = this.data.snapshot.meta.edge_types[0];
    for (let e = start; e < end; e += this.edgeFieldCount) {
      const type = types[this.data.edges[e + this.edgeField.type!]!]!;
      const nameOrIndex = this.data.edges[e + this.edgeField.name_or_index!]!;
      const name = type === "element" || type === "hidden" ? String(nameOrIndex) : this.data.strings[nameOrIndex]!;
      out.push({ type, name, to: this.data.edges[e + this.edgeField.to_node!]! / this.nodeFieldCount });
    }
    return out;
  }

  /** Target of the first property edge called `name` from any node, or -1. */
  findByEdge(name: string): number {
    for (let node = 0; node < this.nodeCount; node++) {
      for (const edge of this.edges(node)) if (edge.type === "property" && edge.name === name) return edge.to;
    }
    return -1;
  }
}
