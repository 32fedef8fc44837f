/**
 * The measuring modules other parts own (runtime: hot-loop.ts, record-memory.ts;
 * transformer: compile.ts; precise mode: precise.ts). Each is run as its own process
 * (`node dist/scripts/bench/<module>.js ARGS`) and prints `name: value unit` lines; the
 * figures the table wants are picked from them by name (renamed into the table's
 * vocabulary where needed). A module that is missing, fails, or leaves out a figure
 * yields `name: n/a (reason)` for it.
 */
import { existsSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { measured, notMeasured, type Figure, type Target } from "./figures.js";
import { failureReason, runTimed } from "./processes.js";

export interface WantedFigure {
  /** Name in the table. */
  name: string;
  /** Name the module prints (defaults to `name`). */
  from?: string;
  unit: string;
  target?: Target;
}

export interface SubBench {
  /** Module base name under scripts/bench/. */
  module: string;
  /** What it measures, for progress output. */
  title: string;
  args: (quick: boolean) => string[];
  figures: (quick: boolean) => WantedFigure[];
  /** How to read its stdout when it is not `name: value unit` lines. */
  parse?: (stdout: string) => Map<string, PrintedValue>;
  /** Drives the module itself instead of one run with `args` (see runtime-benches.ts). */
  drive?: (context: { script: string; quick: boolean; scratch: string; timeoutMs: number }) => Promise<Map<string, PrintedValue>>;
}

const here = path.dirname(fileURLToPath(import.meta.url));

export interface PrintedValue {
  value: number | null;
  reason: string | null;
  digits: number;
}

/**
 * `name: 12.5 unit [anything]` or `name: n/a (reason)`, leniently: modules may add
 * their own trailing notes. First occurrence of a name wins.
 */
export function parsePrinted(stdout: string): Map<string, PrintedValue> {
  const printed = new Map<string, PrintedValue>();
  for (const line of stdout.split("\n")) {
    const match = /^([A-Za-z0-9_]+): (?:(-?\d+(?:\.(\d+))?)(?:\s|$)|n\/a(?: \((.*)\))?)/.exec(line.trim());
    if (!match || printed.has(match[1]!)) continue;
    printed.set(
      match[1]!,
      match[2] === undefined
        ? { value: null, reason: match[4] ?? "not measured", digits: 0 }
        : { value: Number(match[2]), reason: null, digits: match[3]?.length ?? 0 },
    );
  }
  return printed;
}

function fromTarget(want: WantedFigure): Partial<Figure> {
  return want.target ? { target: want.target } : {};
}

/**
 * Reads a module that prints one JSON object (e.g. compile.ts): its numeric fields,
 * keeping the printed precision. Nothing printed or not JSON gives an empty map.
 */
export function parseJsonFields(stdout: string): Map<string, PrintedValue> {
  const printed = new Map<string, PrintedValue>();
  const line = stdout.trim().split("\n").pop() ?? "";
  let parsed: unknown;
  try {
    parsed = JSON.parse(line);
  } catch {
    return printed;
  }
  if (parsed === null || typeof parsed !== "object") return printed;
  for (const [key, value] of Object.entries(parsed)) {
    if (typeof value !== "number" || !Number.isFinite(value)) continue;
    const text = String(value);
    const dot = text.indexOf(".");
    printed.set(key, { value, reason: null, digits: dot < 0 || text.includes("e") ? 0 : text.length - dot - 1 });
  }
  return printed;
}

/** Picks the wanted figures from a module's stdout; what is missing gets `missingReason`. */
export function collectFigures(
  stdout: string,
  wanted: readonly WantedFigure[],
  missingReason: string,
  parse: (stdout: string) => Map<string, PrintedValue> = parsePrinted,
): Figure[] {
  const printed = parse(stdout);
  return wanted.map((want) => {
    const found = printed.get(want.from ?? want.name);
    if (!found) return notMeasured(want.name, want.unit, missingReason, fromTarget(want));
    if (found.value === null) return notMeasured(want.name, want.unit, found.reason ?? "not measured", fromTarget(want));
    return measured(want.name, found.value, want.unit, { ...fromTarget(want), digits: found.digits });
  });
}

export async function runSubBench(bench: SubBench, quick: boolean, timeoutMs: number, scratch: string): Promise<Figure[]> {
  const wanted = bench.figures(quick);
  const script = path.join(here, `${bench.module}.js`);
  const source = `scripts/bench/${bench.module}.ts`;
  if (!existsSync(script)) {
    return wanted.map((want) => notMeasured(want.name, want.unit, `${source} has not landed on this branch`, fromTarget(want)));
  }
  process.stderr.write(`bench: ${bench.title} (${source})…\n`);
  if (bench.drive) {
    const printed = await bench.drive({ script, quick, scratch, timeoutMs });
    return collectFigures("", wanted, `${source} did not report it`, () => printed);
  }
  const run = await runTimed(process.execPath, [script, ...bench.args(quick)], {
    timeoutMs,
    env: quick ? { BENCH_QUICK: "1" } : {},
  });
  const failed = run.timedOut || run.status !== 0;
  // A failed module may still have printed some figures; keep those.
  return collectFigures(
    run.stdout,
    wanted,
    failed ? `${source} ${failureReason(run, timeoutMs)}` : `${source} did not report it`,
    bench.parse,
  );
}
