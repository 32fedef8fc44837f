/**
 * Export speed: a synthetic RawSnapshot of N records is handed to the export child
 * (`dist/render/export-child.bundle.js RAW OUT NAME`, the process the runtime starts at
 * export, see exportChildPath), which derives the snapshot, writes the JSON and renders both SVGs on its
 * piscina pool. Measured: wall time from spawn to exit, and the child's peak resident
 * memory (GNU time's maximum RSS; the pool's workers are threads of the same process).
 */
import { existsSync, mkdirSync, readFileSync, rmSync, statSync } from "node:fs";
import path from "node:path";
import { repoRoot } from "../lib/toolchain.js";
import { measured, notMeasured, sizeLabel, type Figure } from "./figures.js";
import { failureReason, runTimed } from "./processes.js";
import { writeSyntheticRawSnapshot } from "./synthetic-snapshot.js";
import { exportChildEnv, exportChildNodeFlags, exportChildPath } from "../../runtime/exporter.js";

/** The child the runtime starts: the bundle `npm run build` writes. */
const exportChild = exportChildPath();
const gnuTime = "/usr/bin/time";
const peakPreload = new URL("./peak-rss-preload.js", import.meta.url).href;
const REPORT_SUFFIXES = ["_snapshot.json", "_memory_analysis.svg", "_lifecycle_timeline.svg", "_report.html"];

export interface ExportMeasurement {
  wallMs: number;
  peakRssBytes: number;
  rawBytes: number;
}

function gnuTimeWorks(): boolean {
  return existsSync(gnuTime);
}

/** Runs the export child once on `records` synthetic records; throws with the n/a reason. */
export async function measureExport(records: number, scratch: string, timeoutMs: number): Promise<ExportMeasurement> {
  rmSync(scratch, { recursive: true, force: true });
  mkdirSync(scratch, { recursive: true });
  try {
    const raw = path.join(scratch, "bench.raw");
    const outDir = path.join(scratch, "out");
    const peakFile = path.join(scratch, "peak.txt");
    // The column layout the runtime writes (format/raw-columns.ts).
    const rawBytes = writeSyntheticRawSnapshot(raw, records, 7, "columns");
    // The Node flags the runtime would give the child for this many records.
    const childArgs = [...exportChildNodeFlags(records), exportChild, raw, outDir, "bench"];
    // GNU time reports the child's maximum RSS; without it, a preload reports
    // process.resourceUsage().maxRSS at exit (same figure, measured from inside).
    // The child's environment as the runtime gives it (exportChildEnv), not the bench's own.
    const baseEnv = exportChildEnv(process.env);
    const run = gnuTimeWorks()
      ? await runTimed(gnuTime, ["-f", "%M", "-o", peakFile, process.execPath, ...childArgs], { timeoutMs, baseEnv })
      : await runTimed(process.execPath, ["--import", peakPreload, ...childArgs], {
          timeoutMs,
          baseEnv,
          env: { BENCH_PEAK_OUT: peakFile },
        });
    if (run.timedOut || run.status !== 0) throw new Error(`export child ${failureReason(run, timeoutMs)}`);
    const missing = REPORT_SUFFIXES.filter((suffix) => {
      const file = path.join(outDir, `bench${suffix}`);
      return !existsSync(file) || statSync(file).size === 0;
    });
    if (missing.length > 0) throw new Error(`export child exited 0 but did not write bench${missing.join(", bench")}`);
    const peakKb = Number(readFileSync(peakFile, "utf8").trim().split("\n").pop());
    if (!Number.isFinite(peakKb) || peakKb <= 0) throw new Error("no peak RSS reading");
    return { wallMs: run.wallMs, peakRssBytes: peakKb * 1024, rawBytes };
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

export async function exportFigures(sizes: readonly number[], scratchRoot: string, timeoutMs: number): Promise<Figure[]> {
  const figures: Figure[] = [];
  for (const records of sizes) {
    const label = sizeLabel(records);
    // The export's targets are set at 1,000,000 records.
    const timeTarget = records === 1_000_000 ? { target: { max: 5 } } : {};
    const peakTarget = records === 1_000_000 ? { target: { max: 1024 } } : {};
    const names = { time: `export_${label}_time`, peak: `export_${label}_peak_rss`, raw: `export_${label}_raw_input` };
    if (!existsSync(exportChild)) {
      const reason = `${path.relative(repoRoot, exportChild)} is not built`;
      figures.push(
        notMeasured(names.time, "s", reason, timeTarget),
        notMeasured(names.peak, "MB", reason, peakTarget),
        notMeasured(names.raw, "MB", reason),
      );
      continue;
    }
    process.stderr.write(`bench: export of ${records} records…\n`);
    try {
      const result = await measureExport(records, path.join(scratchRoot, `export-${label}`), timeoutMs);
      figures.push(
        measured(names.time, result.wallMs / 1000, "s", timeTarget),
        measured(names.peak, result.peakRssBytes / 2 ** 20, "MB", { ...peakTarget, digits: 0 }),
        measured(names.raw, result.rawBytes / 2 ** 20, "MB", { digits: 0 }),
      );
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      figures.push(
        notMeasured(names.time, "s", reason, timeTarget),
        notMeasured(names.peak, "MB", reason, peakTarget),
        notMeasured(names.raw, "MB", reason),
      );
    }
  }
  return figures;
}
