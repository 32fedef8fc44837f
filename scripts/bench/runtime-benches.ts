/**
 * Drivers for the runtime part's measuring modules. Both modules have a one-shot
 * mode that prints one JSON object (`record-memory.js one KIND N`,
 * `hot-loop.js one plain|traced KIND N`); driving that mode from here lets the bench
 * choose sizes (quick vs full) and alternate runs.
 *
 * Both measure inside the process, before exit; the export those processes would run
 * at exit is not part of either figure (export cost has its own lines, export_*), so
 * it is skipped: MEMSCOPE_OUT points below a regular file, the runtime reports
 * "export failed" on stderr and exits at once instead of spending seconds per run.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { median } from "./figures.js";
import { failureReason, runTimed } from "./processes.js";
import type { PrintedValue } from "./sub-benches.js";

/** Kinds record-memory.ts measures. */
export const RECORD_KINDS = ["string", "object", "array"] as const;
/**
 * Kinds hot-loop.ts runs: string/array/object only create the value (plain is a few ns
 * per call once V8 elides the allocation: the worst case); rows builds and sums 32
 * row objects per call (a small but real amount of work per binding).
 */
export const HOT_LOOP_KINDS = ["string", "array", "object", "rows"] as const;

export interface DriverContext {
  script: string;
  quick: boolean;
  scratch: string;
  timeoutMs: number;
}

/** An output directory that cannot be created (its parent is a file). */
function unwritableOutDir(scratch: string): string {
  mkdirSync(scratch, { recursive: true });
  const file = path.join(scratch, "not-a-directory");
  writeFileSync(file, "the bench skips the export of in-process measurements\n");
  return path.join(file, "memscope-out");
}

async function oneShot(context: DriverContext, nodeArgs: string[], args: string[], env: NodeJS.ProcessEnv): Promise<Record<string, unknown>> {
  const run = await runTimed(process.execPath, [...nodeArgs, context.script, "one", ...args], {
    timeoutMs: context.timeoutMs,
    env: { MEMSCOPE_OUT: unwritableOutDir(context.scratch), ...env },
  });
  if (run.timedOut || run.status !== 0) throw new Error(`${path.basename(context.script)} one ${args.join(" ")} ${failureReason(run, context.timeoutMs)}`);
  const line = run.stdout.trim().split("\n").pop() ?? "";
  try {
    return JSON.parse(line) as Record<string, unknown>;
  } catch {
    throw new Error(`${path.basename(context.script)} one ${args.join(" ")} printed no JSON result`);
  }
}

function value(number: number, digits: number): PrintedValue {
  return { value: number, reason: null, digits };
}

function failed(reason: string): PrintedValue {
  return { value: null, reason, digits: 0 };
}

export function recordMemorySizes(quick: boolean): number[] {
  return quick ? [10_000] : [100_000, 1_000_000];
}

/**
 * Runtime memory per tracked record: one fresh process per kind and size, every
 * registration kept (MEMSCOPE_HOT_SITES=off). Figures: `record_memory_<kind>_<size>`
 * and `record_memory_<size>` (the worst kind). Then the same registrations under the
 * default hot-site sampling, all from one site (bytes per registration, kept or
 * counted): `record_memory_sampled_<kind>_<size>` and `record_memory_sampled_<size>`.
 */
export async function measureRecordMemory(context: DriverContext, label: (n: number) => string): Promise<Map<string, PrintedValue>> {
  const printed = new Map<string, PrintedValue>();
  for (const sampled of [false, true]) {
    const prefix = sampled ? "record_memory_sampled" : "record_memory";
    for (const count of recordMemorySizes(context.quick)) {
      const perKind: number[] = [];
      let firstFailure: string | null = null;
      for (const kind of RECORD_KINDS) {
        const name = `${prefix}_${kind}_${label(count)}`;
        try {
          const result = await oneShot(context, ["--expose-gc"], [kind, String(count), ...(sampled ? ["sampled"] : [])], {
            MEMSCOPE_MAX_RECORDS: String(count),
            MEMSCOPE_HOT_SITES: sampled ? "" : "off",
          });
          const bytes = Number(result.bytesPerRecord);
          if (!Number.isFinite(bytes)) throw new Error("no bytesPerRecord in its result");
          printed.set(name, value(bytes, 1));
          perKind.push(bytes);
        } catch (error) {
          const reason = error instanceof Error ? error.message : String(error);
          firstFailure ??= reason;
          printed.set(name, failed(reason));
        }
      }
      printed.set(
        `${prefix}_${label(count)}`,
        firstFailure === null ? value(Math.max(...perKind), 1) : failed(`not every kind was measured: ${firstFailure}`),
      );
    }
  }
  return printed;
}

export function hotLoopPlan(quick: boolean): { calls: number; rounds: number } {
  return quick ? { calls: 100_000, rounds: 1 } : { calls: 300_000, rounds: 3 };
}

/**
 * The runtime's in-process hot loop (one tracked binding per call, enter/track/exit
 * called directly), plain (MEMSCOPE=off) vs traced with the runtime's defaults (hot-site
 * sampling included), alternating; the ratio is the median over rounds of
 * traced ÷ plain. Figures: `runtime_hot_loop_<kind>_ratio`.
 */
export async function measureRuntimeHotLoop(context: DriverContext): Promise<Map<string, PrintedValue>> {
  const printed = new Map<string, PrintedValue>();
  const { calls, rounds } = hotLoopPlan(context.quick);
  for (const kind of HOT_LOOP_KINDS) {
    const name = `runtime_hot_loop_${kind}_ratio`;
    try {
      const ratios: number[] = [];
      for (let round = 0; round < rounds; round++) {
        const plain = await oneShot(context, [], ["plain", kind, String(calls)], { MEMSCOPE: "off" });
        const traced = await oneShot(context, [], ["traced", kind, String(calls)], {});
        const plainMs = Number(plain.ms);
        const tracedMs = Number(traced.ms);
        if (!(plainMs > 0) || !Number.isFinite(tracedMs)) throw new Error("no ms in its result");
        ratios.push(tracedMs / plainMs);
      }
      printed.set(name, value(median(ratios), 2));
    } catch (error) {
      printed.set(name, failed(error instanceof Error ? error.message : String(error)));
    }
  }
  return printed;
}
