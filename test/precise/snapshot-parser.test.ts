import test from "ava";
import fc from "fast-check";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { execFileSync } from "node:child_process";
import { HeapSnapshotParser, SnapshotFormatError } from "../../runtime/precise/snapshot-parser.js";
import type { HeapGraph } from "../../runtime/precise/heap-graph.js";

const NODE_TYPES = ["hidden", "array", "string", "object", "code", "closure", "regexp", "number", "native", "synthetic"];
const EDGE_TYPES = ["context", "element", "property", "internal", "hidden", "shortcut", "weak"];

interface Plain {
  nodeFields: string[];
  nodes: Array<{ type: number; name: number; id: number; self: number; edges: Array<[number, number, number]> }>;
  strings: string[];
}

/** Writes a snapshot the way V8 lays it out, with the node fields in the given order. */
function serialize(p: Plain): string {
  const edgeCount = p.nodes.reduce((n, node) => n + node.edges.length, 0);
  const nf = p.nodeFields.length;
  const header = {
    snapshot: {
      meta: {
        node_fields: p.nodeFields,
        node_types: [NODE_TYPES, "string", "number", "number", "number", "number", "number"],
        edge_fields: ["type", "name_or_index", "to_node"],
        edge_types: [EDGE_TYPES, "string_or_number", "node"],
      },
      node_count: p.nodes.length,
      edge_count: edgeCount,
      trace_function_count: 0,
    },
  };
  const nodeValues = p.nodes.map((n) =>
    p.nodeFields
      .map((f) =>
        f === "type" ? n.type : f === "name" ? n.name : f === "id" ? n.id : f === "self_size" ? n.self : f === "edge_count" ? n.edges.length : 0,
      )
      .join(","),
  );
  const edgeValues = p.nodes.flatMap((n) => n.edges.map(([t, name, to]) => `${t},${name},${to * nf}`));
  return (
    JSON.stringify(header).slice(0, -1) +
    `,\n"nodes":[${nodeValues.join(",\n")}],\n"edges":[${edgeValues.join(",\n")}],` +
    `\n"trace_function_infos":[],\n"trace_tree":[1,2,[3,[]]],\n"samples":[],\n"locations":[],` +
    `\n"strings":[${p.strings.map((s) => JSON.stringify(s)).join(",\n")}]}`
  );
}

function parseInChunks(text: string, sizes: readonly number[], wanted: readonly string[]): HeapGraph {
  const parser = new HeapSnapshotParser({ wantedStrings: wanted });
  let pos = 0;
  for (let i = 0; pos < text.length; i++) {
    const size = sizes.length ? sizes[i % sizes.length]! : text.length;
    parser.push(text.slice(pos, pos + size));
    pos += size;
  }
  return parser.finish();
}

const plainSnapshot = fc
  .record({
    nodeCount: fc.integer({ min: 1, max: 12 }),
    fieldOrder: fc.shuffledSubarray(["trace_node_id", "detachedness"], { minLength: 0, maxLength: 2 }),
    strings: fc.array(fc.oneof(fc.string(), fc.constantFrom('a"b', "c\\", "\\\\\"", "targets", "x\\\"y"), fc.string({ unit: "binary" })), {
      minLength: 1,
      maxLength: 10,
    }),
    seed: fc.array(fc.nat({ max: 0xffffffff }), { minLength: 200, maxLength: 200 }),
  })
  .map(({ nodeCount, fieldOrder, strings, seed }): Plain => {
    let k = 0;
    const next = (bound: number): number => seed[k++ % seed.length]! % bound;
    const nodeFields = ["type", "name", "id", "self_size", "edge_count", ...fieldOrder];
    const nodes = Array.from({ length: nodeCount }, (_, i) => ({
      type: next(NODE_TYPES.length),
      name: next(strings.length),
      id: i * 2 + 1 + next(1000) * 1000,
      self: next(1 << 30) * 7,
      edges: Array.from({ length: next(4) }, (): [number, number, number] => [next(EDGE_TYPES.length), next(strings.length), next(nodeCount)]),
    }));
    return { nodeFields, nodes, strings };
  });

test("parses V8's layout in any chunking into the same columns as JSON.parse", (t) => {
  fc.assert(
    fc.property(plainSnapshot, fc.array(fc.integer({ min: 1, max: 9 }), { maxLength: 5 }), (plain, sizes) => {
      const text = serialize(plain);
      // Wanted strings are matched on their JSON text: only plain ones (no escapes) can be wanted.
      const plainStrings = plain.strings.filter((s) => JSON.stringify(s) === `"${s}"`);
      const wanted = ["targets", ...plainStrings.slice(-2)];
      const graph = parseInChunks(text, sizes, wanted);
      t.is(graph.nodeCount, plain.nodes.length);
      let e = 0;
      plain.nodes.forEach((node, n) => {
        t.is(graph.nodeType[n], node.type);
        t.is(graph.nodeName[n], node.name);
        t.is(graph.nodeId[n], node.id);
        t.is(graph.nodeSelfSize[n], node.self);
        t.is(graph.firstEdge[n], e);
        for (const [type, name, to] of node.edges) {
          t.is(graph.edgeType[e], type);
          t.is(graph.edgeName[e], name);
          t.is(graph.edgeTo[e], to);
          e++;
        }
      });
      t.is(graph.firstEdge[plain.nodes.length], e);
      for (const w of wanted) {
        const index = plain.strings.indexOf(w);
        t.is(graph.stringIndex.get(w), index < 0 ? undefined : index);
      }
    }),
    { numRuns: 200 },
  );
});

test("parses a real V8 snapshot exactly as JSON.parse reads it", (t) => {
  const dir = mkdtempSync(join(tmpdir(), "memscope-parser-"));
  try {
    // A bare Node process: a small real snapshot (this worker's own heap would be slow to write).
    const path = join(dir, "real.heapsnapshot");
    execFileSync(process.execPath, ["-e", `require("node:v8").writeHeapSnapshot(${JSON.stringify(path)})`]);
    const text = readFileSync(path, "utf8");
    const raw = JSON.parse(text) as { nodes: number[]; edges: number[]; strings: string[]; snapshot: { meta: { node_fields: string[] } } };
    const graph = parseInChunks(text, [65_536, 1, 4093], ["(Strong roots)", "(GC roots)"]);
    const nf = raw.snapshot.meta.node_fields.length;
    t.is(graph.nodeCount * nf, raw.nodes.length);
    t.is(graph.edgeCount * 3, raw.edges.length);
    let mismatches = 0;
    for (let n = 0; n < graph.nodeCount; n++) {
      if (graph.nodeType[n] !== raw.nodes[n * nf] || graph.nodeName[n] !== raw.nodes[n * nf + 1]) mismatches++;
      if (graph.nodeId[n] !== raw.nodes[n * nf + 2] || graph.nodeSelfSize[n] !== raw.nodes[n * nf + 3]) mismatches++;
    }
    for (let e = 0; e < graph.edgeCount; e++) {
      if (graph.edgeType[e] !== raw.edges[e * 3] || graph.edgeName[e] !== raw.edges[e * 3 + 1]) mismatches++;
      if (graph.edgeTo[e] !== raw.edges[e * 3 + 2]! / nf) mismatches++;
    }
    t.is(mismatches, 0);
    t.is(graph.stringIndex.get("(GC roots)"), raw.strings.indexOf("(GC roots)"));
    t.is(graph.stringIndex.get("(Strong roots)"), raw.strings.indexOf("(Strong roots)"));
    t.true(raw.strings.indexOf("(Strong roots)") > 0);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("a truncated snapshot is an error, not a partial graph", (t) => {
  const text = serialize({ nodeFields: ["type", "name", "id", "self_size", "edge_count"], nodes: [{ type: 9, name: 0, id: 1, self: 0, edges: [] }], strings: [""] });
  for (const cut of [10, text.indexOf('"edges"'), text.length - 3]) {
    const parser = new HeapSnapshotParser();
    parser.push(text.slice(0, cut));
    t.throws(() => parser.finish(), { instanceOf: SnapshotFormatError });
  }
});

test("a nodes array that disagrees with node_count is rejected", (t) => {
  const text = serialize({ nodeFields: ["type", "name", "id", "self_size", "edge_count"], nodes: [{ type: 9, name: 0, id: 1, self: 0, edges: [] }], strings: [""] });
  const parser = new HeapSnapshotParser();
  t.throws(() => parser.push(text.replace('"node_count":1', '"node_count":2')), { instanceOf: SnapshotFormatError });
});
