/**
 * The setup file the Vitest plugin adds (test.setupFiles): when a test file's tests are
 * done, its worker writes what the runtime recorded as a part of the run's report
 * (plugins/test-run.ts merges the parts when the run ends). One part per runtime store:
 * a worker that runs several files without isolation rewrites its own part with the
 * records so far, so no record is counted twice.
 */
import { afterAll } from "vitest";
import { threadId } from "node:worker_threads";
import { RUNTIME_MODULE } from "../format/protocol.js";
import { SETTING_NAMES } from "../format/settings.js";

interface PartRuntime {
  getStats(): { sites: number };
  exportJson(options: { outDir: string; name: string }): Promise<unknown>;
}

const PART = Symbol.for("memscope-ts.test-run-part");
const partsDir = process.env[SETTING_NAMES.testRunParts];

// The part is this worker's export: a fork's export at its exit would only write a
// report of its own beside the run's. The runtime reads its settings once, when it
// loads, so it is loaded here with the exit export off, and the variable is put back
// at once (a program a test starts still exports at its exit).
if (partsDir) {
  const previous = process.env[SETTING_NAMES.exportAtExit];
  process.env[SETTING_NAMES.exportAtExit] = "0";
  try {
    await import(RUNTIME_MODULE);
  } catch {
    // no runtime: nothing is recorded, nothing to write
  } finally {
    if (previous === undefined) delete process.env[SETTING_NAMES.exportAtExit];
    else process.env[SETTING_NAMES.exportAtExit] = previous;
  }
}

function partName(): string {
  const holder = globalThis as unknown as Record<symbol, string | undefined>;
  holder[PART] ??= `part-${process.pid}-${threadId}-${Math.random().toString(36).slice(2, 10)}`;
  return holder[PART];
}

afterAll(async () => {
  const dir = partsDir;
  if (!dir) return;
  try {
    const runtime = (await import(RUNTIME_MODULE)) as PartRuntime;
    if (runtime.getStats().sites > 0) await runtime.exportJson({ outDir: dir, name: partName() });
  } catch (error) {
    process.stderr.write(`memscope-ts: this test file's records are not in the run's report: ${error instanceof Error ? error.message : String(error)}\n`);
  }
}, 120_000);
