import * as path from "node:path";
import { safeReportName, writeDiffHtmlReport } from "../../render/index.js";
import { numberOption, parseCommandArgs, requirePositionals, stringOption } from "../args.js";
import type { Command } from "../command.js";
import { compareSnapshots, formatDiff, formatPercent, growthPercent, signedBytes } from "../diff-report.js";
import { CliError, oneLine } from "../errors.js";
import { ensureWritableDir, loadSnapshot } from "../io.js";
import { packageVersion } from "../version.js";
import { print, printError } from "../output.js";

const help = `Usage: memscope diff <base.json> <head.json> [--fail-on-growth PCT] [--markdown] [--top N]
                     [--html [--out DIR]]

Compare two snapshots per variable site (file:line + name) and per declared type:
live bytes, record counts and new leak candidates, largest growth first.

  live bytes   heap + off-heap bytes of the records still alive at export
               (objects until V8 collected them, strings until their scope exited)
  records      values registered at the site (records, and ones folded per site)
  new leaks    head leak candidates at a site where base had none of that kind
  growth       (head live bytes - base live bytes) / base live bytes x 100, over
               all tracked records; "new" (infinite) when base had none
  ≈            extrapolated: records kept 1 in N by hot-site sampling count for the
               N values they stand for (so runs with and without sampling compare
               alike); the growth's 95% sampling margin is printed beside it

Options:
  --fail-on-growth PCT  exit 1 when growth is greater than PCT percent
                        (the regression gate for CI)
  --markdown            print Markdown tables (for a pull-request comment)
  --top N               rows per table (default 20)
  --html                also write an interactive HTML report of the comparison
                        (the head's report with a Diff view): <head name>_diff_report.html
  --out DIR             where --html writes (default: the head snapshot's directory)
  -h, --help            show this help
  -v, --version         show the version

Exit status: 0 compared (gate passed), 1 gate failed, 2 bad input.`;

export const diffCommand: Command = {
  name: "diff",
  summary: "compare two snapshots; --fail-on-growth PCT gates CI",
  help,
  async run(args) {
    const { values, positionals } = parseCommandArgs("diff", args, {
      "fail-on-growth": { type: "string" },
      markdown: { type: "boolean" },
      top: { type: "string" },
      html: { type: "boolean" },
      out: { type: "string", short: "o" },
    });
    if (values.help) return print(help);
    if (values.version) return print(packageVersion());
    const threshold = numberOption("diff", "fail-on-growth", values["fail-on-growth"], { min: 0 });
    const top = numberOption("diff", "top", values.top, { min: 1, integer: true }) ?? 20;
    const [basePath, headPath] = requirePositionals("diff", positionals, ["base.json", "head.json"]) as [
      string,
      string,
    ];
    if (values.out !== undefined && !values.html) throw new CliError("--out needs --html (the text diff goes to standard output)");
    const outDir = path.resolve(stringOption(values.out) ?? path.dirname(path.resolve(headPath)));
    if (values.html) ensureWritableDir(outDir);
    const base = await loadSnapshot(basePath);
    const head = await loadSnapshot(headPath);
    const result = compareSnapshots(base, head);
    const failed = threshold !== undefined && result.growthPercent > threshold;
    print(
      formatDiff(result, {
        baseName: basePath,
        headName: headPath,
        top,
        markdown: values.markdown === true,
        ...(threshold !== undefined ? { gate: { thresholdPercent: threshold, failed } } : {}),
      }),
      values.markdown !== true,
    );
    if (values.html) {
      const file = path.join(outDir, `${safeReportName(head.metadata.name || "memscope")}_diff_report.html`);
      try {
        await writeDiffHtmlReport(result, head, {
          baseName: basePath,
          headName: headPath,
          base,
          ...(threshold !== undefined ? { gate: { thresholdPercent: threshold, failed } } : {}),
          growthText: (baseBytes, headBytes) => formatPercent(growthPercent(baseBytes, headBytes)),
          changeText: signedBytes,
        }, file);
      } catch (error) {
        throw new CliError(oneLine((error as Error).message));
      }
      process.stderr.write(`memscope: wrote ${file}\n`);
    }
    if (failed) {
      printError(`live tracked bytes grew ${formatPercent(result.growthPercent)}, more than --fail-on-growth ${threshold}%`);
      return 1;
    }
    return 0;
  },
};
