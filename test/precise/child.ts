/** Runs a compiled fixture of test/precise in a fresh Node process and returns its parsed stdout JSON. */
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";

export function runFixture<T>(name: string, args: readonly string[] = [], expectedStatus = 0): T {
  const script = fileURLToPath(new URL(`./fixtures/${name}.js`, import.meta.url));
  const child = spawnSync(process.execPath, [script, ...args], { encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
  if (child.status !== expectedStatus) {
    throw new Error(`fixture ${name} exited with ${child.status ?? child.signal} (expected ${expectedStatus}): ${child.stderr}`);
  }
  return JSON.parse(child.stdout) as T;
}
