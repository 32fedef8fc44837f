/** Programs load the runtime from MS_RUNTIME_URL (a sandboxed copy, see helpers.ts). */
export type Runtime = typeof import("../../../runtime/index.js");

export async function loadRuntime(): Promise<Runtime> {
  return (await import(process.env.MS_RUNTIME_URL!)) as Runtime;
}

export function tick(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
