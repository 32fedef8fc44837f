/** Runs a compiled fixture of test/precise in a fresh Node process and returns its parsed stdout JSON. */
import { execFileSync } from "node:child_process";
import { fileURLToPath } from "node:url";

export function runFixture<T>(name: string, args: readonly string[] = [], env: NodeJS.ProcessEnv = {}): T {
  const script = fileURLToPath(new URL(`./fixtures/${name}.js`, import.meta.url));
  const stdout = execFileSync(process.execPath, [script, ...args], {
    encoding: "utf8",
    env: { ...process.env, ...env },
    maxBuffer: 64 * 1024 * 1024,
  });
  return JSON.parse(stdout) as T;
}
