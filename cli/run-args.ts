/**
 * Split `memscope run` arguments into memscope's own options and the program's
 * command line. Everything after `--` belongs to the program; without `--`, the
 * first argument that is not one of memscope's options starts the program, so
 * `memscope run --out x app.js --port 1` gives `--port 1` to app.js. Pure.
 */
const TAKES_VALUE = new Set(["--out", "-o", "--name", "--sample-ms"]);

export function splitRunArgs(args: string[]): { own: string[]; program: string[] } {
  const separator = args.indexOf("--");
  if (separator >= 0) return { own: args.slice(0, separator), program: args.slice(separator + 1) };
  let i = 0;
  while (i < args.length) {
    const arg = args[i]!;
    if (!arg.startsWith("-") || arg === "-") break;
    i += TAKES_VALUE.has(arg) ? 2 : 1;
  }
  return { own: args.slice(0, Math.min(i, args.length)), program: args.slice(i) };
}

/**
 * The runtime's default report name (runtime/config.ts): the entry script's base name
 * without its last extension, "memscope" when nothing is left.
 */
export function defaultReportName(script: string): string {
  const base = (script.split(/[\\/]/).pop() ?? script).replace(/\.[^.]*$/, "");
  return base === "" ? "memscope" : base;
}

/** An environment variable as the runtime reads it: unset or empty means "not given". */
export function envValue(env: NodeJS.ProcessEnv, key: string): string | undefined {
  const value = env[key];
  return value === undefined || value === "" ? undefined : value;
}
