/**
 * exportAll() and its siblings write checkpoints under their own names
 * (`<name>_checkpoint_<n>`, numbered per thread in call order), so the exit export's
 * `<name>_…` files never overwrite one, and an explicit name is kept as given.
 */
import test from "ava";
import * as path from "node:path";
import { outFiles, receivedSnapshot, removeSandbox, runProgram } from "./helpers.js";

test("checkpoints keep their own files; the exit export writes the final ones", (t) => {
  const result = runProgram("checkpoints");
  const { sandbox } = result;
  try {
    t.is(result.status, 0, result.stderr);
    const paths = JSON.parse(result.stdout) as Record<string, Record<string, string>>;
    t.is(paths.first!.json, path.join(sandbox.outDir, "run_checkpoint_1_snapshot.json"));
    t.is(paths.first!.analysis, path.join(sandbox.outDir, "run_checkpoint_1_memory_analysis.svg"));
    t.is(paths.second!.json, path.join(sandbox.outDir, "run_checkpoint_2_snapshot.json"));
    t.is(paths.named!.json, path.join(sandbox.outDir, "chosen_snapshot.json"));
    t.deepEqual(
      outFiles(sandbox).filter((f) => f.endsWith(".received.json")),
      ["chosen.received.json", "run.received.json", "run_checkpoint_1.received.json", "run_checkpoint_2.received.json"],
    );
    const records = (name: string) => receivedSnapshot(sandbox, name)?.allocations.length;
    t.is(records("run_checkpoint_1"), 1, "the first checkpoint holds what existed then");
    t.is(records("run_checkpoint_2"), 2);
    t.is(records("run"), 3, "the exit export holds everything");
    t.is(receivedSnapshot(sandbox, "run")?.metadata.exit_reason !== "api", true);
  } finally {
    removeSandbox(sandbox);
  }
});
