import * as path from "node:path";
import { reportPaths, type ReportKind } from "../../render/index.js";
import { parseCommandArgs, requirePositionals, stringOption } from "../args.js";
import type { Command } from "../command.js";
import { loadSnapshot } from "../io.js";
import { checkReportName, writeReportFiles } from "../report-files.js";
import { print } from "../output.js";
import { packageVersion } from "../version.js";

const SNAPSHOT_SUFFIX = "_snapshot.json";

const help = `Usage: memscope render <snapshot.json> [--out DIR] [--name NAME] [--html]

Re-render the memory-analysis and lifecycle-timeline SVGs from a snapshot.

Options:
  --out DIR     output directory (default: the snapshot's directory); when the
                snapshot would land elsewhere, a copy of it is written too
  --name NAME   report base name (default: the snapshot's metadata.name)
  --html        also write the interactive HTML report, <name>_report.html
  -h, --help    show this help
  -v, --version show the version

Writes <name>_memory_analysis.svg and <name>_lifecycle_timeline.svg (and
<name>_snapshot.json when it differs from the input, and <name>_report.html
with --html) and prints their paths.`;

export const renderCommand: Command = {
  name: "render",
  summary: "re-render the SVG reports from a snapshot",
  help,
  async run(args) {
    const { values, positionals } = parseCommandArgs("render", args, {
      out: { type: "string", short: "o" },
      name: { type: "string" },
      html: { type: "boolean" },
    });
    if (values.help) return print(help);
    if (values.version) return print(packageVersion());
    const [input] = requirePositionals("render", positionals, ["snapshot.json"]) as [string];

    const snapshot = await loadSnapshot(input);
    const inputPath = path.resolve(input);
    const outDir = path.resolve(stringOption(values.out) ?? path.dirname(inputPath));
    const name = checkReportName(stringOption(values.name) ?? defaultName(snapshot.metadata.name, inputPath));
    const only: ReportKind[] = ["analysis", "timeline"];
    if (values.html) only.push("html");
    if (reportPaths(outDir, name, ["json"]).json !== inputPath) only.unshift("json");

    const lines = await writeReportFiles(snapshot, { outDir, name, only });
    return print(lines.join("\n"));
  },
};

function defaultName(metadataName: string | undefined, inputPath: string): string {
  if (metadataName) return metadataName;
  const base = path.basename(inputPath);
  return base.endsWith(SNAPSHOT_SUFFIX) ? base.slice(0, -SNAPSHOT_SUFFIX.length) : path.parse(base).name;
}
