// declare, ambient declarations and namespaces.
// @tracked defaults collection/Array string[]
// @tracked local collection/Map Map<string, number>
// @untracked injected
declare const injected: string[];
declare global { interface Window { memscopeDemo: string } }
namespace Config {
  export const defaults = ["a", "b"];
  const local = new Map<string, number>([["k", 1]]);
  export function get(): number { return local.get("k") ?? 0; }
}
console.log(Config.defaults.join(), Config.get(), typeof (globalThis as { injected?: unknown }).injected);
