/**
 * Dominator tree and retained sizes of a heap graph, by Lengauer–Tarjan
 * ("A fast algorithm for finding dominators in a flowgraph", 1979; the simple
 * version: path compression without balancing, O(m log n)), written iteratively over
 * typed arrays so that a heap of millions of nodes neither recurses nor allocates
 * per node.
 *
 * Conventions, as in Chrome DevTools and memlab:
 * - Only edges marked essential count (the caller excludes weak edges, shortcuts
 *   other than the root's, and whatever must not retain).
 * - Nodes the root cannot reach are not dropped: each is hung under the root by a
 *   virtual edge (first the ones with no essential retainer at all, then whatever
 *   is left, e.g. garbage cycles), so every node gets a dominator.
 * - An edge from such an unreachable node into a node the root does reach is
 *   ignored: garbage must not change the dominators of live objects.
 *
 * Nodes are numbered in DFS preorder, 1-based (number 1 is the root); the arrays of
 * the algorithm are indexed by that number, 0 meaning "none".
 */

export interface DominatorInput {
  readonly nodeCount: number;
  readonly root: number;
  /** Outgoing edges of node n: `firstEdge[n] .. firstEdge[n + 1] - 1`. */
  readonly firstEdge: Uint32Array;
  /** Target node of each edge. */
  readonly edgeTo: Uint32Array;
  /** 1 where the edge retains its target, 0 where it is ignored. */
  readonly essential: Uint8Array;
}

export interface DominatorTree {
  /** Preorder number of each node ordinal (1-based; the root is 1). */
  readonly numberOf: Uint32Array;
  /** Node ordinal of each preorder number (index 0 unused). */
  readonly nodeAt: Uint32Array;
  /** Preorder number of each number's immediate dominator (the root dominates itself). */
  readonly idom: Uint32Array;
  /** Numbers 1..reachable are the nodes reached from the root through essential edges. */
  readonly reachable: number;
}

/** Predecessor lists over essential edges, in compressed-row form. */
interface Predecessors {
  readonly first: Uint32Array;
  readonly from: Uint32Array;
}

function essentialPredecessors(input: DominatorInput): Predecessors {
  const { nodeCount, firstEdge, edgeTo, essential } = input;
  const first = new Uint32Array(nodeCount + 1);
  let total = 0;
  for (let e = 0, end = edgeTo.length; e < end; e++) {
    if (essential[e]) {
      first[edgeTo[e]! + 1]!++;
      total++;
    }
  }
  for (let n = 0; n < nodeCount; n++) first[n + 1]! += first[n]!;
  const cursor = first.slice(0, nodeCount);
  const from = new Uint32Array(total);
  for (let n = 0; n < nodeCount; n++) {
    for (let e = firstEdge[n]!, end = firstEdge[n + 1]!; e < end; e++) {
      if (essential[e]) from[cursor[edgeTo[e]!]!++] = n;
    }
  }
  return { first, from };
}

export function buildDominatorTree(
  input: DominatorInput,
  onProgress?: (done: number, total: number) => void,
): DominatorTree {
  const { nodeCount, root, firstEdge, edgeTo, essential } = input;
  const numberOf = new Uint32Array(nodeCount);
  const nodeAt = new Uint32Array(nodeCount + 1);
  const parent = new Uint32Array(nodeCount + 1);
  /** 1 for a node hung under the root by a virtual edge. */
  const virtualChild = new Uint8Array(nodeCount + 1);
  const stack = new Uint32Array(nodeCount);
  const cursor = new Uint32Array(nodeCount);
  let count = 0;

  // Iterative DFS: each stack frame is a node and the next edge to try.
  const search = (start: number, parentNumber: number): void => {
    numberOf[start] = ++count;
    nodeAt[count] = start;
    parent[count] = parentNumber;
    let top = 0;
    stack[0] = start;
    cursor[0] = firstEdge[start]!;
    while (top >= 0) {
      const node = stack[top]!;
      const end = firstEdge[node + 1]!;
      let e = cursor[top]!;
      while (e < end && (essential[e] === 0 || numberOf[edgeTo[e]!] !== 0)) e++;
      if (e === end) {
        top--;
        continue;
      }
      cursor[top] = e + 1;
      const child = edgeTo[e]!;
      numberOf[child] = ++count;
      nodeAt[count] = child;
      parent[count] = numberOf[node]!;
      stack[++top] = child;
      cursor[top] = firstEdge[child]!;
    }
  };

  search(root, 0);
  const reachable = count;
  const preds = essentialPredecessors(input);
  if (count < nodeCount) {
    // Unreachable nodes: first those nothing retains (only weak retainers), so that
    // what hangs below them is searched from them; then any rest (cycles of garbage).
    for (let pass = 0; pass < 2; pass++) {
      for (let n = 0; n < nodeCount; n++) {
        if (numberOf[n] !== 0) continue;
        if (pass === 0 && preds.first[n + 1]! > preds.first[n]!) continue;
        search(n, 1);
        virtualChild[numberOf[n]!] = 1;
      }
    }
  }

  const semi = new Uint32Array(count + 1);
  const label = new Uint32Array(count + 1);
  const ancestor = new Uint32Array(count + 1);
  const idom = new Uint32Array(count + 1);
  const bucketHead = new Uint32Array(count + 1);
  const bucketNext = new Uint32Array(count + 1);
  for (let v = 1; v <= count; v++) {
    semi[v] = v;
    label[v] = v;
  }
  const path = stack; // the DFS is over: reuse its stack for path compression

  // EVAL with path compression: the vertex of minimal semidominator on the
  // forest path from v up to (not including) its forest root.
  const evaluate = (v: number): number => {
    if (ancestor[v] === 0) return v;
    let depth = 0;
    let u = v;
    while (ancestor[ancestor[u]!] !== 0) {
      path[depth++] = u;
      u = ancestor[u]!;
    }
    while (depth > 0) {
      const w = path[--depth]!;
      const a = ancestor[w]!;
      if (semi[label[a]!]! < semi[label[w]!]!) label[w] = label[a]!;
      ancestor[w] = ancestor[a]!;
    }
    return label[v]!;
  };

  const progressStep = Math.max(1, Math.floor(count / 100));
  for (let w = count; w >= 2; w--) {
    if (onProgress && w % progressStep === 0) onProgress(count - w, count);
    let s = semi[w]!;
    if (virtualChild[w]) {
      s = 1;
    } else {
      const node = nodeAt[w]!;
      const wIsLive = w <= reachable;
      for (let p = preds.first[node]!, end = preds.first[node + 1]!; p < end; p++) {
        const v = numberOf[preds.from[p]!]!;
        if (wIsLive && v > reachable) continue; // garbage does not retain live objects
        const u = evaluate(v);
        if (semi[u]! < s) s = semi[u]!;
      }
    }
    semi[w] = s;
    bucketNext[w] = bucketHead[s]!;
    bucketHead[s] = w;
    const p = parent[w]!;
    ancestor[w] = p;
    for (let v = bucketHead[p]!; v !== 0; v = bucketNext[v]!) {
      const u = evaluate(v);
      idom[v] = semi[u]! < semi[v]! ? u : p;
    }
    bucketHead[p] = 0;
  }
  idom[1] = 1;
  for (let w = 2; w <= count; w++) {
    if (idom[w] !== semi[w]) idom[w] = idom[idom[w]!]!;
  }
  if (onProgress) onProgress(count, count);
  return { numberOf, nodeAt, idom, reachable };
}

/**
 * Retained size of every node (by ordinal): its own size plus the sizes of all the
 * nodes it dominates. Children have larger preorder numbers than their dominator,
 * so one pass from the last number down accumulates each subtree.
 */
export function retainedSizes(tree: DominatorTree, selfSize: Float64Array): Float64Array {
  const count = tree.nodeAt.length - 1;
  const byNumber = new Float64Array(count + 1);
  for (let v = 1; v <= count; v++) byNumber[v] = selfSize[tree.nodeAt[v]!]!;
  for (let v = count; v >= 2; v--) byNumber[tree.idom[v]!]! += byNumber[v]!;
  const byNode = new Float64Array(count);
  for (let n = 0; n < count; n++) byNode[n] = byNumber[tree.numberOf[n]!]!;
  return byNode;
}

/**
 * The part of each target's retained size that no other target's retained size already
 * counts: its retained size minus those of the targets nearest below it in the dominator
 * tree. Every byte a target retains is then counted once, under the nearest target that
 * dominates it, so the values of distinct targets add up without overlap (a treemap can
 * tile them). `targetNodes[i]` is the node ordinal of target i (negative: not located,
 * result NaN); targets naming the same node get the same value.
 */
export function exclusiveRetained(tree: DominatorTree, retainedByNode: Float64Array, targetNodes: ArrayLike<number>): Float64Array {
  const count = tree.nodeAt.length - 1;
  const tracked = new Uint8Array(count + 1);
  for (let i = 0; i < targetNodes.length; i++) {
    const node = targetNodes[i]!;
    if (node >= 0) tracked[tree.numberOf[node]!] = 1;
  }
  // Nearest tracked strict dominator of each number (0: none). A dominator's number is
  // smaller than its children's, so one pass in preorder sees it first.
  const nearest = new Uint32Array(count + 1);
  const exclusive = new Float64Array(count + 1);
  for (let v = 2; v <= count; v++) {
    const d = tree.idom[v]!;
    nearest[v] = tracked[d] === 1 ? d : nearest[d]!;
  }
  for (let v = 1; v <= count; v++) {
    if (tracked[v] !== 1) continue;
    const retained = retainedByNode[tree.nodeAt[v]!]!;
    exclusive[v]! += retained;
    const above = nearest[v]!;
    if (above !== 0) exclusive[above]! -= retained;
  }
  const result = new Float64Array(targetNodes.length).fill(Number.NaN);
  for (let i = 0; i < targetNodes.length; i++) {
    const node = targetNodes[i]!;
    if (node >= 0) result[i] = exclusive[tree.numberOf[node]!]!;
  }
  return result;
}
