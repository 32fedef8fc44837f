/** Runs built programs with node and captures what a user would see. */
import { spawn } from "node:child_process";

export interface RunResult {
  stdout: string;
  stderr: string;
  code: number | null;
  signal: string | null;
}

export function runNode(
  file: string,
  options: { cwd: string; env?: Record<string, string>; timeoutMs?: number; args?: readonly string[] },
): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--enable-source-maps", file, ...(options.args ?? [])], {
      cwd: options.cwd,
      env: { ...process.env, MEMSCOPE: "", NODE_OPTIONS: "", ...options.env },
      stdio: ["ignore", "pipe", "pipe"],
      timeout: options.timeoutMs ?? 60_000,
    });
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (d: string) => (stdout += d));
    child.stderr.setEncoding("utf8").on("data", (d: string) => (stderr += d));
    child.on("error", reject);
    child.on("close", (code, signal) => resolve({ stdout, stderr, code, signal }));
  });
}

/** Maps over items with at most `limit` promises in flight (the machine has 2 cores). */
export async function mapLimit<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await fn(items[i]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}
