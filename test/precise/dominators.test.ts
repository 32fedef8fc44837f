import test from "ava";
import fc from "fast-check";
import { buildDominatorTree, exclusiveRetained, retainedSizes, type DominatorInput } from "../../runtime/precise/dominators.js";

interface SmallGraph {
  nodeCount: number;
  edges: Array<{ from: number; to: number; essential: boolean }>;
  self: number[];
}

function toInput(g: SmallGraph): DominatorInput {
  const sorted = [...g.edges].sort((a, b) => a.from - b.from);
  const firstEdge = new Uint32Array(g.nodeCount + 1);
  for (const e of sorted) firstEdge[e.from + 1]!++;
  for (let n = 0; n < g.nodeCount; n++) firstEdge[n + 1]! += firstEdge[n]!;
  return {
    nodeCount: g.nodeCount,
    root: 0,
    firstEdge,
    edgeTo: Uint32Array.from(sorted, (e) => e.to),
    essential: Uint8Array.from(sorted, (e) => (e.essential ? 1 : 0)),
  };
}

/** Nodes reachable from the root over essential edges, never entering `removed`. */
function reachable(g: SmallGraph, removed: number): Set<number> {
  const seen = new Set<number>();
  if (removed === 0) return seen;
  const stack = [0];
  seen.add(0);
  while (stack.length) {
    const n = stack.pop()!;
    for (const e of g.edges) {
      if (e.from === n && e.essential && e.to !== removed && !seen.has(e.to)) {
        seen.add(e.to);
        stack.push(e.to);
      }
    }
  }
  return seen;
}

/** By definition: d dominates v iff removing d cuts every path from the root to v. */
function bruteForceDominators(g: SmallGraph): Map<number, Set<number>> {
  const live = reachable(g, -1);
  const dominators = new Map<number, Set<number>>();
  for (const v of live) dominators.set(v, new Set([v]));
  for (let d = 0; d < g.nodeCount; d++) {
    if (!live.has(d)) continue;
    const without = reachable(g, d);
    for (const v of live) if (v !== d && !without.has(v)) dominators.get(v)!.add(d);
  }
  return dominators;
}

const smallGraph = fc.integer({ min: 1, max: 14 }).chain((nodeCount) =>
  fc.record({
    nodeCount: fc.constant(nodeCount),
    edges: fc.array(
      fc.record({
        from: fc.nat({ max: nodeCount - 1 }),
        to: fc.nat({ max: nodeCount - 1 }),
        essential: fc.boolean(),
      }),
      { maxLength: nodeCount * 3 },
    ),
    self: fc.array(fc.nat({ max: 1000 }), { minLength: nodeCount, maxLength: nodeCount }),
  }),
);

test("immediate dominators of every live node match the definition (Lengauer-Tarjan vs brute force)", (t) => {
  fc.assert(
    fc.property(smallGraph, (g) => {
      const tree = buildDominatorTree(toInput(g));
      const expected = bruteForceDominators(g);
      t.is(tree.reachable, expected.size);
      for (const [v, doms] of expected) {
        // Walk the idom chain from v to the root: it must be exactly v's dominators.
        const chain = new Set<number>([v]);
        for (let x = tree.numberOf[v]!; x !== 1; x = tree.idom[x]!) chain.add(tree.nodeAt[tree.idom[x]!]!);
        t.deepEqual([...chain].sort((a, b) => a - b), [...doms].sort((a, b) => a - b));
      }
    }),
    { numRuns: 400 },
  );
});

test("retained size of a live node is the self size of every live node it dominates", (t) => {
  fc.assert(
    fc.property(smallGraph, (g) => {
      const tree = buildDominatorTree(toInput(g));
      const retained = retainedSizes(tree, Float64Array.from(g.self));
      const doms = bruteForceDominators(g);
      for (const v of doms.keys()) {
        if (v === 0) continue;
        let expected = 0;
        for (const [u, ofU] of doms) if (ofU.has(v)) expected += g.self[u]!;
        t.is(retained[v], expected);
      }
    }),
    { numRuns: 300 },
  );
});

test("exclusive retained: each live byte counts once, under the nearest tracked node dominating it; distinct targets add up without overlap", (t) => {
  fc.assert(
    fc.property(smallGraph, fc.array(fc.nat({ max: 13 }), { maxLength: 8 }), (g, picks) => {
      const tree = buildDominatorTree(toInput(g));
      const retained = retainedSizes(tree, Float64Array.from(g.self));
      const doms = bruteForceDominators(g);
      // Targets: live nodes other than the root, some named twice (an object under two records), plus one not located.
      const targets = picks.map((p) => p % g.nodeCount).filter((n) => n !== 0 && doms.has(n));
      const nodes = Int32Array.from([...targets, -1]);
      const exclusive = exclusiveRetained(tree, retained, nodes);
      t.true(Number.isNaN(exclusive[targets.length]));
      const tracked = new Set(targets);
      const owner = new Map<number, number>();
      for (const [u, ofU] of doms) {
        // The tracked dominator of u with the most dominators of its own is the nearest one.
        let nearest = -1;
        for (const d of ofU) if (tracked.has(d) && (nearest < 0 || doms.get(d)!.size > doms.get(nearest)!.size)) nearest = d;
        if (nearest >= 0) owner.set(u, nearest);
      }
      targets.forEach((target, i) => {
        let expected = 0;
        for (const [u, o] of owner) if (o === target) expected += g.self[u]!;
        t.is(exclusive[i], expected);
      });
      let covered = 0;
      for (const u of owner.keys()) covered += g.self[u]!;
      let sum = 0;
      for (const n of tracked) sum += exclusive[targets.indexOf(n)]!;
      t.is(sum, covered);
    }),
    { numRuns: 300 },
  );
});

test("every node gets a dominator: unreachable ones hang under the root and garbage does not retain live nodes", (t) => {
  // 0 -> 1 -> 2; 3 (unreachable, e.g. only weakly held) -> 2 and 3 -> 4; 5 <-> 6 a garbage cycle.
  const g: SmallGraph = {
    nodeCount: 7,
    edges: [
      { from: 0, to: 1, essential: true },
      { from: 1, to: 2, essential: true },
      { from: 1, to: 3, essential: false },
      { from: 3, to: 2, essential: true },
      { from: 3, to: 4, essential: true },
      { from: 5, to: 6, essential: true },
      { from: 6, to: 5, essential: true },
    ],
    self: [0, 10, 20, 30, 40, 50, 60],
  };
  const tree = buildDominatorTree(toInput(g));
  const idomOf = (n: number): number => tree.nodeAt[tree.idom[tree.numberOf[n]!]!]!;
  t.is(tree.reachable, 3);
  t.is(idomOf(2), 1); // the garbage node 3 does not make 2 shared
  t.is(idomOf(3), 0);
  t.is(idomOf(4), 3);
  t.is(idomOf(5), 0);
  t.is(idomOf(6), 5);
  const retained = retainedSizes(tree, Float64Array.from(g.self));
  t.deepEqual([...retained], [210, 30, 20, 70, 40, 110, 60]);
});

test("a long chain does not overflow the stack (iterative DFS and path compression)", (t) => {
  const n = 300_000;
  const firstEdge = new Uint32Array(n + 1);
  const edgeTo = new Uint32Array(n - 1);
  for (let i = 0; i < n - 1; i++) {
    firstEdge[i + 1] = i + 1;
    edgeTo[i] = i + 1;
  }
  firstEdge[n] = n - 1;
  const tree = buildDominatorTree({ nodeCount: n, root: 0, firstEdge, edgeTo, essential: new Uint8Array(n - 1).fill(1) });
  const retained = retainedSizes(tree, new Float64Array(n).fill(1));
  t.is(retained[0], n);
  t.is(retained[n - 1], 1);
  t.is(retained[1000], n - 1000);
});
