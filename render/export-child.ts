/**
 * The process the runtime starts at export:
 *   node dist/render/export-child.js RAW_PATH OUT_DIR NAME [KINDS] [--leak-ms=MS] [--verbose]
 * Reads the runtime's raw snapshot (line-based), derives the full snapshot, renders
 * the requested reports, and deletes the raw file whatever happens. Exit 0 when every
 * file was written; otherwise one line on stderr and exit 2. Silent on success unless
 * --verbose (one line per written path). The options are the runtime's parse of
 * MEMSCOPE_LEAK_MS and MEMSCOPE_VERBOSE (format/settings.ts): the child reads no
 * MEMSCOPE_* variable itself.
 */
import { rm } from "node:fs/promises";
import { EXPORT_LIMITS } from "../format/export-plan.js";
import { parseExportChildArguments, SettingError } from "../format/settings.js";
import { deriveExport } from "./derive/export.js";
import { OutputError, SnapshotInputError } from "./errors.js";
import { REPORT_KINDS, renderReports, type ReportKind } from "./write/reports.js";
import { schemaProblem } from "./read/schema.js";

/** Records checked against the schema at export (all of them up to this count, an even sample beyond). */
const SCHEMA_SAMPLE_RECORDS = EXPORT_LIMITS.schemaSampleRecords;

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

async function main(argv: string[]): Promise<number> {
  // The raw file is deleted whatever happens, a bad option included.
  const rawPath = argv.find((argument) => !argument.startsWith("--"));
  try {
    const { positional, settings } = parseExportChildArguments(argv);
    const [, outDir, name, kindsArgument] = positional;
    if (!rawPath || !outDir || !name) throw new UsageError("usage: export-child RAW_PATH OUT_DIR NAME [json,analysis,timeline,html] [--leak-ms=MS] [--verbose]");
    const kinds = parseKinds(kindsArgument);
    // A large snapshot's records are parsed on worker threads into columns: then
    // snapshot.allocations holds just the records the schema check samples.
    const { snapshot, allocationsFrom, recordIndex } = await deriveExport(rawPath, {
      leakThresholdMs: settings.leakMs,
      schemaSampleRecords: SCHEMA_SAMPLE_RECORDS,
    });
    // A snapshot we write must be one we can read back (memscope render, diff): check it
    // against the schema first, and write nothing when the runtime's data drifted.
    const problem = schemaProblem(snapshot, { maxRecords: SCHEMA_SAMPLE_RECORDS });
    if (problem) throw new SnapshotInputError(`${rawPath}: the raw snapshot gives a snapshot that does not match schema/snapshot.schema.json: ${problem}`);
    // The runtime wrote one record per line already: the snapshot JSON copies those lines.
    const paths = await renderReports(snapshot, { outDir, name, only: kinds, allocationsFrom, recordIndex });
    if (settings.verbose) {
      for (const path of Object.values(paths)) process.stderr.write(`memscope: wrote ${path}\n`);
    }
    return 0;
  } catch (error) {
    const known = error instanceof SnapshotInputError || error instanceof OutputError || error instanceof UsageError || error instanceof SettingError;
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
