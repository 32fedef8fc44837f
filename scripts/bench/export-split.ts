/**
 * The fixed cost at exit, step by step, for one instrumented program: the program runs
 * in this process (production mode: no export of its own at exit), then each step of
 * the export is called and timed here, the way runtime/exporter.ts and the export child
 * run them:
 *
 *   export_gc      settling liveness (a full GC; the synchronous settle of the exit export)
 *   gather         gatherParts again (GC again, re-measuring, GC events, merging parts) minus export_gc
 *   raw_write      writing the raw file (format/raw-columns.ts)
 *   child_start    spawning the export child on a raw snapshot of no records (Node start + the bundle's load + writing four tiny files)
 *   read           the child's read of this raw file
 *   derive         indexing the records and deriving the snapshot
 *   schema         the schema check
 *   write_json     writing <name>_snapshot.json
 *   render_svg     both SVGs (models and drawing, on this thread)
 *   write_html     the HTML report
 *   child_total    the real export child on the raw file, spawn to exit
 *
 *   node dist/scripts/bench/export-split.js INSTRUMENTED_MAIN.js [PROGRAM ARGS...]
 *
 * The program must finish its work synchronously or by the end of its import's promise
 * (the test-suite workload does). Prints `export_split_<step>: <ms> ms` lines and the record count.
 */
import { spawnSync } from "node:child_process";
import { copyFileSync, mkdirSync, rmSync, statSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { performance } from "node:perf_hooks";
import { STORE_KEY } from "../../format/protocol.js";
import { EXPORT_LIMITS, exportPlan } from "../../format/export-plan.js";
import type { Store } from "../../runtime/store.js";
import { gatherParts } from "../../runtime/exporter.js";
import { settleLiveness } from "../../runtime/liveness.js";
import { writeRawFile } from "../../runtime/raw-file.js";
import { readRawColumnsFile } from "../../render/read/columns-read.js";
import { indexRecords, nameSitesOf } from "../../render/derive/record-index.js";
import { snapshotFromIndex } from "../../render/derive/snapshot.js";
import { schemaProblem } from "../../render/read/schema.js";
import { renderReports } from "../../render/write/reports.js";
import { recordJsonLines } from "../../render/write/record-json.js";
import { repoRoot } from "../lib/toolchain.js";
import { writeColumnsLayout } from "./raw-identity.js";

const exportChild = path.join(repoRoot, "dist/render/export-child.bundle.js");

async function main(): Promise<void> {
  const [entry, ...programArgs] = process.argv.slice(2);
  if (entry === undefined) throw new Error("usage: export-split INSTRUMENTED_MAIN.js [ARGS...]");
  const work = path.join(repoRoot, ".tmp", `export-split-${process.pid}`);
  mkdirSync(work, { recursive: true });
  process.env["MEMSCOPE_MODE"] = "production";
  process.env["MEMSCOPE_SIGNAL"] = "off";
  process.argv = [process.argv[0]!, entry, ...programArgs];
  const quiet = process.stdout.write.bind(process.stdout);
  process.stdout.write = (() => true) as typeof process.stdout.write;
  try {
    await import(pathToFileURL(path.resolve(entry)).href);
  } finally {
    process.stdout.write = quiet;
  }
  const store = (globalThis as unknown as Record<symbol, Store | undefined>)[Symbol.for(STORE_KEY)];
  if (store === undefined) throw new Error(`${entry} loaded no memscope-ts runtime`);
  const lines: string[] = [];
  const time = async <T>(name: string, step: () => T | Promise<T>): Promise<T> => {
    const start = performance.now();
    const value = await step();
    lines.push(`export_split_${name}: ${(performance.now() - start).toFixed(1)} ms`);
    return value;
  };
  try {
    const settled = performance.now();
    settleLiveness(store);
    const gcMs = performance.now() - settled;
    lines.push(`export_split_export_gc: ${gcMs.toFixed(1)} ms`);
    const gatherStart = performance.now();
    const parts = gatherParts(store, "exit", true);
    lines.push(`export_split_gather: ${(performance.now() - gatherStart - gcMs).toFixed(1)} ms`);
    const rawPath = await time("raw_write", () => writeRawFile(parts, work, "split", store.threadId));
    lines.push(`export_split_records: ${parts.allocationCount} records, raw file ${(statSync(rawPath).size / 1e6).toFixed(1)} MB`);
    const forChild = path.join(work, "child.raw");
    copyFileSync(rawPath, forChild);
    const empty = path.join(work, "empty.raw");
    writeColumnsLayout({ ...parts.head, allocations: [] }, empty);
    await time("child_start", () => spawnSync(process.execPath, [...exportPlan(0).childNodeFlags, exportChild, empty, path.join(work, "empty-out"), "empty"], { env: { ...process.env, MEMSCOPE: "off" } }));
    const read = await time("read", () => readRawColumnsFile(rawPath));
    const snapshot = await time("derive", () => {
      const index = indexRecords(read.columns, read.raw.relations, nameSitesOf(read.raw));
      return { index, snapshot: snapshotFromIndex(read.raw, index, {}) };
    });
    await time("schema", () => schemaProblem(snapshot.snapshot, { maxRecords: EXPORT_LIMITS.schemaSampleRecords }));
    const out = path.join(work, "out");
    const allocationsFrom = { lines: () => recordJsonLines(read.columns) };
    await time("write_json", () => renderReports(snapshot.snapshot, { outDir: out, name: "split", only: ["json"], allocationsFrom, recordIndex: snapshot.index }));
    await time("render_svg", () => renderReports(snapshot.snapshot, { outDir: out, name: "split", only: ["analysis", "timeline"], recordIndex: snapshot.index, svgRendering: "inline" }));
    await time("write_html", () => renderReports(snapshot.snapshot, { outDir: out, name: "split", only: ["html"], recordIndex: snapshot.index }));
    await time("child_total", () =>
      spawnSync(process.execPath, [...exportPlan(parts.allocationCount).childNodeFlags, exportChild, forChild, path.join(work, "child-out"), "split"], { env: { ...process.env, MEMSCOPE: "off" } }),
    );
    process.stdout.write(`${lines.join("\n")}\n`);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`export-split: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
