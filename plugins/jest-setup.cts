/**
 * memscope-ts/jest/setup (setupFilesAfterEnv): when a test file's tests are done, it
 * writes what the runtime recorded in the file's sandbox as a part of the run's report;
 * the reporter (memscope-ts/jest/reporter) merges the parts when the run ends. Jest
 * gives test code a copy of `process` whose exit event never fires, so this is the
 * test file's export. CommonJS, self-contained: Jest's module system only `require`s.
 */
interface PartRuntime {
  getStats(): { sites: number };
  exportJson(options: { outDir: string; name: string }): Promise<unknown>;
}
type Hook = (fn: () => Promise<void>, timeout?: number) => void;

// MEMSCOPE_TEST_RUN_PARTS (format/settings.ts), set by the reporter.
const partsDir = process.env["MEMSCOPE_TEST_RUN_PARTS"];
const PART = Symbol.for("memscope-ts.test-run-part");

function partName(): string {
  const holder = globalThis as unknown as Record<symbol, string | undefined>;
  const { threadId } = require("node:worker_threads") as { threadId: number };
  holder[PART] ??= `part-${process.pid}-${threadId}-${Math.random().toString(36).slice(2, 10)}`;
  return holder[PART];
}

const afterAllHook = ((globalThis as { afterAll?: Hook }).afterAll ?? (require("@jest/globals") as { afterAll: Hook }).afterAll);

afterAllHook(async () => {
  if ((process.env["MEMSCOPE"] ?? "").trim().toLowerCase() === "off") return;
  try {
    const runtime = require("memscope-ts/runtime") as PartRuntime;
    if (runtime.getStats().sites === 0) return;
    if (!partsDir) {
      // Without the reporter nobody would merge the parts: say what is missing, once per test file.
      process.stderr.write('memscope-ts: no report for this test file: add "memscope-ts/jest/reporter" to Jest\'s reporters (it merges the test files\' records)\n');
      return;
    }
    await runtime.exportJson({ outDir: partsDir, name: partName() });
  } catch (error) {
    process.stderr.write(`memscope-ts: this test file's records are not in the run's report: ${error instanceof Error ? error.message : String(error)}\n`);
  }
}, 120_000);
