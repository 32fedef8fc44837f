/**
 * The reports must not change with the raw file's layout: the same records, written once
 * in the JSON line layout (format/raw-layout.ts) and once in the column layout the
 * runtime writes (format/raw-columns.ts), are handed to the export child, and the four
 * files it writes must be byte-identical. Used by test/render/raw-columns.test.ts and,
 * on larger inputs, from the command line:
 *
 *   node dist/scripts/bench/raw-identity.js [--records=10000,100000] [SNAPSHOT.json ...]
 *
 * A SNAPSHOT (a `<name>_snapshot.json` a real run wrote, e.g. the showcase's) is turned
 * back into its raw sections and records; its own four files (beside it, same base name)
 * are compared too, so a run's reports equal what either layout gives from its records.
 */
import { spawnSync } from "node:child_process";
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, rmSync, writeSync } from "node:fs";
import path from "node:path";
import { RawColumnsEncoder } from "../../format/raw-columns.js";
import { RAW_END, RAW_RECORD_SEPARATOR, RAW_SECTIONS, RECORDS_KEY, rawHeadText, type RawHead } from "../../format/raw-layout.js";
import type { RawSnapshot } from "../../format/snapshot.js";
import { repoRoot } from "../lib/toolchain.js";
import { writeSyntheticRawSnapshot } from "./synthetic-snapshot.js";

const exportChild = path.join(repoRoot, "dist/render/export-child.bundle.js");
export const REPORT_SUFFIXES = ["_snapshot.json", "_memory_analysis.svg", "_lifecycle_timeline.svg", "_report.html"] as const;

/** Writes `raw` in the JSON line layout the runtime wrote before the column layout. */
export function writeJsonLayout(raw: RawSnapshot, file: string): void {
  const fd = openSync(file, "w");
  try {
    const { allocations, ...head } = raw;
    writeSync(fd, rawHeadText(head as RawHead));
    for (let i = 0; i < allocations.length; i++) writeSync(fd, (i > 0 ? RAW_RECORD_SEPARATOR : "") + JSON.stringify(allocations[i]));
    writeSync(fd, RAW_END);
  } finally {
    closeSync(fd);
  }
}

/** Writes `raw` in the column layout (the records through the encoder, as a worker thread's part would go). */
export function writeColumnsLayout(raw: RawSnapshot, file: string, blockRows?: number): void {
  const fd = openSync(file, "w");
  const write = (pieces: readonly Uint8Array[]): void => {
    for (const piece of pieces) writeSync(fd, piece);
  };
  try {
    const { allocations, ...head } = raw;
    const encoder = new RawColumnsEncoder(blockRows);
    write(encoder.start(head as RawHead));
    for (const record of allocations) {
      encoder.addRecord(record);
      if (encoder.full) write(encoder.takeBlock());
    }
    write(encoder.takeBlock());
    write(encoder.end());
  } finally {
    closeSync(fd);
  }
}

/** The raw sections and records of a written snapshot (its derived sections dropped). */
export function rawOfSnapshot(snapshot: Record<string, unknown>): RawSnapshot {
  const raw: Record<string, unknown> = {};
  for (const { key } of RAW_SECTIONS) if (snapshot[key] !== undefined) raw[key] = snapshot[key];
  raw[RECORDS_KEY] = snapshot[RECORDS_KEY];
  return raw as unknown as RawSnapshot;
}

/** Runs the export child on `rawFile` (which it deletes) into `outDir` as NAME; throws with its stderr on failure. */
export function exportWith(rawFile: string, outDir: string, name: string, env: NodeJS.ProcessEnv = {}): void {
  const run = spawnSync(process.execPath, [exportChild, rawFile, outDir, name], { encoding: "utf8", env: { ...process.env, MEMSCOPE: "off", ...env } });
  if (run.status !== 0) throw new Error(`export child exited ${run.status}: ${run.stderr.trim().split("\n")[0] ?? ""}`);
}

/** Files of `a` and `b` (same base name) that differ, by suffix; [] when all four are byte-identical. */
export function differingReports(dirA: string, nameA: string, dirB: string, nameB: string): string[] {
  return REPORT_SUFFIXES.filter((suffix) => {
    const a = path.join(dirA, `${nameA}${suffix}`);
    const b = path.join(dirB, `${nameB}${suffix}`);
    return !existsSync(a) || !existsSync(b) || !readFileSync(a).equals(readFileSync(b));
  });
}

/** Exports `writeJson`'s and `writeColumns`' files under the same name; returns the reports that differ. */
export function compareLayouts(work: string, name: string, writeJson: (file: string) => void, writeColumns: (file: string) => void, env: NodeJS.ProcessEnv = {}): string[] {
  rmSync(work, { recursive: true, force: true });
  mkdirSync(work, { recursive: true });
  const jsonRaw = path.join(work, "json.raw");
  const columnsRaw = path.join(work, "columns.raw");
  writeJson(jsonRaw);
  writeColumns(columnsRaw);
  exportWith(jsonRaw, path.join(work, "from-json"), name, env);
  exportWith(columnsRaw, path.join(work, "from-columns"), name, env);
  return differingReports(path.join(work, "from-json"), name, path.join(work, "from-columns"), name);
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const recordsArg = args.find((a) => a.startsWith("--records="))?.slice("--records=".length) ?? "10000,100000";
  const snapshots = args.filter((a) => !a.startsWith("--"));
  const work = path.join(repoRoot, ".tmp", "raw-identity");
  let failed = false;
  const say = (what: string, differing: string[]): void => {
    failed ||= differing.length > 0;
    process.stdout.write(`${what}: ${differing.length === 0 ? "four reports byte-identical" : `DIFFER: ${differing.join(", ")}`}\n`);
  };
  for (const records of recordsArg.split(",").filter(Boolean).map(Number)) {
    say(
      `synthetic ${records} records, JSON layout vs column layout`,
      compareLayouts(
        path.join(work, `synthetic-${records}`),
        "bench",
        (file) => writeSyntheticRawSnapshot(file, records, 7, "json"),
        (file) => writeSyntheticRawSnapshot(file, records, 7, "columns"),
      ),
    );
  }
  for (const snapshotFile of snapshots) {
    const name = path.basename(snapshotFile).replace(/_snapshot\.json$/, "");
    const raw = rawOfSnapshot(JSON.parse(readFileSync(snapshotFile, "utf8")) as Record<string, unknown>);
    const dir = path.join(work, name);
    say(`${snapshotFile}: JSON layout vs column layout`, compareLayouts(dir, name, (file) => writeJsonLayout(raw, file), (file) => writeColumnsLayout(raw, file)));
    say(`${snapshotFile}: the run's own reports vs the column layout's`, differingReports(path.dirname(snapshotFile), name, path.join(dir, "from-columns"), name));
  }
  rmSync(work, { recursive: true, force: true });
  if (failed) process.exitCode = 1;
}

if (process.argv[1] !== undefined && path.resolve(process.argv[1]) === new URL(import.meta.url).pathname) {
  main().catch((error: unknown) => {
    process.stderr.write(`raw-identity: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  });
}
