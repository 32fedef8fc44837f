/** Loads a sandboxed runtime into the test process itself (exports go to the sandbox). */
import { makeSandbox, type Sandbox } from "./helpers.js";
import type { Runtime } from "./programs/runtime-url.js";

export async function loadSandboxedRuntime(env: Record<string, string> = {}): Promise<{ rt: Runtime; sandbox: Sandbox }> {
  const sandbox = makeSandbox();
  process.env.MEMSCOPE_OUT = sandbox.outDir;
  process.env.MEMSCOPE_NAME = "in-process";
  for (const [key, value] of Object.entries(env)) process.env[key] = value;
  const rt = (await import(sandbox.runtimeUrl)) as Runtime;
  return { rt, sandbox };
}

export function tick(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
