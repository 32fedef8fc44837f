/**
 * Building and running TypeScript projects the way a user does: plain `tsc`, or
 * ts-patch's `tspc` (which loads the plugins named in tsconfig). Shared by the demo,
 * the examples runner, the benchmarks and the tests.
 */
import { spawnSync, type SpawnSyncReturns } from "node:child_process";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";

const require = createRequire(import.meta.url);

/** The repository root (this file is dist/scripts/lib/toolchain.js once built). */
export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..");

export const tscBin = require.resolve("typescript/bin/tsc");
export const tspcBin = require.resolve("ts-patch/bin/tspc.js");

export interface RunResult {
  status: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

function toResult(result: SpawnSyncReturns<string>): RunResult {
  if (result.error) throw result.error;
  return { status: result.status, signal: result.signal, stdout: result.stdout, stderr: result.stderr };
}

export interface CompileOptions {
  /** Directory holding tsconfig.json. */
  project: string;
  /** Overrides the tsconfig's outDir. */
  outDir?: string;
  /** Compile with tspc (plugins on) instead of plain tsc. */
  instrumented: boolean;
  env?: NodeJS.ProcessEnv;
}

/** Compiles a project; throws with the compiler's output when it reports errors. */
export function compileProject(options: CompileOptions): RunResult {
  const args = [options.instrumented ? tspcBin : tscBin, "-p", options.project];
  if (options.outDir) args.push("--outDir", options.outDir);
  const result = toResult(
    spawnSync(process.execPath, args, {
      cwd: repoRoot,
      encoding: "utf8",
      env: { ...process.env, ...options.env },
    }),
  );
  if (result.status !== 0) {
    const compiler = options.instrumented ? "tspc" : "tsc";
    throw new Error(`${compiler} -p ${options.project} failed:\n${result.stdout}${result.stderr}`);
  }
  return result;
}

export interface RunOptions {
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  nodeArgs?: string[];
  args?: string[];
  timeoutMs?: number;
}

/** Runs a built script with this Node, capturing its output. */
export function runScript(script: string, options: RunOptions = {}): RunResult {
  return toResult(
    spawnSync(process.execPath, [...(options.nodeArgs ?? []), script, ...(options.args ?? [])], {
      cwd: options.cwd ?? repoRoot,
      encoding: "utf8",
      env: { ...process.env, ...options.env },
      timeout: options.timeoutMs ?? 120_000,
      maxBuffer: 64 * 1024 * 1024,
    }),
  );
}
