/**
 * `npm run examples`: build every example in fixtures/ with tspc and the memscope-ts
 * plugin, run each through `memscope run`, and print where its reports are.
 * The web server runs twice — with its leak and with the fix — so that
 * `memscope diff` has a pair to compare.
 */
import { existsSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { compileProject, repoRoot, runScript, type RunResult } from "./lib/toolchain.js";

export interface ExampleRun {
  /** Report name (MEMSCOPE_NAME). */
  name: string;
  /** Folder under fixtures/. */
  example: string;
  /** Built entry script, relative to the example's folder. */
  entry: string;
  args?: string[];
  description: string;
}

export const EXAMPLE_RUNS: ExampleRun[] = [
  { name: "basic_usage", example: "basic_usage", entry: "dist/main.js", description: "arrays, Map, Set, strings, a class instance" },
  { name: "lifecycle", example: "lifecycle", entry: "dist/main.js", description: "scopes, moves, async and generator lifetimes, leak candidates" },
  { name: "complex_showcase", example: "complex_showcase", entry: "dist/main.js", description: "nested collections, aliases and clones" },
  { name: "stress_test", example: "stress_test", entry: "dist/main.js", description: "hundreds of thousands of bindings in thousands of scopes" },
  { name: "web_server", example: "web_server", entry: "dist/server.js", description: "node:http with a leaking session store" },
  { name: "web_server_fixed", example: "web_server", entry: "dist/server.js", args: ["--fix-leak"], description: "the same server with the leak fixed" },
  { name: "data_pipeline", example: "data_pipeline", entry: "dist/main.js", description: "node:stream transforms over generated records" },
  { name: "concurrent", example: "concurrent", entry: "dist/main.js", description: "four worker_threads, merged into one report" },
];

export const EXAMPLES = [...new Set(EXAMPLE_RUNS.map((run) => run.example))];

export const REPORT_FILES = ["memory_analysis.svg", "lifecycle_timeline.svg", "snapshot.json", "report.html"] as const;

export const cliMain = path.join(repoRoot, "dist/cli/main.js");

export function buildExample(example: string): void {
  compileProject({ project: path.join(repoRoot, "fixtures", example), instrumented: true });
}

/** Runs one example through `memscope run` into outDir; the reports are `<outDir>/<name>_*`. */
export function runExample(run: ExampleRun, outDir: string, env: NodeJS.ProcessEnv = {}): RunResult {
  const entry = path.join(repoRoot, "fixtures", run.example, run.entry);
  return runScript(cliMain, {
    args: ["run", "--out", outDir, "--name", run.name, "--", entry, ...(run.args ?? [])],
    env,
    timeoutMs: 180_000,
  });
}

export function reportPaths(outDir: string, name: string): string[] {
  return REPORT_FILES.map((suffix) => path.join(outDir, `${name}_${suffix}`));
}

function main(): void {
  const outDir = path.join(repoRoot, "memscope-out/examples");
  let failures = 0;
  for (const example of EXAMPLES) {
    process.stdout.write(`building fixtures/${example} with tspc…\n`);
    buildExample(example);
  }
  for (const run of EXAMPLE_RUNS) {
    process.stdout.write(`\n== ${run.name}: ${run.description}\n`);
    const result = runExample(run, outDir);
    process.stdout.write(result.stdout.replace(/^(?=.)/gm, "  "));
    const written = reportPaths(outDir, run.name).filter((file) => existsSync(file));
    if (result.status !== 0 || written.length !== REPORT_FILES.length) {
      failures++;
      process.stdout.write(`  FAILED (exit ${result.status ?? result.signal})\n${result.stderr.replace(/^/gm, "  ")}\n`);
      continue;
    }
    for (const file of written) process.stdout.write(`  -> ${path.relative(process.cwd(), file)}\n`);
  }
  const rel = (name: string) => path.relative(process.cwd(), path.join(outDir, `${name}_snapshot.json`));
  process.stdout.write(
    `\nCompare the leaking server with the fixed one:\n` +
      `  npx memscope diff ${rel("web_server_fixed")} ${rel("web_server")} --fail-on-growth 10\n`,
  );
  if (failures > 0) {
    process.stderr.write(`examples: ${failures} example run(s) failed\n`);
    process.exitCode = 1;
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  try {
    main();
  } catch (error) {
    process.stderr.write(`examples: ${(error as Error).message.split("\n")[0]}\n`);
    process.exitCode = 1;
  }
}
