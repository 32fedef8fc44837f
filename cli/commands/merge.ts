import * as path from "node:path";
import { MergeError, mergeSnapshots, type MergeInput } from "../../render/index.js";
import { parseCommandArgs, stringOption } from "../args.js";
import type { Command } from "../command.js";
import { CliError, UsageError } from "../errors.js";
import { loadSnapshot } from "../io.js";
import { checkReportName, writeReportFiles } from "../report-files.js";
import { print } from "../output.js";
import { packageVersion } from "../version.js";

const help = `Usage: memscope merge <a.json> <b.json> [more.json...] --out DIR [--name NAME] [--test-run]

Merge snapshots of the same build from several processes (cluster workers, pods)
into one snapshot and its two SVG reports.

  - declarations are matched by file:line + name, so their figures sum over the
    processes; every record keeps its process (each process thread gets a
    thread id of its own, listed in "threads" with its pid)
  - times are put on one axis: milliseconds since the earliest process start
  - the heap timeline is the sum of the processes' samples; leak candidates are
    each process's own, one per declaration with their bytes summed
  - snapshots from different builds (another memscope-ts version, functions
    moved, a declaration with another type) are refused

Options:
  --out DIR     output directory (required)
  --name NAME   report base name (default: "merged")
  --test-run    the snapshots are the workers of one test run (what the Vitest
                plugin and the Jest reporter merge): they need not share a file
                or an entry script, and one snapshot is enough
  -h, --help    show this help
  -v, --version show the version

The merged snapshot is a snapshot like any other: memscope summary, render and
diff read it.

Exit status: 0 merged, 2 bad input (unreadable snapshot, different builds).`;

export const mergeCommand: Command = {
  name: "merge",
  summary: "merge snapshots of one build from several processes into one report",
  help,
  async run(args) {
    const { values, positionals } = parseCommandArgs("merge", args, {
      out: { type: "string", short: "o" },
      name: { type: "string" },
      "test-run": { type: "boolean" },
    });
    if (values.help) return print(help);
    if (values.version) return print(packageVersion());
    const testRun = values["test-run"] === true;
    if (positionals.length < (testRun ? 1 : 2)) throw new UsageError(testRun ? "needs a snapshot to merge" : "needs at least two snapshots to merge", "merge");
    const out = stringOption(values.out);
    if (out === undefined) throw new UsageError("missing --out DIR", "merge");
    const name = checkReportName(stringOption(values.name) ?? "merged");
    const outDir = path.resolve(out);
    const inputs: MergeInput[] = [];
    for (const source of positionals) inputs.push({ source, snapshot: await loadSnapshot(source) });
    let merged;
    try {
      merged = mergeSnapshots(inputs, { name, testRun });
    } catch (error) {
      if (error instanceof MergeError) throw new CliError(error.message);
      throw error;
    }
    const files = await writeReportFiles(merged, { outDir, name });
    const pids = merged.metadata.processes?.map((p) => p.pid).join(", ") ?? "";
    const lines = [`merged ${inputs.length} snapshot${inputs.length === 1 ? "" : "s"} (pids ${pids}): ${merged.allocations.length} records`, ...files];
    process.stdout.write(lines.join("\n") + "\n");
    return 0;
  },
};
