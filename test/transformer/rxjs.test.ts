/**
 * rxjs's TypeScript sources compiled with the plugin: no diagnostic added, the
 * instrumented build runs a workload of pipelines exactly like the plain build, and the
 * recording runtime sees bindings from rxjs's own code tracked without protocol
 * violations. (Compile-time ratio: scripts/bench/compile.ts, not asserted here.)
 */
import test from "ava";
import * as fs from "node:fs";
import * as path from "node:path";
import { buildRxjs } from "../../scripts/bench/compile.js";
import type { Recording } from "./corpus.js";
import { runNode } from "./run.js";
import { RECORDING_RUNTIME, REPO_ROOT, TMP_ROOT } from "./toolchain.js";

test("rxjs compiled with the plugin: same diagnostics, same workload output", async (t) => {
  const builds = buildRxjs({ runtimeModule: RECORDING_RUNTIME });
  t.deepEqual(builds.instrumented.diagnostics, builds.plain.diagnostics, "the plugin adds no diagnostics");
  t.deepEqual(builds.instrumented.emitted, builds.plain.emitted);
  const instrumentedFiles = builds.instrumented.emitted.filter(
    (f) => f.endsWith(".js") && fs.readFileSync(path.join(builds.instrumentedDir, f), "utf8").includes("__memscope.registerFile("),
  );
  t.true(instrumentedFiles.length >= 50, `only ${instrumentedFiles.length} rxjs files instrumented`);
  for (const f of builds.plain.emitted.filter((f) => f.endsWith(".d.ts"))) {
    t.is(fs.readFileSync(path.join(builds.instrumentedDir, f), "utf8"), fs.readFileSync(path.join(builds.plainDir, f), "utf8"), f);
  }

  const workload = path.join(REPO_ROOT, "dist/test/transformer/rxjs-workload.cjs");
  const record = path.join(TMP_ROOT, "rxjs", "record.json");
  fs.rmSync(record, { force: true });
  const a = await runNodeWith(workload, builds.plainDir, {});
  const b = await runNodeWith(workload, builds.instrumentedDir, { MEMSCOPE_RECORD: record });
  t.is(a.code, 0, a.stderr);
  t.true(a.stdout.split("\n").length >= 30, "the workload printed its pipelines");
  t.is(b.stdout, a.stdout);
  t.is(b.stderr, a.stderr);
  t.is(b.code, a.code);
  const recording = JSON.parse(fs.readFileSync(record, "utf8")) as Recording;
  t.deepEqual(recording.violations, []);
  t.true(Object.values(recording.tracks).reduce((x, y) => x + y, 0) > 100, "rxjs bindings were tracked at run time");
});

function runNodeWith(script: string, rxjsDir: string, env: Record<string, string>) {
  return runNode(script, { cwd: TMP_ROOT, env, timeoutMs: 60_000, args: [rxjsDir] });
}
