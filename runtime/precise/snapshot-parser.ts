/**
 * An incremental parser for V8's `.heapsnapshot` JSON, fed chunk by chunk as it is
 * read. It never joins the chunks into one string: the `nodes` and
 * `edges` arrays go straight into typed arrays sized from the header, the string
 * table is scanned without being materialised (only the wanted strings' indices are
 * kept), and the other sections (trace tree, samples, locations) are skipped.
 *
 * The layout of each node and edge record is read from `snapshot.meta` in the header
 * (`node_fields`, `edge_fields`, the type name lists), so field order is not assumed.
 */
import type { HeapGraph } from "./heap-graph.js";

export class SnapshotFormatError extends Error {
  override name = "SnapshotFormatError";
}

interface SnapshotHeader {
  snapshot: {
    meta: {
      node_fields: string[];
      node_types: [string[], ...unknown[]];
      edge_fields: string[];
      edge_types: [string[], ...unknown[]];
    };
    node_count: number;
    edge_count: number;
  };
  root_index?: number;
}

const enum State {
  Header,
  Nodes,
  Edges,
  SeekSection,
  SkipArray,
  Strings,
  Done,
}

const CHAR_0 = 48;
const CHAR_QUOTE = 34;
const CHAR_BACKSLASH = 92;
const CHAR_OPEN_BRACKET = 91;
const CHAR_CLOSE_BRACKET = 93;
/** Longest header we accept before `"nodes":[`; V8's is well under 2 KB. */
const MAX_HEADER_CHARS = 1 << 20;

export interface ParserOptions {
  /**
   * Strings whose index in the string table the caller needs (names of nodes/edges
   * to find). They are matched against the raw JSON text, so they must be plain:
   * no quote, backslash or control character.
   */
  wantedStrings?: readonly string[];
  /** Called as the nodes and edges arrays fill: values parsed so far, values expected. */
  onProgress?: (done: number, total: number) => void;
}

export class HeapSnapshotParser {
  private state = State.Header;
  private text = "";

  // Record layout, from the header.
  private nodeFieldCount = 0;
  private nodeTypeField = -1;
  private nodeNameField = -1;
  private nodeIdField = -1;
  private nodeSelfSizeField = -1;
  private nodeEdgeCountField = -1;
  private edgeFieldCount = 0;
  private edgeTypeField = -1;
  private edgeNameField = -1;
  private edgeToField = -1;
  private nodeTypeNames: string[] = [];
  private edgeTypeNames: string[] = [];
  private rootIndex = 0;

  // Columns being filled.
  private nodeCount = 0;
  private edgeCount = 0;
  private nodeType = new Uint8Array(0);
  private nodeName = new Uint32Array(0);
  private nodeId = new Uint32Array(0);
  private nodeSelfSize = new Float64Array(0);
  private firstEdge = new Uint32Array(1);
  private edgeType = new Uint8Array(0);
  private edgeName = new Uint32Array(0);
  private edgeTo = new Uint32Array(0);

  // Number tokenizer state (carried across chunks).
  private value = 0;
  private inNumber = false;
  private field = 0;
  private record = 0;
  private edgesSoFar = 0;
  private valuesDone = 0;
  private valuesTotal = 0;
  private lastProgress = -1;

  // Section skipping.
  private skipDepth = 0;

  // String table scanning.
  private inString = false;
  private stringCount = 0;
  /** Text of the current string so far when it may still be a wanted one, else null. */
  private stringCarry: string | null = "";
  /** Backslashes that ended the previous chunk inside the current string. */
  private trailingBackslashes = 0;
  private readonly wanted: ReadonlySet<string>;
  private readonly longestWanted: number;
  private readonly found = new Map<string, number>();
  private readonly onProgress: ((done: number, total: number) => void) | undefined;

  constructor(options: ParserOptions = {}) {
    this.wanted = new Set(options.wantedStrings ?? []);
    this.longestWanted = Math.max(0, ...[...this.wanted].map((s) => s.length));
    this.onProgress = options.onProgress;
  }

  /** Feeds the next piece of the snapshot text. */
  push(chunk: string): void {
    let pos = 0;
    while (pos < chunk.length) {
      switch (this.state) {
        case State.Header:
          pos = this.readHeader(chunk, pos);
          break;
        case State.Nodes:
          pos = this.readNodes(chunk, pos);
          break;
        case State.Edges:
          pos = this.readEdges(chunk, pos);
          break;
        case State.SeekSection:
          pos = this.seekSection(chunk, pos);
          break;
        case State.SkipArray:
          pos = this.skipArray(chunk, pos);
          break;
        case State.Strings:
          pos = this.readStrings(chunk, pos);
          break;
        case State.Done:
          return;
      }
    }
    this.reportProgress();
  }

  /** True once the string table (the last section, after nodes and edges) has been reached. */
  get reachedStrings(): boolean {
    return this.state === State.Strings || this.state === State.Done;
  }

  /** The parsed graph; throws SnapshotFormatError when the text ended early. */
  finish(): HeapGraph {
    if (this.state !== State.Done) {
      throw new SnapshotFormatError("heap snapshot ended before its string table was complete");
    }
    return {
      nodeCount: this.nodeCount,
      edgeCount: this.edgeCount,
      root: this.rootIndex / this.nodeFieldCount,
      nodeTypeNames: this.nodeTypeNames,
      edgeTypeNames: this.edgeTypeNames,
      nodeType: this.nodeType,
      nodeName: this.nodeName,
      nodeId: this.nodeId,
      nodeSelfSize: this.nodeSelfSize,
      firstEdge: this.firstEdge,
      edgeType: this.edgeType,
      edgeName: this.edgeName,
      edgeTo: this.edgeTo,
      stringIndex: this.found,
    };
  }

  private readHeader(chunk: string, pos: number): number {
    // The header is tiny: accumulate until the nodes array opens, then parse it whole.
    const before = this.text.length;
    this.text += pos === 0 ? chunk : chunk.slice(pos);
    const match = /"nodes"\s*:\s*\[/.exec(this.text);
    if (!match) {
      if (this.text.length > MAX_HEADER_CHARS) throw new SnapshotFormatError("heap snapshot header not found");
      return chunk.length;
    }
    const headerText = this.text.slice(0, match.index).replace(/,\s*$/, "") + "}";
    const consumedFromChunk = match.index + match[0].length - before;
    this.text = "";
    let header: SnapshotHeader;
    try {
      header = JSON.parse(headerText) as SnapshotHeader;
    } catch {
      throw new SnapshotFormatError("heap snapshot header is not valid JSON");
    }
    this.configure(header);
    this.state = State.Nodes;
    return pos + consumedFromChunk;
  }

  private configure(header: SnapshotHeader): void {
    const meta = header.snapshot?.meta;
    if (!meta || !Array.isArray(meta.node_fields) || !Array.isArray(meta.edge_fields)) {
      throw new SnapshotFormatError("heap snapshot header has no node/edge field layout");
    }
    const need = (fields: string[], name: string): number => {
      const index = fields.indexOf(name);
      if (index < 0) throw new SnapshotFormatError(`heap snapshot has no "${name}" field`);
      return index;
    };
    this.nodeFieldCount = meta.node_fields.length;
    this.nodeTypeField = need(meta.node_fields, "type");
    this.nodeNameField = need(meta.node_fields, "name");
    this.nodeIdField = need(meta.node_fields, "id");
    this.nodeSelfSizeField = need(meta.node_fields, "self_size");
    this.nodeEdgeCountField = need(meta.node_fields, "edge_count");
    this.edgeFieldCount = meta.edge_fields.length;
    this.edgeTypeField = need(meta.edge_fields, "type");
    this.edgeNameField = need(meta.edge_fields, "name_or_index");
    this.edgeToField = need(meta.edge_fields, "to_node");
    this.nodeTypeNames = meta.node_types[0];
    this.edgeTypeNames = meta.edge_types[0];
    this.rootIndex = header.root_index ?? 0;
    const nodeCount = header.snapshot.node_count;
    const edgeCount = header.snapshot.edge_count;
    if (!Number.isSafeInteger(nodeCount) || !Number.isSafeInteger(edgeCount) || nodeCount < 1 || edgeCount < 0) {
      throw new SnapshotFormatError("heap snapshot header has no valid node_count/edge_count");
    }
    this.nodeCount = nodeCount;
    this.edgeCount = edgeCount;
    this.nodeType = new Uint8Array(nodeCount);
    this.nodeName = new Uint32Array(nodeCount);
    this.nodeId = new Uint32Array(nodeCount);
    this.nodeSelfSize = new Float64Array(nodeCount);
    this.firstEdge = new Uint32Array(nodeCount + 1);
    this.edgeType = new Uint8Array(edgeCount);
    this.edgeName = new Uint32Array(edgeCount);
    this.edgeTo = new Uint32Array(edgeCount);
    this.valuesTotal = nodeCount * this.nodeFieldCount + edgeCount * this.edgeFieldCount;
  }

  /** Tokenizes the nodes array: each value lands in its column as soon as it is complete. */
  private readNodes(chunk: string, pos: number): number {
    let value = this.value;
    let inNumber = this.inNumber;
    let field = this.field;
    let node = this.record;
    let edgesSoFar = this.edgesSoFar;
    const fieldCount = this.nodeFieldCount;
    const typeField = this.nodeTypeField;
    const nameField = this.nodeNameField;
    const idField = this.nodeIdField;
    const selfField = this.nodeSelfSizeField;
    const edgeCountField = this.nodeEdgeCountField;
    const { nodeType, nodeName, nodeId, nodeSelfSize, firstEdge } = this;
    const limit = this.nodeCount;
    let i = pos;
    let closed = false;
    for (const length = chunk.length; i < length; i++) {
      const digit = chunk.charCodeAt(i) - CHAR_0;
      if (digit >= 0 && digit <= 9) {
        value = value * 10 + digit;
        inNumber = true;
        continue;
      }
      if (inNumber) {
        if (node >= limit) throw new SnapshotFormatError("heap snapshot has more nodes than its header says");
        if (field === typeField) nodeType[node] = value;
        else if (field === nameField) nodeName[node] = value;
        else if (field === idField) nodeId[node] = value;
        else if (field === selfField) nodeSelfSize[node] = value;
        else if (field === edgeCountField) {
          edgesSoFar += value;
          firstEdge[node + 1] = edgesSoFar;
        }
        value = 0;
        inNumber = false;
        if (++field === fieldCount) {
          field = 0;
          node++;
        }
      }
      if (digit === CHAR_CLOSE_BRACKET - CHAR_0) {
        closed = true;
        i++;
        break;
      }
    }
    this.valuesDone = node * fieldCount + field;
    if (closed) {
      if (node !== limit || field !== 0) throw new SnapshotFormatError("heap snapshot nodes array does not match node_count");
      if (edgesSoFar !== this.edgeCount) throw new SnapshotFormatError("heap snapshot edge counts do not add up to edge_count");
      this.resetNumbers();
      this.state = State.SeekSection;
    } else {
      this.value = value;
      this.inNumber = inNumber;
      this.field = field;
      this.record = node;
      this.edgesSoFar = edgesSoFar;
    }
    return i;
  }

  /** Tokenizes the edges array; `to_node` (a field offset in the nodes array) becomes an ordinal. */
  private readEdges(chunk: string, pos: number): number {
    let value = this.value;
    let inNumber = this.inNumber;
    let field = this.field;
    let edge = this.record;
    const fieldCount = this.edgeFieldCount;
    const nodeFieldCount = this.nodeFieldCount;
    const typeField = this.edgeTypeField;
    const nameField = this.edgeNameField;
    const toField = this.edgeToField;
    const { edgeType, edgeName, edgeTo } = this;
    const limit = this.edgeCount;
    let i = pos;
    let closed = false;
    for (const length = chunk.length; i < length; i++) {
      const digit = chunk.charCodeAt(i) - CHAR_0;
      if (digit >= 0 && digit <= 9) {
        value = value * 10 + digit;
        inNumber = true;
        continue;
      }
      if (inNumber) {
        if (edge >= limit) throw new SnapshotFormatError("heap snapshot has more edges than its header says");
        if (field === typeField) edgeType[edge] = value;
        else if (field === nameField) edgeName[edge] = value;
        else if (field === toField) edgeTo[edge] = value / nodeFieldCount;
        value = 0;
        inNumber = false;
        if (++field === fieldCount) {
          field = 0;
          edge++;
        }
      }
      if (digit === CHAR_CLOSE_BRACKET - CHAR_0) {
        closed = true;
        i++;
        break;
      }
    }
    this.valuesDone = this.nodeCount * nodeFieldCount + edge * fieldCount + field;
    if (closed) {
      if (edge !== limit || field !== 0) throw new SnapshotFormatError("heap snapshot edges array does not match edge_count");
      this.resetNumbers();
      this.state = State.SeekSection;
    } else {
      this.value = value;
      this.inNumber = inNumber;
      this.field = field;
      this.record = edge;
    }
    return i;
  }

  private resetNumbers(): void {
    this.value = 0;
    this.inNumber = false;
    this.field = 0;
    this.record = 0;
  }

  /** Between sections: reads `,"name":[` and picks the next state (the string table is last). */
  private seekSection(chunk: string, pos: number): number {
    const open = chunk.indexOf("[", pos);
    if (open < 0) {
      this.text += chunk.slice(pos);
      if (this.text.length > 256) throw new SnapshotFormatError("heap snapshot has an unexpected section separator");
      return chunk.length;
    }
    const separator = this.text + chunk.slice(pos, open + 1);
    this.text = "";
    const match = /"([A-Za-z_]+)"\s*:\s*\[$/.exec(separator);
    if (!match) throw new SnapshotFormatError("heap snapshot has an unexpected section separator");
    const section = match[1];
    if (section === "edges") {
      if (this.valuesDone !== this.nodeCount * this.nodeFieldCount) {
        throw new SnapshotFormatError("heap snapshot lists edges before nodes");
      }
      this.state = State.Edges;
    } else if (section === "strings") {
      this.state = State.Strings;
    } else {
      this.skipDepth = 1;
      this.state = State.SkipArray;
    }
    return open + 1;
  }

  /** Skips a section we do not need (numbers and nested arrays only: no strings inside). */
  private skipArray(chunk: string, pos: number): number {
    let depth = this.skipDepth;
    for (let i = pos; i < chunk.length; i++) {
      const c = chunk.charCodeAt(i);
      if (c === CHAR_OPEN_BRACKET) depth++;
      else if (c === CHAR_CLOSE_BRACKET && --depth === 0) {
        this.state = State.SeekSection;
        return i + 1;
      }
    }
    this.skipDepth = depth;
    return chunk.length;
  }

  /** Scans the string table, counting strings and remembering the indices of wanted ones. */
  private readStrings(chunk: string, pos: number): number {
    let i = pos;
    const length = chunk.length;
    while (i < length) {
      if (!this.inString) {
        const c = chunk.charCodeAt(i);
        if (c === CHAR_QUOTE) {
          this.inString = true;
          this.stringCarry = "";
          this.trailingBackslashes = 0;
          i++;
          continue;
        }
        if (c === CHAR_CLOSE_BRACKET) {
          this.state = State.Done;
          return length;
        }
        i++;
        continue;
      }
      const start = i;
      let quote = chunk.indexOf('"', i);
      // Skip quotes that are escaped (preceded by an odd run of backslashes).
      while (quote >= 0) {
        let run = 0;
        let k = quote - 1;
        while (k >= start && chunk.charCodeAt(k) === CHAR_BACKSLASH) {
          run++;
          k--;
        }
        if (k < start) run += this.trailingBackslashes;
        if ((run & 1) === 0) break;
        quote = chunk.indexOf('"', quote + 1);
      }
      if (quote < 0) {
        this.carry(chunk, start, length);
        let run = 0;
        for (let k = length - 1; k >= start && chunk.charCodeAt(k) === CHAR_BACKSLASH; k--) run++;
        this.trailingBackslashes = run === length - start ? this.trailingBackslashes + run : run;
        return length;
      }
      this.carry(chunk, start, quote);
      if (this.stringCarry !== null && this.wanted.has(this.stringCarry) && !this.found.has(this.stringCarry)) {
        this.found.set(this.stringCarry, this.stringCount);
      }
      this.stringCount++;
      this.inString = false;
      this.stringCarry = "";
      i = quote + 1;
    }
    return i;
  }

  /** Keeps the current string's text only while it is short enough to be a wanted one. */
  private carry(chunk: string, from: number, to: number): void {
    if (this.stringCarry === null) return;
    if (this.stringCarry.length + (to - from) > this.longestWanted) {
      this.stringCarry = null;
      return;
    }
    this.stringCarry += chunk.slice(from, to);
  }

  private reportProgress(): void {
    if (!this.onProgress || this.valuesTotal === 0) return;
    const percent = Math.floor((this.valuesDone / this.valuesTotal) * 100);
    if (percent !== this.lastProgress) {
      this.lastProgress = percent;
      this.onProgress(this.valuesDone, this.valuesTotal);
    }
  }
}
