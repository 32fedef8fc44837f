/**
 * With the real export child (render/): programs' exits write the three report
 * files, and the snapshot passes render's reader (format version + JSON Schema).
 */
import test from "ava";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { pathToFileURL } from "node:url";
import { readSnapshot } from "../../render/index.js";
import { distRuntime, programsDir } from "./helpers.js";

for (const [program, args] of [["lifecycle", ["exit"]], ["lifecycle", ["throw"]], ["workers", []]] as const) {
  test(`${program} ${args.join(" ")}: three files written, snapshot valid against the schema`, async (t) => {
    const outDir = fs.mkdtempSync(path.join(os.tmpdir(), "memscope-e2e-"));
    try {
      const run = spawnSync(process.execPath, [path.join(programsDir, `${program}.js`), ...args], {
        encoding: "utf8",
        env: { ...process.env, MEMSCOPE_OUT: outDir, MEMSCOPE_NAME: "e2e", MS_RUNTIME_URL: pathToFileURL(path.join(distRuntime, "index.js")).href },
        timeout: 120_000,
      });
      t.not(run.status, null, run.stderr);
      t.deepEqual(fs.readdirSync(outDir).sort(), ["e2e_lifecycle_timeline.svg", "e2e_memory_analysis.svg", "e2e_report.html", "e2e_snapshot.json"]);
      const snapshot = await readSnapshot(path.join(outDir, "e2e_snapshot.json"));
      t.true(snapshot.allocations.length > 0);
      t.is(snapshot.metadata.thread_count, program === "workers" ? 5 : 1);
    } finally {
      fs.rmSync(outDir, { recursive: true, force: true });
    }
  });
}
