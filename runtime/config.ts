/**
 * Run-time configuration: the MEMSCOPE_* settings (parsed by format/settings.ts) read
 * once when the runtime loads, with the output directory resolved and the report named.
 */
import * as path from "node:path";
import { runtimeSettings, type RuntimeSettings } from "../format/settings.js";

export interface RuntimeConfig extends Omit<RuntimeSettings, "name"> {
  name: string;
}

/** Entry script's base name without extension, the default report name. */
function entryName(argv: readonly string[]): string {
  const entry = argv[1];
  if (typeof entry !== "string" || entry === "") return "memscope";
  const base = path.basename(entry).replace(/\.[^.]*$/, "");
  return base === "" ? "memscope" : base;
}

export function readConfig(env: NodeJS.ProcessEnv, argv: readonly string[], cwd: string): RuntimeConfig {
  const settings = runtimeSettings(env);
  return { ...settings, outDir: path.resolve(cwd, settings.outDir), name: settings.name ?? entryName(argv) };
}
