/**
 * The report of a test run (Vitest, Jest), in the runner's own process: every test file
 * writes its records as a part (a snapshot JSON, from the setup file memscope-ts adds,
 * when its tests are done), and at the end of the run the parts are merged
 * (`memscope merge --test-run`, in a child process) into one report named after the
 * project and the runner, `<package name>_vitest` / `<package name>_jest`. Workers
 * (Vitest threads or forks, Jest workers) each add their parts: none replaces another's.
 *
 * The runner's process only sets where its workers write (MEMSCOPE_TEST_RUN_PARTS, which
 * they inherit) and runs the merge; it never loads the runtime.
 */
import { spawn } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { fileURLToPath } from "node:url";
import { safeReportName } from "../format/report-name.js";
import { SETTING_NAMES } from "../format/settings.js";
import { findTsconfig } from "../transformer/source/index.js";

/** Where a worker writes its parts (read by plugins/vitest-setup.ts and plugins/jest-setup.cts). */
export const PARTS_VARIABLE = SETTING_NAMES.testRunParts;
const PREFIX = "memscope-ts:";
const CLI = fileURLToPath(new URL("../cli/main.js", import.meta.url));

export function trackingOff(env: NodeJS.ProcessEnv = process.env): boolean {
  return (env[SETTING_NAMES.off] ?? "").trim().toLowerCase() === "off";
}

/** `<package name>_<runner>` for the folder the runner runs in (the package.json beside the nearest tsconfig, else in it). */
export function testRunReportName(root: string, runner: "vitest" | "jest"): string {
  let name = path.basename(root);
  const config = findTsconfig(root);
  const pkgFile = path.join(config ? path.dirname(config) : root, "package.json");
  try {
    const pkg = JSON.parse(fs.readFileSync(pkgFile, "utf8")) as { name?: unknown };
    if (typeof pkg.name === "string" && pkg.name !== "") name = pkg.name;
  } catch {
    // no package.json: the folder's name
  }
  return `${name.replace(/^@/, "").replace(/[^\w.-]+/g, "-")}_${runner}`;
}

export interface TestRun {
  /** the report's base name */
  name: string;
  outDir: string;
  partsDir: string;
}

/**
 * Sets up the run in the runner's process: the report's name (MEMSCOPE_NAME when set),
 * the parts folder (inside the output folder, one per runner process), and the
 * environment the workers inherit. Undefined with MEMSCOPE=off.
 */
export function startTestRun(runner: "vitest" | "jest", root: string, name?: string): TestRun | undefined {
  const env = process.env;
  if (trackingOff(env)) return undefined;
  const reportName = safeReportName(name ?? env[SETTING_NAMES.name] ?? testRunReportName(root, runner));
  // Where the runtime in a worker (same working directory) would write.
  const outDir = path.resolve(env[SETTING_NAMES.outDir] || "memscope-out");
  const partsDir = path.join(outDir, `.${reportName}.parts-${process.pid}`);
  env[PARTS_VARIABLE] = partsDir;
  return { name: reportName, outDir, partsDir };
}

/** A new run of the same runner process (watch mode): the previous run's parts are gone. */
export function clearParts(run: TestRun): void {
  fs.rmSync(run.partsDir, { recursive: true, force: true });
}

function partFiles(run: TestRun): string[] {
  try {
    return fs
      .readdirSync(run.partsDir)
      .filter((f) => f.endsWith("_snapshot.json"))
      .sort()
      .map((f) => path.join(run.partsDir, f));
  } catch {
    return [];
  }
}

/**
 * Merges the run's parts into its report and removes them. Resolves to the lines to
 * show (none unless MEMSCOPE_VERBOSE=1, or one line when the merge failed, with the
 * parts kept for `memscope merge`). Never rejects: the test run's outcome is the tests'.
 */
export function finishTestRun(run: TestRun): Promise<string[]> {
  const parts = partFiles(run);
  if (parts.length === 0) {
    clearParts(run);
    return Promise.resolve([]);
  }
  return new Promise((resolve) => {
    let stderr = "";
    let stdout = "";
    const child = spawn(process.execPath, [CLI, "merge", "--test-run", ...parts, "--out", run.outDir, "--name", run.name], {
      stdio: ["ignore", "pipe", "pipe"],
      env: { ...process.env, [SETTING_NAMES.off]: "off", NODE_OPTIONS: "" },
      windowsHide: true,
    });
    child.stdout.setEncoding("utf8").on("data", (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
    const failed = (why: string): void =>
      resolve([`${PREFIX} could not merge the test run's ${parts.length} part(s) into ${run.name}: ${why}; the parts are kept in ${run.partsDir}`]);
    child.on("error", (error) => failed(error.message));
    child.on("close", (code, signal) => {
      if (code !== 0) {
        failed(stderr.trim().split("\n")[0]?.replace(/^memscope: /, "") || (signal ? `killed by ${signal}` : `exit code ${code}`));
        return;
      }
      clearParts(run);
      const verbose = process.env[SETTING_NAMES.verbose] === "1";
      resolve(verbose ? [`${PREFIX} ${stdout.trim().split("\n").join(`\n${PREFIX} `)}`] : []);
    });
  });
}
