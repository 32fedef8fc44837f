/**
 * End to end: every example in fixtures/ is built with tspc and the memscope-ts
 * plugin, run through `memscope run`, and its snapshot validated against the schema;
 * then `memscope diff` finds the web server's leak.
 */
import test from "ava";
import { existsSync, mkdirSync, readFileSync, rmSync } from "node:fs";
import path from "node:path";
import type { Snapshot } from "../../format/snapshot.js";
import { buildExample, EXAMPLE_RUNS, EXAMPLES, reportPaths, runExample } from "../../scripts/examples.js";
import { spawn } from "node:child_process";
import { CLI, memscope, REPO_ROOT } from "./helpers/cli.js";
import { validateSnapshot } from "./helpers/schema.js";

const outDir = path.join(REPO_ROOT, ".tmp/test-cli-examples");

/** What each example must print: proof it ran to the end and did its work. */
const EXPECTED_STDOUT: Record<string, RegExp> = {
  basic_usage: /^6 items, 2 on offer, total 17\.84$/m,
  lifecycle: /^registry still holds 4 jobs$/m,
  complex_showcase: /^edited copy: "Dune vol\. 1 \(annotated\)" \(original still "Dune vol\. 1"\)$/m,
  stress_test: /^stress test: parsed 40000 log lines in 400 chunks, 413 server errors$/m,
  web_server: /^sessions still open: 300 \(leak fix off\)$/m,
  web_server_fixed: /^sessions still open: 0 \(leak fix on\)$/m,
  data_pipeline: /^data pipeline: 12000 lines in, 24 rejected, 120 batches out$/m,
  concurrent: /^concurrent: 4 workers counted 128000 words, 10 distinct$/m,
};

const snapshots = new Map<string, Snapshot>();

test.before(() => {
  rmSync(outDir, { recursive: true, force: true });
  mkdirSync(outDir, { recursive: true });
  for (const example of EXAMPLES) buildExample(example);
});

for (const run of EXAMPLE_RUNS) {
  test.serial(`example ${run.name}: runs, writes the three reports, snapshot matches the schema`, (t) => {
    const result = runExample(run, outDir);
    t.is(result.status, 0, result.stderr);
    t.regex(result.stdout, EXPECTED_STDOUT[run.name]!);
    const files = reportPaths(outDir, run.name);
    for (const file of files) t.true(existsSync(file), `${path.basename(file)} written`);
    t.regex(result.stderr, /memscope: reports written\n/);
    const snapshot = JSON.parse(readFileSync(files[2]!, "utf8")) as Snapshot;
    t.is(validateSnapshot(snapshot), null);
    t.true(snapshot.allocations.length > 0, "the transformer tracked bindings");
    t.is(snapshot.metadata.name, run.name);
    snapshots.set(run.name, snapshot);
  });
}

test.serial("basic_usage registers a destructured value by hand with trackVar", (t) => {
  const snapshot = snapshots.get("basic_usage");
  t.truthy(snapshot);
  t.true(snapshot!.allocations.some((record) => record.variable_name === "pricesAscending"));
  t.true(snapshot!.allocations.some((record) => record.variable_name === "prices" && record.subcategory === "Map"));
});

test.serial("lifecycle shows moves out of a scope and the registry's jobs outliving theirs", (t) => {
  const snapshot = snapshots.get("lifecycle");
  t.truthy(snapshot);
  t.true(snapshot!.relations.some((relation) => relation.kind === "move"));
  const leaked = snapshot!.leaks.filter((leak) => leak.kind === "outlived_scope").map((leak) => leak.variable_name);
  t.true(leaked.includes("job") || leaked.includes("payload"), `leak candidates: ${leaked.join(", ")}`);
});

test.serial("complex_showcase records alias and clone relations", (t) => {
  const snapshot = snapshots.get("complex_showcase");
  t.truthy(snapshot);
  const kinds = new Set(snapshot!.relations.map((relation) => relation.kind));
  t.true(kinds.has("alias"));
  t.true(kinds.has("clone"));
});

test.serial("stress_test records hundreds of thousands of bindings", (t) => {
  const snapshot = snapshots.get("stress_test");
  t.truthy(snapshot, "the stress_test run produced a snapshot");
  t.true(snapshot!.summary.total_allocations + snapshot!.dropped_records >= 200_000);
});

test.serial("concurrent merges the records of its four worker threads", (t) => {
  const snapshot = snapshots.get("concurrent");
  t.truthy(snapshot);
  const threads = new Set(snapshot!.allocations.map((record) => record.thread_id));
  t.is(threads.size, 5, "main thread plus four workers");
  t.true(snapshot!.allocations.some((record) => record.file.endsWith("worker.ts")));
});

test.serial("summary and render work on an example's snapshot", (t) => {
  const file = reportPaths(outDir, "complex_showcase")[2]!;
  const summary = memscope(["summary", file]);
  t.is(summary.status, 0, summary.stderr);
  t.regex(summary.stdout, /Active memory\s+≈?\d/);
  t.regex(summary.stdout, /src\/main\.ts:\d+/);
  const rerendered = path.join(outDir, "rerendered");
  const render = memscope(["render", file, "--out", rerendered, "--html"]);
  t.is(render.status, 0, render.stderr);
  for (const produced of reportPaths(rerendered, "complex_showcase")) t.true(existsSync(produced));
});

test.serial("diff of the fixed and the leaking web server shows the leak's site first and fails the gate", (t) => {
  const [base, head] = [reportPaths(outDir, "web_server_fixed")[2]!, reportPaths(outDir, "web_server")[2]!];
  t.true(existsSync(base) && existsSync(head), "both web server runs wrote snapshots");
  const r = memscope(["diff", base, head, "--fail-on-growth", "10"]);
  t.is(r.status, 1, r.stdout + r.stderr);
  t.regex(r.stderr, /^memscope: live tracked bytes grew \+[\d.]+%, more than --fail-on-growth 10%\n$/);
  const rows = r.stdout.split("\n");
  const header = rows.findIndex((line) => line.startsWith("Variable sites"));
  const firstSite = rows[header + 3] ?? "";
  t.regex(firstSite, /^\s+src\/sessions\.ts:\d+ (scratch|session|cart|sessions)\s/, r.stdout);
  t.regex(firstSite, /\s[1-9]\d*$/, "the leaking sessions are new leak candidates");
  const md = memscope(["diff", "--markdown", base, head]);
  t.is(md.status, 0);
  t.regex(md.stdout, /\| `src\/sessions\.ts:\d+ \w+` \|/);
  // The fixed server compared with itself passes the gate.
  const same = memscope(["diff", base, base, "--fail-on-growth", "10"]);
  t.is(same.status, 0);
});

test.serial("Ctrl-C during `memscope run` (SIGINT to the process group) still writes the reports", async (t) => {
  const lifecycle = EXAMPLE_RUNS.find((run) => run.name === "lifecycle")!;
  const entry = path.join(REPO_ROOT, "fixtures", lifecycle.example, lifecycle.entry);
  // Its own process group, as a terminal's foreground job: the group signal reaches
  // memscope and the program both, and memscope forwards it once more.
  const child = spawn(process.execPath, [CLI, "run", "--out", outDir, "--name", "interrupted", "--", entry], {
    cwd: REPO_ROOT,
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  let sent = false;
  child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  child.stdout.on("data", (chunk: Buffer) => {
    stdout += chunk.toString();
    // The program is now in its final pause: interrupt it there.
    if (!sent && /async stages finished/.test(stdout) && child.pid) {
      sent = true;
      process.kill(-child.pid, "SIGINT");
    }
  });
  const [code, signal] = await new Promise<[number | null, NodeJS.Signals | null]>((resolve) =>
    child.on("exit", (c, s) => resolve([c, s])),
  );
  t.is(signal, "SIGINT", `exit code ${code}; ${stderr}`);
  t.notRegex(stdout, /registry still holds/, "the program was interrupted before its end");
  for (const file of reportPaths(outDir, "interrupted")) t.true(existsSync(file), `${path.basename(file)} written`);
  t.regex(stderr, /memscope: reports written/);
});
