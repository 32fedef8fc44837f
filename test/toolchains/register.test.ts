/**
 * `node --import memscope-ts/register src/app.ts` on every user Node that has
 * module.registerHooks and type stripping (22.18+, 24, 26): the app runs as it does
 * plainly, writes its three reports with names and file:line of the TypeScript source,
 * the second run serves every file from the cache (no type check), MEMSCOPE=off loads
 * every file as written, and Node 20 stops with one line.
 */
import test from "ava";
import * as fs from "node:fs";
import * as path from "node:path";
import { copyApp, PLAIN_OUTPUT, programStderr, reportProblems, run, userNodes } from "./helpers.js";

for (const node of userNodes()) {
  test.serial(`Node ${node.major}: --import memscope-ts/register, ESM app, cold and warm`, (t) => {
    const dir = copyApp(`register-${node.major}`);
    // The cache goes to the project's node_modules/.cache when there is one: a fresh one here.
    fs.mkdirSync(path.join(dir, "node_modules"));
    const plain = run(node.bin, ["src/app.ts"], dir);
    t.is(plain.stdout, PLAIN_OUTPUT);
    const stats = path.join(dir, "stats.json");
    const cold = run(node.bin, ["--import", "memscope-ts/register", "src/app.ts"], dir, { MEMSCOPE_OUT: "out-cold", MEMSCOPE_REGISTER_STATS: stats });
    t.is(cold.status, 0, cold.stderr);
    t.is(cold.stdout, plain.stdout);
    t.is(programStderr(cold.stderr), programStderr(plain.stderr));
    t.deepEqual(reportProblems(path.join(dir, "out-cold"), dir), []);
    t.deepEqual(JSON.parse(fs.readFileSync(stats, "utf8")), { instrumented: 3, checked: 3, cacheHits: 0 });

    const warm = run(node.bin, ["--import", "memscope-ts/register", "src/app.ts"], dir, { MEMSCOPE_OUT: "out-warm", MEMSCOPE_REGISTER_STATS: stats });
    t.is(warm.stdout, plain.stdout);
    t.deepEqual(JSON.parse(fs.readFileSync(stats, "utf8")), { instrumented: 3, checked: 0, cacheHits: 3 });
    t.true(fs.readdirSync(path.join(dir, "node_modules/.cache/memscope-ts/register")).length === 3);
    t.deepEqual(reportProblems(path.join(dir, "out-warm"), dir), []);

    // One changed file is checked again; the files that import it are too (their types may change).
    fs.appendFileSync(path.join(dir, "src/report.ts"), "\nexport const unused = [1];\n");
    run(node.bin, ["--import", "memscope-ts/register", "src/app.ts"], dir, { MEMSCOPE_OUT: "out-edit", MEMSCOPE_REGISTER_STATS: stats });
    t.deepEqual(JSON.parse(fs.readFileSync(stats, "utf8")), { instrumented: 3, checked: 2, cacheHits: 1 });

    const off = run(node.bin, ["--import", "memscope-ts/register", "src/app.ts"], dir, { MEMSCOPE: "off", MEMSCOPE_OUT: "out-off", MEMSCOPE_REGISTER_STATS: stats });
    t.is(off.stdout, plain.stdout);
    t.false(fs.existsSync(path.join(dir, "out-off")));
    t.is(off.stderr, plain.stderr);
  });

  test.serial(`Node ${node.major}: --import tsx --import memscope-ts/register instruments what tsx would compile`, (t) => {
    const dir = copyApp(`register-tsx-${node.major}`);
    const r = run(node.bin, ["--import", "tsx", "--import", "memscope-ts/register", "src/app.ts"], dir, { MEMSCOPE_OUT: "out" });
    t.is(r.stdout, PLAIN_OUTPUT);
    t.deepEqual(reportProblems(path.join(dir, "out"), dir), []);
  });
}

test("Node without module.registerHooks: one line naming what to use instead, exit 2", (t) => {
  if (typeof (process as unknown as { getBuiltinModule?: unknown }).getBuiltinModule === "function" && process.versions.node.startsWith("2") && Number(process.versions.node.split(".")[0]) >= 22) {
    t.pass("this Node has registerHooks");
    return;
  }
  const dir = copyApp("register-old-node");
  const r = run(process.execPath, ["--import", "memscope-ts/register", "src/app.ts"], dir);
  t.is(r.status, 2);
  t.is(r.stdout, "");
  t.regex(r.stderr, /^memscope-ts: memscope-ts\/register needs module\.registerHooks \(Node >= 22\.15; this is Node 20\.[\d.]+\): run on Node 22\.18\+, or build with tspc/);
  t.is(r.stderr.trim().split("\n").length, 1);
});
