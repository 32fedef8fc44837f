/**
 * The main job: build the showcase with tspc and the memscope-ts plugin, run it with
 * tracking on, and print where the four report files are.
 */
import { existsSync, rmSync, statSync } from "node:fs";
import path from "node:path";
import { compileProject, repoRoot, runScript } from "./lib/toolchain.js";

const project = path.join(repoRoot, "fixtures/showcase");
const outDir = path.join(repoRoot, "memscope-out");
const name = "showcase";
const reports = [
  `${name}_snapshot.json`,
  `${name}_memory_analysis.svg`,
  `${name}_lifecycle_timeline.svg`,
  `${name}_report.html`,
].map((file) => path.join(outDir, file));

function fail(message: string): never {
  process.stderr.write(`demo: ${message}\n`);
  process.exit(1);
}

console.log("Building fixtures/showcase with tspc and the memscope-ts plugin…");
try {
  compileProject({ project, instrumented: true });
} catch (error) {
  fail(error instanceof Error ? error.message : String(error));
}

for (const report of reports) rmSync(report, { force: true });
console.log("Running the instrumented showcase:\n");
const run = runScript(path.join(project, "dist/showcase.js"), {
  env: { MEMSCOPE_OUT: outDir, MEMSCOPE_NAME: name },
});
process.stdout.write(run.stdout.replace(/^/gm, "  "));
process.stderr.write(run.stderr);
if (run.status !== 0) fail(`the showcase exited with ${run.status ?? run.signal}`);

const missing = reports.filter((report) => !existsSync(report));
if (missing.length > 0) fail(`the run did not write ${missing.map((m) => path.relative(repoRoot, m)).join(", ")}`);

console.log("\nmemscope-ts wrote:");
for (const report of reports) {
  const kb = (statSync(report).size / 1024).toFixed(1);
  console.log(`  ${path.relative(process.cwd(), report)}  (${kb} KB)`);
}
