/**
 * Reads are not allocations: a binding initialised by a read (identifier, property or
 * element access, `this`, a cast) names an object that exists already. 100,000 reads of
 * one object report one object and one allocation, with sampling on and off; a read is
 * never the leak candidate, the record that allocated the object is.
 */
import test from "ava";
import type { Snapshot } from "../../format/snapshot.js";
import { buildProgram, type BuiltProgram } from "./program.js";

const READS = `
class Box { constructor(readonly items: number[]) {} }
const big: number[] = Array.from({ length: 1000 }, () => 7);
const box = new Box(big);
const text = "characters".repeat(10);
function readIt(owner: Box, i: number): number {
  const viaProperty = owner.items;
  const viaCast = (owner as Box).items!;
  const viaIdentifier = viaProperty;
  const c = text[i % text.length];
  const label = "constant";
  return viaProperty.length + viaCast.length + viaIdentifier.length + c.length + label.length;
}
let sum = 0;
const reads = Number(process.argv[2]);
for (let i = 0; i < reads; i++) sum += readIt(box, i);
console.log(sum);
class Lazy { get fresh(): number[] { return [1, 2]; } }
const lazy = new Lazy();
const viaGetter = lazy.fresh;
const joined = "a" + text;
const template = \`x\${text}\`;
const plain = \`plain\`;
const either = sum > 0 ? big : box.items;
const comma = (sum++, big);
const chained = box?.items;
const copy = big.slice();
console.log(viaGetter.length, joined.length, template.length, plain.length, either.length, comma.length, chained?.length, copy.length);
// Module-level bindings stay alive only while something can reach them.
export const keep = (): unknown[] => [big, box];
`;

/** A module-level Map keeps an object that a function allocated; a read of it in a later call is not to blame. */
const LEAK = `
const cache = new Map<string, { rows: number[] }>();
function fill(): void {
  const entry = { rows: new Array<number>(500).fill(1) };
  cache.set("k", entry);
}
function look(): number {
  const seen = cache.get("k")!;
  const rows = seen.rows;
  return rows.length;
}
fill();
let n = 0;
for (let i = 0; i < 10; i++) n += look();
console.log(n);
`;

let program: BuiltProgram;
test.before(() => {
  program = buildProgram("initializers", { "reads.ts": READS, "leak.ts": LEAK });
});
test.after.always(() => { if (!process.env.NUMBERS_KEEP) program.remove(); });

function siteKinds(snapshot: Snapshot): Map<string, string> {
  return new Map((snapshot.variable_sites ?? []).map((s) => [s.variable_name, s.initializer]));
}

test("the transformer classifies each initializer and the snapshot carries the kind", (t) => {
  const { snapshot } = program.run("reads.js", {}, [], ["10"]);
  const kinds = siteKinds(snapshot);
  t.is(kinds.get("big"), "allocates");
  t.is(kinds.get("box"), "allocates");
  t.is(kinds.get("text"), "call");
  t.is(kinds.get("viaProperty"), "reads");
  t.is(kinds.get("viaCast"), "reads");
  t.is(kinds.get("viaIdentifier"), "reads");
  t.is(kinds.get("c"), "reads");
  t.is(kinds.get("label"), "literal_string");
  t.is(kinds.get("viaGetter"), "call");
  t.is(kinds.get("joined"), "allocates");
  t.is(kinds.get("template"), "allocates");
  t.is(kinds.get("plain"), "literal_string");
  t.is(kinds.get("either"), "reads");
  t.is(kinds.get("comma"), "reads");
  t.is(kinds.get("chained"), "reads");
  t.is(kinds.get("copy"), "allocates");
});

// Every read a record with sampling off (20,000 of them), the default sampling over 100,000.
for (const [sampling, reads] of [["off", 20_000], ["default", 100_000]] as const) {
  test(`${reads} reads of one object: one object, one allocation (sampling ${sampling})`, (t) => {
    const env: Record<string, string> = sampling === "off" ? { MEMSCOPE_HOT_SITES: "off" } : {};
    const { result, snapshot } = program.run("reads.js", env, [], [String(reads)]);
    t.is(result.stdout.split("\n")[0], `${reads * (3000 + 1 + 8)}`);
    const big = snapshot.allocations.filter((a) => a.variable_name === "big");
    t.is(big.length, 1);
    const bigBytes = big[0]!.size_bytes + big[0]!.external_bytes;
    const boxRecord = snapshot.allocations.find((a) => a.variable_name === "box")!;
    const textRecord = snapshot.allocations.find((a) => a.variable_name === "text")!;
    const allocating = new Set(["big", "box", "text", "lazy", "viaGetter", "joined", "template", "copy"]);
    let allocated = 0;
    let live = 0;
    let liveCount = 0;
    for (const a of snapshot.allocations) {
      if (!allocating.has(a.variable_name)) continue;
      allocated += a.size_bytes + a.external_bytes;
      if (a.collected_time === null) {
        live += a.size_bytes + a.external_bytes;
        liveCount++;
      }
    }
    t.true(live >= bigBytes + boxRecord.size_bytes + textRecord.size_bytes);
    // Only the values that allocated hold memory: no read adds a byte anywhere.
    t.is(snapshot.summary.active_allocations, liveCount);
    t.is(snapshot.summary.active_memory_bytes, live);
    t.is(snapshot.summary.total_bytes, allocated);
    t.true(snapshot.summary.peak_memory_bytes <= allocated, `peak ${snapshot.summary.peak_memory_bytes} > ${allocated}`);
    for (const sample of snapshot.timeline) t.true(sample.tracked_live_bytes <= allocated);
    t.is(snapshot.memory_hierarchy.bytes, allocated);
    for (const folded of snapshot.folded_sites) {
      t.is(folded.bytes, 0, `${folded.variable_name} extrapolated ${folded.bytes} B from reads`);
    }
    t.deepEqual(snapshot.leaks.filter((l) => ["viaProperty", "viaCast", "viaIdentifier", "c", "label"].includes(l.variable_name)), []);
  });
}

test("a read of an object another declaration allocated is never the leak candidate", (t) => {
  const { snapshot } = program.run("leak.js", { MEMSCOPE_LEAK_MS: "0", MEMSCOPE_HOT_SITES: "off" });
  const kinds = siteKinds(snapshot);
  t.is(kinds.get("seen"), "call");
  t.is(kinds.get("rows"), "reads");
  t.is(kinds.get("entry"), "allocates");
  const names = snapshot.leaks.map((l) => l.variable_name);
  t.false(names.includes("rows"), names.join(", "));
  const entry = snapshot.allocations.find((a) => a.variable_name === "entry")!;
  // Each object is counted once: the entry (under its allocation or the call that returned it), the rows array where first seen.
  const rows = snapshot.allocations.filter((a) => a.variable_name === "rows");
  t.is(rows.length, 10);
  t.true(snapshot.summary.total_bytes < entry.size_bytes + 10 * rows[0]!.size_bytes);
});
