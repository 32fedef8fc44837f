/**
 * A program shaped like a test suite, generated: FILES files of CASES short test cases
 * each, every case declaring 4 tracked bindings (an array, a Map, a string, an object
 * literal), all cases run ROUNDS times (200 × 25 × 4 sites = 20,000 sites; 4 rounds =
 * 80,000 registrations, every site below the hot-site budget). Built with plain tsc and
 * with tspc (the plugin), then run alternating:
 *
 *   plain     the tsc build
 *   off       the tspc build with MEMSCOPE=off at run time (the emitted shape only)
 *   noexport  the tspc build, tracking on, the export at exit skipped (MEMSCOPE_OUT
 *             below a file: the export fails at once with one line, which is dropped)
 *   memscope  the tspc build, tracking on, reports written at exit
 *
 * The program marks three moments with performance.now() (milliseconds since the process
 * started): when its first module without tracked bindings is evaluated (ES modules are
 * all loaded and compiled before any is evaluated, and the instrumented entry imports the
 * runtime first, so this is Node's start + loading and compiling every module + the
 * runtime's load), when every suite module has been evaluated (each registers its site
 * table), and when the last round ended. The fixed cost splits from those (medians over
 * rounds, variant minus plain): `startup`, `site_tables`, `work`, and `exit` (the export).
 * The export's own steps are split by export-split.ts.
 *
 *   node dist/scripts/bench/test-suite.js [ROUNDS=5] [--files=200] [--cases=25] [--node=PATH]
 *
 * Prints `test_suite_*` figure lines (name: value unit), as the other bench modules do.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync, writeFileSync as write } from "node:fs";
import path from "node:path";
import { repoRoot, tscBin, tspcBin } from "../lib/toolchain.js";
import { runTimed, type TimedRun } from "./processes.js";

export interface SuiteShape {
  files: number;
  cases: number;
  rounds: number;
}

export const DEFAULT_SHAPE: SuiteShape = { files: 200, cases: 25, rounds: 4 };

/** One suite file: CASES test cases, each with 4 tracked bindings and a small assertion. */
function suiteSource(file: number, cases: number): string {
  const lines: string[] = [
    `import { type Case } from "./harness.js";`,
    `interface Row${file} { id: number; label: string; tags: string[] }`,
    `export function register${file}(into: Case[]): void {`,
  ];
  for (let c = 0; c < cases; c++) {
    lines.push(
      `  into.push({ name: "suite ${file} case ${c}", run: (round: number): number => {`,
      `    const values: number[] = [round, ${c}, ${file}, round + ${c}];`,
      `    const index = new Map<string, number>([["a", values[0]!], ["b", values[3]!]]);`,
      `    const label: string = "case-" + ${c} + "-" + round;`,
      `    const row: Row${file} = { id: ${c} + round, label, tags: [label] };`,
      `    if (index.get("b") !== round + ${c}) throw new Error("case ${c} failed");`,
      `    return values.length + index.size + row.tags.length + label.length;`,
      `  } });`,
    );
  }
  lines.push(`}`, ``);
  return lines.join("\n");
}

function harnessSource(): string {
  return [
    `export interface Case { name: string; run: (round: number) => number }`,
    `// Evaluated right after the runtime (the entry's first import): the "runtime loaded" mark.`,
    `export const runtimeLoadedMs = performance.now();`,
    ``,
  ].join("\n");
}

function mainSource(files: number): string {
  const lines: string[] = [`import { type Case, runtimeLoadedMs } from "./harness.js";`];
  for (let f = 0; f < files; f++) lines.push(`import { register${f} } from "./suite-${f}.js";`);
  lines.push(
    `const loadedMs = performance.now();`,
    `const cases: Case[] = [];`,
    ...Array.from({ length: files }, (_, f) => `register${f}(cases);`),
    `const rounds = Number(process.argv[2] ?? "4");`,
    `let passed = 0;`,
    `let checksum = 0;`,
    `for (let round = 0; round < rounds; round++) {`,
    `  for (const c of cases) { checksum = (checksum + c.run(round)) | 0; passed++; }`,
    `}`,
    `const doneMs = performance.now();`,
    `console.log(\`test-suite: \${cases.length} cases, \${rounds} rounds, \${passed} passed, checksum \${checksum}\`);`,
    `console.log(\`#bench runtime_loaded_ms=\${runtimeLoadedMs.toFixed(3)} loaded_ms=\${loadedMs.toFixed(3)} done_ms=\${doneMs.toFixed(3)}\`);`,
    ``,
  );
  return lines.join("\n");
}

/** Writes the project (sources + tsconfig) into `dir`. */
export function generateSuite(dir: string, shape: SuiteShape): void {
  const src = path.join(dir, "src");
  mkdirSync(src, { recursive: true });
  write(path.join(src, "harness.ts"), harnessSource());
  for (let f = 0; f < shape.files; f++) write(path.join(src, `suite-${f}.ts`), suiteSource(f, shape.cases));
  write(path.join(src, "main.ts"), mainSource(shape.files));
  writeFileSync(
    path.join(dir, "tsconfig.json"),
    JSON.stringify(
      {
        compilerOptions: {
          target: "ES2022",
          module: "NodeNext",
          moduleResolution: "NodeNext",
          lib: ["ES2023", "DOM"],
          types: ["node"],
          typeRoots: [path.join(repoRoot, "node_modules/@types")],
          strict: true,
          rootDir: "src",
          outDir: "dist",
          plugins: [{ transform: "memscope-ts/transformer" }],
        },
        include: ["src"],
      },
      null,
      2,
    ),
  );
  write(path.join(dir, "package.json"), `{ "type": "module" }\n`);
}

/** Builds `dir` into dir/plain and dir/instrumented; returns their entry points. */
export async function buildSuite(dir: string): Promise<{ plain: string; instrumented: string }> {
  const out = { plain: path.join(dir, "plain"), instrumented: path.join(dir, "instrumented") };
  const [plain, instrumented] = await Promise.all([
    runTimed(process.execPath, [tscBin, "-p", dir, "--outDir", out.plain], { cwd: dir, timeoutMs: 600_000 }),
    runTimed(process.execPath, [tspcBin, "-p", dir, "--outDir", out.instrumented], { cwd: dir, timeoutMs: 600_000 }),
  ]);
  for (const [name, run] of [["tsc", plain], ["tspc", instrumented]] as const) {
    if (run.status !== 0) throw new Error(`${name} failed: ${(run.stdout + run.stderr).split("\n").find(Boolean) ?? run.status}`);
  }
  return { plain: path.join(out.plain, "main.js"), instrumented: path.join(out.instrumented, "main.js") };
}

/** The figure lines main() prints, with their units. */
export const SUITE_FIGURES: ReadonlyArray<{ name: string; unit: string }> = [
  { name: "test_suite_plain_wall", unit: "s" },
  { name: "test_suite_memscope_wall_ratio", unit: "x" },
  { name: "test_suite_noexport_wall_ratio", unit: "x" },
  { name: "test_suite_off_wall_ratio", unit: "x" },
  ...(["off", "memscope"] as const).flatMap((variant) => ["startup", "site_tables", "work", "exit"].map((phase) => ({ name: `test_suite_${variant}_${phase}`, unit: "ms" }))),
  { name: "test_suite_plain_module_eval", unit: "ms" },
  { name: "test_suite_plain_work", unit: "ms" },
  { name: "test_suite_noexport_exit", unit: "ms" },
];

export type SuiteVariant = "plain" | "off" | "noexport" | "memscope";
export const SUITE_VARIANTS: readonly SuiteVariant[] = ["plain", "off", "noexport", "memscope"];

export interface SuiteRun {
  wallMs: number;
  runtimeLoadedMs: number;
  loadedMs: number;
  doneMs: number;
  stdout: string;
}

function parseMarks(run: TimedRun): SuiteRun | null {
  const match = /#bench runtime_loaded_ms=([\d.]+) loaded_ms=([\d.]+) done_ms=([\d.]+)/.exec(run.stdout);
  if (run.status !== 0 || match === null) return null;
  return {
    wallMs: run.wallMs,
    runtimeLoadedMs: Number(match[1]),
    loadedMs: Number(match[2]),
    doneMs: Number(match[3]),
    stdout: run.stdout.split("\n").filter((line) => !line.startsWith("#bench")).join("\n"),
  };
}

export async function runVariant(node: string, entries: { plain: string; instrumented: string }, variant: SuiteVariant, rounds: number, scratch: string): Promise<SuiteRun | null> {
  const env: NodeJS.ProcessEnv = { MEMSCOPE_OUT: path.join(scratch, "out"), MEMSCOPE_NAME: "suite" };
  if (variant === "off") env["MEMSCOPE"] = "off";
  // A path below a regular file: the export cannot create its directory and stops at once.
  if (variant === "noexport") env["MEMSCOPE_OUT"] = path.join(scratch, "not-a-dir", "out");
  const run = await runTimed(node, [variant === "plain" ? entries.plain : entries.instrumented, String(rounds)], { cwd: scratch, env, timeoutMs: 300_000 });
  return parseMarks(run);
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const option = (name: string): string | undefined => args.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
  const rounds = Number(args.find((a) => !a.startsWith("--")) ?? "5");
  const shape: SuiteShape = { files: Number(option("files") ?? DEFAULT_SHAPE.files), cases: Number(option("cases") ?? DEFAULT_SHAPE.cases), rounds: DEFAULT_SHAPE.rounds };
  const node = option("node") ?? process.execPath;
  // --skip=REASON: every figure as n/a (a quick bench run has no time for two builds of its own).
  const skip = option("skip");
  if (skip !== undefined) {
    process.stdout.write(SUITE_FIGURES.map((figure) => `${figure.name}: n/a (${skip})\n`).join(""));
    return;
  }
  mkdirSync(path.join(repoRoot, ".tmp"), { recursive: true });
  const scratch = mkdtempSync(path.join(repoRoot, ".tmp", "bench-suite-"));
  try {
    writeFileSync(path.join(scratch, "not-a-dir"), "");
    const project = path.join(scratch, "project");
    generateSuite(project, shape);
    const entries = await buildSuite(project);
    const runs = new Map<SuiteVariant, SuiteRun[]>(SUITE_VARIANTS.map((v) => [v, []]));
    let expected: string | null = null;
    for (let round = 0; round < rounds; round++) {
      // Rotated order per round, so no variant always runs first on a warm or cold cache.
      const order = SUITE_VARIANTS.map((_, i) => SUITE_VARIANTS[(i + round) % SUITE_VARIANTS.length]!);
      for (const variant of order) {
        const run = await runVariant(node, entries, variant, shape.rounds, scratch);
        if (run === null) throw new Error(`the ${variant} run failed`);
        expected ??= run.stdout;
        if (run.stdout !== expected) throw new Error(`the ${variant} run printed something else than the plain build`);
        runs.get(variant)!.push(run);
      }
    }
    const m = (variant: SuiteVariant, pick: (r: SuiteRun) => number): number => median(runs.get(variant)!.map(pick));
    const ratio = (variant: SuiteVariant): number => median(runs.get(variant)!.map((r, i) => r.wallMs / runs.get("plain")![i]!.wallMs));
    const lines: string[] = [];
    const line = (name: string, value: number, unit: string, digits = 2): void => void lines.push(`test_suite_${name}: ${value.toFixed(digits)} ${unit}`);
    line("plain_wall", m("plain", (r) => r.wallMs) / 1000, "s", 3);
    line("memscope_wall_ratio", ratio("memscope"), "x");
    line("noexport_wall_ratio", ratio("noexport"), "x");
    line("off_wall_ratio", ratio("off"), "x");
    // The split: each phase of the variant minus the plain build's, medians.
    for (const variant of ["off", "memscope"] as const) {
      line(`${variant}_startup`, m(variant, (r) => r.runtimeLoadedMs) - m("plain", (r) => r.runtimeLoadedMs), "ms", 1);
      line(`${variant}_site_tables`, m(variant, (r) => r.loadedMs - r.runtimeLoadedMs) - m("plain", (r) => r.loadedMs - r.runtimeLoadedMs), "ms", 1);
      line(`${variant}_work`, m(variant, (r) => r.doneMs - r.loadedMs) - m("plain", (r) => r.doneMs - r.loadedMs), "ms", 1);
      line(`${variant}_exit`, m(variant, (r) => r.wallMs - r.doneMs) - m("plain", (r) => r.wallMs - r.doneMs), "ms", 1);
    }
    line("plain_module_eval", m("plain", (r) => r.loadedMs - r.runtimeLoadedMs), "ms", 1);
    line("plain_work", m("plain", (r) => r.doneMs - r.loadedMs), "ms", 1);
    line("noexport_exit", m("noexport", (r) => r.wallMs - r.doneMs) - m("plain", (r) => r.wallMs - r.doneMs), "ms", 1);
    process.stdout.write(`${lines.join("\n")}\n`);
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

if (process.argv[1] !== undefined && import.meta.url === new URL(`file://${path.resolve(process.argv[1])}`).href) {
  main().catch((error: unknown) => {
    process.stderr.write(`test-suite bench: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  });
}
