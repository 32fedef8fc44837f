/**
 * The process the runtime starts at export:
 *   node dist/render/export-child.js RAW_PATH OUT_DIR NAME [KINDS]
 * Reads the runtime's raw snapshot (line-based), derives the full snapshot, renders
 * the requested reports, and deletes the raw file whatever happens. Exit 0 when every
 * file was written; otherwise one line on stderr and exit 2. Silent on success unless
 * MEMSCOPE_VERBOSE=1 (one line per written path).
 */
import { rm } from "node:fs/promises";
import { deriveExport } from "./export-derive.js";
import { OutputError, SnapshotInputError } from "./errors.js";
import { DEFAULT_LEAK_THRESHOLD_MS } from "./leaks.js";
import { REPORT_KINDS, renderReports, type ReportKind } from "./report.js";
import { schemaProblem } from "./schema.js";

/** Records checked against the schema at export (all of them up to this count, an even sample beyond). */
const SCHEMA_SAMPLE_RECORDS = 200_000;

class UsageError extends Error {}

function parseKinds(argument: string | undefined): ReportKind[] {
  if (argument === undefined || argument.trim() === "") return [...REPORT_KINDS];
  const kinds = argument.split(",").map((k) => k.trim());
  for (const kind of kinds) {
    if (!REPORT_KINDS.includes(kind as ReportKind)) {
      throw new UsageError(`unknown report kind "${kind}" (expected a comma list of ${REPORT_KINDS.join(",")})`);
    }
  }
  return kinds as ReportKind[];
}

function leakThresholdMs(): number {
  const value = process.env["MEMSCOPE_LEAK_MS"];
  if (value === undefined || value === "") return DEFAULT_LEAK_THRESHOLD_MS;
  const parsed = Number(value);
  if (!Number.isFinite(parsed) || parsed < 0) throw new UsageError(`MEMSCOPE_LEAK_MS must be a number of milliseconds ≥ 0, got "${value}"`);
  return parsed;
}

async function main(argv: string[]): Promise<number> {
  const [rawPath, outDir, name, kindsArgument] = argv;
  try {
    if (!rawPath || !outDir || !name) throw new UsageError("usage: export-child RAW_PATH OUT_DIR NAME [json,analysis,timeline,html]");
    const kinds = parseKinds(kindsArgument);
    // A large snapshot's records are parsed on worker threads into columns: then
    // snapshot.allocations holds just the records the schema check samples.
    const { snapshot, allocationsFrom, recordIndex } = await deriveExport(rawPath, {
      leakThresholdMs: leakThresholdMs(),
      schemaSampleRecords: SCHEMA_SAMPLE_RECORDS,
    });
    // A snapshot we write must be one we can read back (memscope render, diff): check it
    // against the schema first, and write nothing when the runtime's data drifted.
    const problem = schemaProblem(snapshot, { maxRecords: SCHEMA_SAMPLE_RECORDS });
    if (problem) throw new SnapshotInputError(`${rawPath}: the raw snapshot gives a snapshot that does not match schema/snapshot.schema.json: ${problem}`);
    // The runtime wrote one record per line already: the snapshot JSON copies those lines.
    const paths = await renderReports(snapshot, { outDir, name, only: kinds, allocationsFrom, recordIndex });
    if (process.env["MEMSCOPE_VERBOSE"] === "1") {
      for (const path of Object.values(paths)) process.stderr.write(`memscope: wrote ${path}\n`);
    }
    return 0;
  } catch (error) {
    const known = error instanceof SnapshotInputError || error instanceof OutputError || error instanceof UsageError;
    const message = error instanceof Error ? error.message : String(error);
    process.stderr.write(`memscope: ${known ? "" : "export failed: "}${message.split("\n")[0]}\n`);
    return 2;
  } finally {
    if (rawPath) await rm(rawPath, { force: true }).catch(() => undefined);
  }
}

main(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
