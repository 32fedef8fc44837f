/**
 * The measuring modules other parts own (runtime: hot-loop.ts, record-memory.ts;
 * transformer: compile.ts; precise mode: precise.ts). Each is run as its own process
 * (`node dist/scripts/bench/<module>.js [--quick]`) and prints figure lines in the
 * bench's format; their lines join the table. A module that is missing, fails, or
 * leaves out a figure the table expects yields `name: n/a (reason)` for it.
 */
import { existsSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { measured, notMeasured, parseFigureLine, type Figure, type Target } from "./figures.js";
import { failureReason, runTimed } from "./processes.js";

export interface ExpectedFigure {
  name: string;
  unit: string;
  target?: Target;
}

export interface SubBench {
  /** Module base name under scripts/bench/. */
  module: string;
  /** What it measures, for progress output. */
  title: string;
  expected: (quick: boolean) => ExpectedFigure[];
}

const here = path.dirname(fileURLToPath(import.meta.url));

function withTarget(figure: Figure, expected: ExpectedFigure | undefined): Figure {
  return expected?.target ? { ...figure, target: expected.target } : figure;
}

/** Turns a sub-bench's stdout into figures, adding n/a for expected names it left out. */
export function collectFigures(stdout: string, expected: readonly ExpectedFigure[], moduleName: string): Figure[] {
  const byName = new Map(expected.map((figure) => [figure.name, figure]));
  const figures: Figure[] = [];
  const seen = new Set<string>();
  for (const line of stdout.split("\n")) {
    const parsed = parseFigureLine(line);
    if (!parsed || seen.has(parsed.name)) continue;
    seen.add(parsed.name);
    const want = byName.get(parsed.name);
    const unit = parsed.unit ?? want?.unit ?? "";
    const figure =
      parsed.value === null
        ? notMeasured(parsed.name, unit, parsed.reason ?? "not measured")
        : measured(parsed.name, parsed.value, unit, { digits: decimals(line, parsed.name) });
    figures.push(withTarget(figure, want));
  }
  for (const want of expected) {
    if (!seen.has(want.name)) figures.push(withTarget(notMeasured(want.name, want.unit, `${moduleName} did not report it`), want));
  }
  return figures;
}

/** Keeps the precision the module printed. */
function decimals(line: string, name: string): number {
  const value = line.slice(name.length + 2).split(" ")[0] ?? "";
  const dot = value.indexOf(".");
  return dot < 0 ? 0 : value.length - dot - 1;
}

export async function runSubBench(bench: SubBench, quick: boolean, timeoutMs: number): Promise<Figure[]> {
  const expected = bench.expected(quick);
  const script = path.join(here, `${bench.module}.js`);
  const source = `scripts/bench/${bench.module}.ts`;
  if (!existsSync(script)) {
    return expected.map((want) => withTarget(notMeasured(want.name, want.unit, `${source} has not landed on this branch`), want));
  }
  process.stderr.write(`bench: ${bench.title} (${source})…\n`);
  const run = await runTimed(process.execPath, [script, ...(quick ? ["--quick"] : [])], {
    timeoutMs,
    env: quick ? { BENCH_QUICK: "1" } : {},
  });
  if (run.timedOut || run.status !== 0) {
    const reason = `${source} ${failureReason(run, timeoutMs)}`;
    // Keep whatever it did print; everything else expected is n/a with the failure.
    const printed = collectFigures(run.stdout, [], source);
    const printedNames = new Set(printed.map((figure) => figure.name));
    return [
      ...printed.map((figure) => withTarget(figure, expected.find((want) => want.name === figure.name))),
      ...expected.filter((want) => !printedNames.has(want.name)).map((want) => withTarget(notMeasured(want.name, want.unit, reason), want)),
    ];
  }
  return collectFigures(run.stdout, expected, source);
}
