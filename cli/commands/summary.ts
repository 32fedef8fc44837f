import { numberOption, parseCommandArgs, requirePositionals } from "../args.js";
import type { Command } from "../command.js";
import { loadSnapshot } from "../io.js";
import { formatSummary } from "../summary-report.js";
import { packageVersion } from "../version.js";
import { print } from "../output.js";

const help = `Usage: memscope summary <snapshot.json> [--top N]

Print the eight metrics (active and peak memory, active allocations, memory
efficiency, median and P95 allocation size, heap fragmentation, allocation
density), then the largest variables, the largest allocation sites (file:line)
and the leak candidates, as aligned text. For a precise run (memscope run
--precise), also the estimator's error against V8's exact self sizes, overall and
per category/subcategory, and the exact and retained size of each top variable
(n/a where the object was not measured).

Options:
  --top N       rows per table (default 10)
  -h, --help    show this help
  -v, --version show the version`;

export const summaryCommand: Command = {
  name: "summary",
  summary: "print the metrics, top variables, sites and leak candidates",
  help,
  async run(args) {
    const { values, positionals } = parseCommandArgs("summary", args, {
      top: { type: "string" },
    });
    if (values.help) return print(help);
    if (values.version) return print(packageVersion());
    const top = numberOption("summary", "top", values.top, { min: 1, integer: true }) ?? 10;
    const [input] = requirePositionals("summary", positionals, ["snapshot.json"]) as [string];
    const snapshot = await loadSnapshot(input);
    return print(formatSummary(snapshot, input, top));
  },
};
