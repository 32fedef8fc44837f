/**
 * memscope-ts/jest/reporter: the report of a Jest run, whatever the number of workers.
 * Its constructor runs in Jest's own process before any worker starts, so the workers
 * inherit where to write their parts (plugins/test-run.ts); when the run completes it
 * merges them into `<package name>_jest` (the reporter option `name` or MEMSCOPE_NAME
 * names it otherwise).
 *
 *   reporters: ["default", "memscope-ts/jest/reporter"]
 */
import process from "node:process";
import { clearParts, finishTestRun, startTestRun, type TestRun } from "./test-run.js";

export interface MemscopeReporterOptions {
  name?: string;
}

export default class MemscopeJestReporter {
  private readonly run: TestRun | undefined;

  constructor(globalConfig: { rootDir?: string } | undefined, options: MemscopeReporterOptions | undefined) {
    this.run = startTestRun("jest", globalConfig?.rootDir ?? process.cwd(), typeof options?.name === "string" ? options.name : undefined);
  }

  onRunStart(): void {
    if (this.run) clearParts(this.run);
  }

  async onRunComplete(): Promise<void> {
    if (!this.run) return;
    for (const line of await finishTestRun(this.run)) process.stderr.write(`${line}\n`);
  }

  getLastError(): undefined {
    return undefined;
  }
}
