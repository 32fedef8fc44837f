/**
 * Who holds it (precise mode): a function allocates users and a module-level Map in
 * another file keeps them. The leak candidate names the Map's declaration and the
 * entry it sits in, in the JSON (`retainers`, `leaks[].retainer_path`), `memscope
 * summary`, the SVG and the HTML report; without precise mode the reason says what it
 * always said.
 */
import test from "ava";
import * as fs from "node:fs";
import * as path from "node:path";
import { spawnSync } from "node:child_process";
import { repoRoot } from "../../scripts/lib/toolchain.js";
import type { Snapshot } from "../../format/snapshot.js";
import { buildProgram, type BuiltProgram } from "./program.js";

const CACHE = `
export interface User { name: string; avatar: { url: string; pixels: number[] } }
export const searchMemo = new Map<string, User>();
`;

const APP = `
import { searchMemo, type User } from "./cache.js";
function lookUp(name: string): number {
  const user: User = { name, avatar: { url: "/a/" + name + ".png", pixels: new Array<number>(2000).fill(0.5) } };
  searchMemo.set(name, user);
  return user.avatar.pixels.length;
}
let n = 0;
for (const name of ["ada", "brian", "grace"]) n += lookUp(name);
setTimeout(() => console.log(n), 1100);
`;

let program: BuiltProgram;
test.before(() => {
  program = buildProgram("retainers", { "cache.ts": CACHE, "app.ts": APP });
});
test.after.always(() => { if (!process.env.NUMBERS_KEEP) program.remove(); });

const EXPECTED_PATH = ["`searchMemo` Map<string, User> (src/cache.ts:3)", "entry value"];

function userLeak(snapshot: Snapshot) {
  return snapshot.leaks.find((l) => l.variable_name === "user" && l.kind === "outlived_scope");
}

test("precise mode names the Map that holds the leaked users, in every report", (t) => {
  const { snapshot, outDir } = program.run("app.js", { MEMSCOPE_PRECISE: "1" });
  if (process.env.NUMBERS_KEEP) console.log(outDir);
  t.true(snapshot.metadata.precise);
  const leak = userLeak(snapshot);
  t.truthy(leak, JSON.stringify(snapshot.leaks));
  t.deepEqual(leak!.retainer_path, EXPECTED_PATH);
  const sentence = `held through ${EXPECTED_PATH.join(" → ")}`;
  t.true(leak!.reason.includes(sentence), leak!.reason);
  t.false(leak!.reason.includes("something outside the scope"));
  // The raw paths: the user objects' own records, the Map's record on the way.
  const map = snapshot.allocations.find((a) => a.variable_name === "searchMemo")!;
  const users = new Set(snapshot.allocations.filter((a) => a.variable_name === "user").map((a) => a.id));
  const paths = (snapshot.retainers ?? []).filter((p) => users.has(p.record_id));
  t.is(paths.length, 3);
  for (const p of paths) t.true(p.steps.some((s) => s.record_id === map.id));

  const svg = fs.readFileSync(path.join(outDir, "r_memory_analysis.svg"), "utf8");
  t.true(svg.includes(">`searchMemo` Map&lt;string, User&gt; (src/cache.ts:3) → entry value</text>"), "SVG");
  t.true(svg.includes("held by the path below"), "SVG");
  const html = fs.readFileSync(path.join(outDir, "r_report.html"), "utf8");
  t.true(html.includes("held through `searchMemo` Map"), "HTML");
  const summary = spawnSync(process.execPath, [path.join(repoRoot, "dist", "cli", "main.js"), "summary", path.join(outDir, "r_snapshot.json")], {
    encoding: "utf8",
    env: { ...process.env, COLUMNS: "400" },
  });
  t.is(summary.status, 0, summary.stderr);
  t.true(summary.stdout.includes("`searchMemo` Map<string, User> (src/cache.ts:3)"), summary.stdout);
});

test("without precise mode there is no path and the reason is unchanged", (t) => {
  const { snapshot } = program.run("app.js", {});
  const leak = userLeak(snapshot);
  t.truthy(leak);
  t.is(leak!.retainer_path, undefined);
  t.is(snapshot.retainers, undefined);
  t.true(leak!.reason.includes("something outside the scope"));
});
