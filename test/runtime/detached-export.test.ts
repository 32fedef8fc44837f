/**
 * MEMSCOPE_EXPORT=detached (opt-in): the program exits without waiting for the export
 * child, which still receives the raw snapshot and finishes on its own. The default
 * keeps waiting (the exit tests and end-to-end tests read the reports right after).
 */
import test from "ava";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { exitExportMode } from "../../runtime/exporter.js";
import { makeSandbox, programsDir, readRawFile, removeSandbox } from "./helpers.js";

test("MEMSCOPE_EXPORT selects the exit export mode; anything but 'detached' waits", (t) => {
  t.is(exitExportMode({}), "wait");
  t.is(exitExportMode({ MEMSCOPE_EXPORT: "" }), "wait");
  t.is(exitExportMode({ MEMSCOPE_EXPORT: "wait" }), "wait");
  t.is(exitExportMode({ MEMSCOPE_EXPORT: "async" }), "wait");
  t.is(exitExportMode({ MEMSCOPE_EXPORT: "detached" }), "detached");
  t.is(exitExportMode({ MEMSCOPE_EXPORT: " Detached " }), "detached");
});

async function waitFor(file: string, timeoutMs: number): Promise<boolean> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if (fs.existsSync(file)) return true;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return fs.existsSync(file);
}

test("detached: the program exits while the export child is still running; the child then gets the raw snapshot", async (t) => {
  const sandbox = makeSandbox();
  const go = path.join(sandbox.dir, "go");
  // The stand-in child waits for the test's go-ahead: a waiting exit would never return.
  fs.writeFileSync(
    path.join(sandbox.dir, "render", "export-child.js"),
    `import * as fs from "node:fs";
import * as path from "node:path";
const [raw, outDir, name] = process.argv.slice(2);
const until = Date.now() + 30000;
while (!fs.existsSync(${JSON.stringify(go)}) && Date.now() < until) await new Promise((r) => setTimeout(r, 20));
fs.mkdirSync(outDir, { recursive: true });
fs.copyFileSync(raw, path.join(outDir, name + ".received.json"));
fs.rmSync(raw);
`,
  );
  const run = spawnSync(process.execPath, [path.join(programsDir, "lifecycle.js"), "exit"], {
    cwd: sandbox.dir,
    encoding: "utf8",
    // stderr not piped: a pipe would stay open in the child and spawnSync would wait for it.
    stdio: ["ignore", "pipe", "ignore"],
    env: { ...process.env, MEMSCOPE_OUT: sandbox.outDir, MEMSCOPE_NAME: "run", MS_RUNTIME_URL: sandbox.runtimeUrl, MEMSCOPE_EXPORT: "detached" },
    timeout: 20_000,
  });
  t.is(run.error, undefined, "the program exited without waiting for the export child");
  t.is(run.status, 0);
  t.is(run.stdout, "done 10\n");
  const received = path.join(sandbox.outDir, "run.received.json");
  t.false(fs.existsSync(received));
  fs.writeFileSync(go, "");
  t.true(await waitFor(received, 30_000), "the detached child finished after the program");
  const raw = readRawFile(received);
  t.is(raw.allocations.length, 41);
  t.is(raw.metadata.exit_reason, "exit");
  removeSandbox(sandbox);
});
