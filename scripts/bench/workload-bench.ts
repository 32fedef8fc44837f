/**
 * Workloads × variants, alternating: every round runs each variant once (the order
 * rotated each round so no variant always runs first), all in this one process tree.
 * A ratio is the median over rounds of (variant ÷ plain run of the same round).
 */
import path from "node:path";
import type { BuiltWorkload } from "./build-fixtures.js";
import { measured, median, notMeasured, type Figure } from "./figures.js";
import { runVariant, VARIANTS, type VariantName, type VariantRun, type Workload } from "./workloads.js";

export interface WorkloadSettings {
  quick: boolean;
  /** Allocation tracking is 10–200× slower: it runs in the first this-many rounds only. */
  allocTrackingRounds: number;
  timeoutMs: number;
  scratchRoot: string;
}

export type Runs = Map<number, VariantRun>;

function rotated<T>(items: readonly T[], by: number): T[] {
  const shift = by % items.length;
  return [...items.slice(shift), ...items.slice(0, shift)];
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function ratioOf(runs: Runs, plain: Runs, pick: (run: VariantRun) => number): number | null {
  const ratios: number[] = [];
  for (const [round, run] of runs) {
    const base = plain.get(round);
    if (base && pick(base) > 0) ratios.push(pick(run) / pick(base));
  }
  return ratios.length > 0 ? median(ratios) : null;
}

/**
 * What the instrumented run costs outside its work phase (loading the runtime, and the
 * export at exit: liveness settling, the raw file, the export child), in seconds: the
 * median over rounds of (wall - work) of the instrumented run minus that of the plain run.
 * It does not grow with the length of the run, so it says how long a program must run
 * for the wall ratio to approach the work ratio.
 */
function outsideWorkDifference(runs: Runs, plain: Runs): number | null {
  const differences: number[] = [];
  for (const [round, run] of runs) {
    const base = plain.get(round);
    if (base) differences.push((run.wallMs - run.workMs - (base.wallMs - base.workMs)) / 1000);
  }
  return differences.length > 0 ? median(differences) : null;
}

function figuresFor(workload: Workload, results: Map<VariantName, Runs>, failures: Map<VariantName, string>): Figure[] {
  const plain = results.get("plain")!;
  const figures: Figure[] = [];
  const plainReason = failures.get("plain") ?? "no plain run";
  const plainWall = [...plain.values()].map((run) => run.wallMs / 1000);
  const plainWork = [...plain.values()].map((run) => run.workMs / 1000);
  figures.push(
    plainWall.length ? measured(`${workload.name}_plain_wall`, median(plainWall), "s", { digits: 3 }) : notMeasured(`${workload.name}_plain_wall`, "s", plainReason),
    plainWork.length ? measured(`${workload.name}_plain_work`, median(plainWork), "s", { digits: 3 }) : notMeasured(`${workload.name}_plain_work`, "s", plainReason),
  );
  const memscope = results.get("memscope")!;
  const fixedName = `${workload.name}_memscope_outside_work`;
  const fixed = outsideWorkDifference(memscope, plain);
  figures.push(
    fixed === null
      ? notMeasured(fixedName, "s", failures.get("memscope") ?? plainReason)
      : measured(fixedName, fixed, "s", { digits: 3 }),
  );
  for (const variant of VARIANTS.slice(1)) {
    const runs = results.get(variant)!;
    for (const kind of ["work", "wall"] as const) {
      const name = `${workload.name}_${variant}_${kind}_ratio`;
      const target = variant === "memscope" && workload.target.ratio === kind ? { target: { max: workload.target.max } } : {};
      const ratio = ratioOf(runs, plain, kind === "work" ? (run) => run.workMs : (run) => run.wallMs);
      const reason = failures.get(variant) ?? (plain.size === 0 ? plainReason : "no completed run");
      figures.push(ratio === null ? notMeasured(name, "x", reason, target) : measured(name, ratio, "x", target));
    }
  }
  return figures;
}

export interface Measured {
  results: Map<VariantName, Runs>;
  failures: Map<VariantName, string>;
}

async function runRounds(
  workload: Workload,
  built: BuiltWorkload,
  settings: WorkloadSettings,
  plan: { scale: number; rounds: number; variants: readonly VariantName[]; label: string },
): Promise<Measured> {
  const results = new Map<VariantName, Runs>(VARIANTS.map((variant) => [variant, new Map()]));
  const failures = new Map<VariantName, string>();
  if (built.buildError) {
    for (const variant of VARIANTS) failures.set(variant, built.buildError);
    return { results, failures };
  }
  if (built.instrumentError) failures.set("memscope", built.instrumentError);
  for (let round = 0; round < plan.rounds; round++) {
    process.stderr.write(`bench: ${plan.label}: round ${round + 1}/${plan.rounds} (${workload.describe(plan.scale)})\n`);
    for (const variant of rotated(plan.variants, round)) {
      if (failures.has(variant)) continue;
      if (variant === "alloc_tracking" && round >= settings.allocTrackingRounds) continue;
      try {
        const run = await runVariant(variant, {
          workload,
          built,
          scale: plan.scale,
          scratch: path.join(settings.scratchRoot, "runs", `${workload.dir}-${variant}`),
          timeoutMs: settings.timeoutMs,
        });
        results.get(variant)!.set(round, run);
      } catch (error) {
        failures.set(variant, message(error));
        process.stderr.write(`bench: ${plan.label}/${variant}: ${message(error)}\n`);
      }
    }
    // Every variant must behave like the plain build: same stdout.
    const plainRun = results.get("plain")!.get(round);
    for (const variant of plan.variants.slice(1)) {
      const run = results.get(variant)!.get(round);
      if (plainRun && run && run.output !== plainRun.output && !failures.has(variant)) {
        failures.set(variant, "its output differs from the plain build's");
        results.get(variant)!.clear();
      }
    }
  }
  return { results, failures };
}

/** Rounds of the 3–5× longer run of a realistic workload (plain vs memscope only). */
export const LONG_ROUNDS = 2;

/**
 * The same workload run 3–5× longer, plain vs memscope: the fixed cost at exit weighs
 * 3–5× less, so this says what a program that runs for several seconds pays.
 */
export function longFigures(workload: Workload, run: Measured): Figure[] {
  const { results, failures } = run;
  const plain = results.get("plain")!;
  const memscope = results.get("memscope")!;
  const prefix = `${workload.name}_long`;
  const plainReason = failures.get("plain") ?? "no plain run";
  const plainWall = [...plain.values()].map((run) => run.wallMs / 1000);
  const reason = failures.get("memscope") ?? (plain.size === 0 ? plainReason : "no completed run");
  const figures: Figure[] = [
    plainWall.length ? measured(`${prefix}_plain_wall`, median(plainWall), "s", { digits: 3 }) : notMeasured(`${prefix}_plain_wall`, "s", plainReason),
  ];
  for (const kind of ["work", "wall"] as const) {
    const name = `${prefix}_memscope_${kind}_ratio`;
    const target = workload.target.ratio === kind ? { target: { max: workload.target.max } } : {};
    const ratio = ratioOf(memscope, plain, kind === "work" ? (run) => run.workMs : (run) => run.wallMs);
    figures.push(ratio === null ? notMeasured(name, "x", reason, target) : measured(name, ratio, "x", target));
  }
  return figures;
}

export async function benchWorkload(workload: Workload, built: BuiltWorkload, settings: WorkloadSettings): Promise<Figure[]> {
  const scale = settings.quick ? workload.scale.quick : workload.scale.full;
  const rounds = settings.quick ? 1 : workload.rounds;
  const main = await runRounds(workload, built, settings, { scale, rounds, variants: VARIANTS, label: workload.name });
  const figures = figuresFor(workload, main.results, main.failures);
  const long = workload.scale.long;
  if (!settings.quick && long !== undefined) {
    const longRun = await runRounds(workload, built, settings, {
      scale: long,
      rounds: LONG_ROUNDS,
      variants: ["plain", "memscope"],
      label: `${workload.name} (long)`,
    });
    figures.push(...longFigures(workload, longRun));
  }
  return figures;
}
