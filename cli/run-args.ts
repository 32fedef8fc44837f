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

export const REPORT_SUFFIXES = {
  analysis: "_memory_analysis.svg",
  timeline: "_lifecycle_timeline.svg",
  json: "_snapshot.json",
} as const;

/** The runtime's default report name: the entry script's base name without extension. */
export function defaultReportName(script: string): string {
  const base = script.split(/[\\/]/).pop() ?? script;
  const dot = base.lastIndexOf(".");
  return dot > 0 ? base.slice(0, dot) : base;
}
