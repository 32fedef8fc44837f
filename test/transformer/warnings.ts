/** Runs fn with console.warn captured (the transformer reports through it inside tspc). */
export function captureWarnings<T>(fn: () => T): { result: T; warnings: string[] } {
  const warnings: string[] = [];
  const original = console.warn;
  console.warn = (...args: unknown[]) => void warnings.push(args.map(String).join(" "));
  try {
    return { result: fn(), warnings };
  } finally {
    console.warn = original;
  }
}
