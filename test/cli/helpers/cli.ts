/** Run the built CLI (dist/cli/main.js) as a child process, the way a user does. */
import { spawnSync, type SpawnSyncReturns } from "node:child_process";
import { fileURLToPath } from "node:url";

/** Repository root, from dist/test/cli/helpers/. */
export const REPO_ROOT = fileURLToPath(new URL("../../../../", import.meta.url));
export const CLI = fileURLToPath(new URL("../../../cli/main.js", import.meta.url));

export interface CliResult {
  status: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export function memscope(
  args: string[],
  options: { cwd?: string; env?: NodeJS.ProcessEnv; timeoutMs?: number } = {},
): CliResult {
  const result: SpawnSyncReturns<string> = spawnSync(process.execPath, [CLI, ...args], {
    cwd: options.cwd ?? REPO_ROOT,
    env: { ...process.env, ...options.env },
    encoding: "utf8",
    timeout: options.timeoutMs ?? 120_000,
  });
  if (result.error) throw result.error;
  return { status: result.status, signal: result.signal, stdout: result.stdout, stderr: result.stderr };
}

/** A user-facing failure: exactly one line on stderr, prefixed, and no stack frame. */
export function isOneLineError(stderr: string): boolean {
  const lines = stderr.split("\n").filter((line) => line.length > 0);
  return lines.length === 1 && lines[0]!.startsWith("memscope: ") && !/\n\s+at /.test(stderr);
}
