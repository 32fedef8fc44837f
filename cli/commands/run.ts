import { spawn } from "node:child_process";
import { closeSync, openSync, readFileSync, readSync, rmSync, statSync } from "node:fs";
import { createRequire } from "node:module";
import { constants } from "node:os";
import * as path from "node:path";
import { numberOption, parseCommandArgs, stringOption } from "../args.js";
import type { Command } from "../command.js";
import { CliError, UsageError } from "../errors.js";
import { ensureWritableDir } from "../io.js";
import { print, printError } from "../output.js";
import { printableLines } from "../table.js";
import { createProgress } from "../progress.js";
import { noRecordsReason, reportPaths } from "../../render/index.js";
import { defaultReportName, envValue, splitRunArgs } from "../run-args.js";
import { packageVersion } from "../version.js";

const help = `Usage: memscope run [--out DIR] [--name NAME] [--precise] [--sample-ms N] -- script.js [args...]

Run a program built with tspc and the memscope-ts transformer, with the runtime
configured through MEMSCOPE_OUT, MEMSCOPE_NAME, MEMSCOPE_PRECISE and
MEMSCOPE_SAMPLE_MS. Standard streams are inherited and signals forwarded; memscope
exits with the program's exit code (or signal), then prints on stderr where the
four reports are.

Options:
  -o, --out DIR     output directory (default: $MEMSCOPE_OUT or ./memscope-out)
  --name NAME       report base name (default: $MEMSCOPE_NAME or the script's name)
  --precise         exact sizes from a V8 heap snapshot at export (slower);
                    on a terminal, shows its progress (MEMSCOPE_PROGRESS=0 hides it)
  --sample-ms N     sampler interval in milliseconds (default 50)
  -h, --help        show this help
  -v, --version     show the version

Other MEMSCOPE_* variables (MEMSCOPE_LEAK_MS, MEMSCOPE_MAX_RECORDS, ...) pass
through from the environment.`;

const FORWARDED_SIGNALS: NodeJS.Signals[] = ["SIGINT", "SIGTERM", "SIGHUP", "SIGQUIT", "SIGUSR2"];
/** Snapshots larger than this certainly hold records; smaller ones are parsed to check. */
const PARSE_LIMIT_BYTES = 32 * 1024 * 1024;
/** Coarse file-system clocks may stamp a file slightly before Date.now() said "start". */
const MTIME_SLACK_MS = 50;

export const runCommand: Command = {
  name: "run",
  summary: "run a tspc-built program with tracking and report where the files are",
  help,
  async run(args) {
    const { own, program } = splitRunArgs(args);
    const { values, positionals } = parseCommandArgs("run", own, {
      out: { type: "string", short: "o" },
      name: { type: "string" },
      precise: { type: "boolean" },
      "sample-ms": { type: "string" },
    });
    if (values.help) return print(help);
    if (values.version) return print(packageVersion());
    const sampleMs = numberOption("run", "sample-ms", values["sample-ms"], { min: 1, integer: true });
    const [script, ...scriptArgs] = [...positionals, ...program];
    if (!script) throw new UsageError("missing argument <script.js>", "run");
    if (!isFile(script)) throw new CliError(`script not found: ${script}`);

    const outDir = path.resolve(stringOption(values.out) ?? envValue(process.env, "MEMSCOPE_OUT") ?? "memscope-out");
    const name = stringOption(values.name) ?? envValue(process.env, "MEMSCOPE_NAME") ?? defaultReportName(script);
    if (!/^[^/\\\0]+$/.test(name) || name === "." || name === "..") {
      throw new CliError(`--name must be a plain file name, got '${name}'`);
    }
    ensureWritableDir(outDir);

    // memscope run reads the reports as soon as the program exits: the export must not be detached.
    // The runtime writes how its exit export ended into the status file, so a missing
    // report is explained by its real cause.
    // Kept in the output folder (checked writable above), not the OS temp dir: a broken
    // TMPDIR is the program's business, and the file is removed when the program ends.
    const statusFile = path.join(outDir, `.memscope-run-${process.pid}.status`);
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      MEMSCOPE_OUT: outDir,
      MEMSCOPE_NAME: name,
      MEMSCOPE_EXPORT: "wait",
      MEMSCOPE_EXPORT_STATUS: statusFile,
    };
    if (values.precise) {
      env.MEMSCOPE_PRECISE = "1";
      // The export runs in the program's process: ask its runtime to show precise mode's
      // phases (it draws them only when stderr is a terminal). An explicit value wins.
      env.MEMSCOPE_PROGRESS ??= "1";
    }
    if (sampleMs !== undefined) env.MEMSCOPE_SAMPLE_MS = String(sampleMs);

    // The export child names files through render's reportPaths; ask it rather than guess.
    const paths = reportPaths(outDir, name);
    const reports = { analysis: paths.analysis!, timeline: paths.timeline!, json: paths.json!, html: paths.html! };
    const startedAt = Date.now();
    let outcome: Outcome;
    let exportStatus: string | null;
    try {
      outcome = await runProgram([script, ...scriptArgs], env, () =>
        Object.values(reports).filter((file) => isFresh(file, startedAt)).length,
      );
    } finally {
      exportStatus = readStatus(statusFile);
      rmSync(statusFile, { force: true });
    }

    reportFiles(script, reports, startedAt, outcome.signal, env.MEMSCOPE === "off", exportStatus);
    const preciseProblem = values.precise && isFresh(reports.json, startedAt) ? preciseUnavailable(reports.json) : null;
    if (preciseProblem !== null) {
      process.stderr.write(`memscope: precise mode measured nothing: ${preciseProblem}; the reports hold estimated sizes\n`);
    }
    if (outcome.signal) {
      // Die of the same signal so our parent sees what the program did.
      process.kill(process.pid, outcome.signal);
      return 128 + (constants.signals[outcome.signal] ?? 0);
    }
    // A precise run without precise sizes did not do what was asked: non-zero even when the program succeeded.
    if (preciseProblem !== null && outcome.code === 0) return 1;
    return outcome.code ?? 1;
  },
};

/** metadata.precise_unavailable of a written snapshot (why precise mode measured nothing), or null. */
function preciseUnavailable(file: string): string | null {
  try {
    // The metadata comes first in the file: its head is enough.
    const fd = openSync(file, "r");
    const head = Buffer.alloc(64 * 1024);
    const read = readSync(fd, head, 0, head.length, 0);
    closeSync(fd);
    const match = /"precise_unavailable":("(?:[^"\\]|\\.)*")/.exec(head.subarray(0, read).toString("utf8"));
    return match ? (JSON.parse(match[1]!) as string) : null;
  } catch {
    return null;
  }
}

interface Outcome {
  code: number | null;
  signal: NodeJS.Signals | null;
}

/**
 * Run node on the program with inherited stdio, forwarding signals. While it runs,
 * when stderr is a terminal, show how many of the four reports are written once
 * the program has started exporting (precise mode can take a while there).
 */
function runProgram(argv: string[], env: NodeJS.ProcessEnv, countWritten: () => number): Promise<Outcome> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, argv, { stdio: "inherit", env });
    const forward = (signal: NodeJS.Signals): void => {
      child.kill(signal);
    };
    for (const signal of FORWARDED_SIGNALS) process.on(signal, forward);
    const progress = createProgress("memscope: exporting reports");
    const poll = process.stderr.isTTY
      ? setInterval(() => {
          const written = countWritten();
          if (written > 0 && written < 3) progress.update(written, 3);
        }, 200)
      : undefined;
    const cleanUp = (): void => {
      for (const signal of FORWARDED_SIGNALS) process.off(signal, forward);
      if (poll) clearInterval(poll);
      progress.finish();
    };
    child.once("error", (error) => {
      cleanUp();
      reject(new CliError(`cannot start ${argv[0]}: ${error.message}`));
    });
    child.once("exit", (code, signal) => {
      cleanUp();
      resolve({ code, signal });
    });
  });
}

function reportFiles(
  script: string,
  reports: Record<"analysis" | "timeline" | "json" | "html", string>,
  startedAt: number,
  signal: NodeJS.Signals | null,
  trackingOff: boolean,
  exportStatus: string | null,
): void {
  const labels = { analysis: "memory analysis   ", timeline: "lifecycle timeline", json: "snapshot          ", html: "html report       " };
  const written = (Object.keys(reports) as Array<keyof typeof reports>).filter((kind) =>
    isFresh(reports[kind], startedAt),
  );
  const err = (line: string): void => {
    printError(line);
  };
  if (written.length === 0) {
    if (trackingOff) err(`no report was written: MEMSCOPE=off is set, so tracking was off`);
    else if (exportStatus !== null && exportStatus !== "ok") err(`no report was written: ${exportStatus}`);
    else if (signal === "SIGKILL") err(`no report was written: ${script} was killed by SIGKILL before it could export`);
    else if (signal !== null && exportStatus === null && looksInstrumented(script)) {
      err(
        `no report was written: ${script} was killed by ${signal} before it could export ` +
          `(a signal during a long synchronous stretch ends the program at once, as it would without memscope-ts)`,
      );
    } else if (looksInstrumented(script)) {
      err(`no report was written although ${script} is instrumented: the memscope-ts runtime did not export`);
    } else if (projectTypeScriptMajor(path.dirname(path.resolve(script))) >= 7) {
      err(
        `no report was written: ${script} was not built with the memscope-ts transformer, so nothing was tracked ` +
          `(this project's TypeScript is 7, whose tsc runs no compiler plugin: build with \`memscope instrument tsconfig.json --out .memscope\` and \`tsc -p .memscope\`)`,
      );
    } else {
      err(
        `no report was written: ${script} was not built with the memscope-ts transformer, so nothing was tracked ` +
          `(build it with tspc and "plugins": [{ "transform": "memscope-ts/transformer" }] in tsconfig.json)`,
      );
    }
    return;
  }
  const lines = written.map((kind) => `  ${labels[kind]}  ${reports[kind]}`);
  process.stderr.write(printableLines(`memscope: reports written\n${lines.join("\n")}\n`));
  const missing = (Object.keys(reports) as Array<keyof typeof reports>).filter((k) => !written.includes(k));
  if (missing.length > 0) {
    err(`missing: ${missing.map((k) => path.basename(reports[k])).join(", ")} (the export failed; see above)`);
  }
  const empty = written.includes("json") ? emptySnapshot(reports.json) : null;
  if (empty !== null) err(empty);
}

/** The runtime's one-line export outcome, or null when it wrote none (no export ran). */
function readStatus(file: string): string | null {
  try {
    const text = readFileSync(file, "utf8").trim();
    return text === "" ? null : (text.split("\n")[0] ?? null);
  } catch {
    return null;
  }
}

/**
 * A snapshot with no records (a program built with the plugin registers its files even
 * when nothing it tracks runs): its own words for it (`summary.no_records_reason`; for a
 * snapshot from an older writer, the same derivation), as a line; else null.
 */
function emptySnapshot(file: string): string | null {
  try {
    if (statSync(file).size > PARSE_LIMIT_BYTES) return null;
    const snapshot = JSON.parse(readFileSync(file, "utf8")) as {
      summary?: { no_records_reason?: unknown };
      allocations?: unknown[];
      folded_sites?: unknown[];
      dropped_records?: unknown;
      tracked_sites?: unknown;
    };
    const written = snapshot.summary?.no_records_reason;
    const reason =
      typeof written === "string" && written.length > 0
        ? written
        : noRecordsReason(
            {
              folded_sites: Array.isArray(snapshot.folded_sites) ? (snapshot.folded_sites as never[]) : [],
              dropped_records: typeof snapshot.dropped_records === "number" ? snapshot.dropped_records : 0,
              tracked_sites: typeof snapshot.tracked_sites === "number" ? snapshot.tracked_sites : 0,
            },
            Array.isArray(snapshot.allocations) ? snapshot.allocations.length : 0,
          );
    if (reason === undefined) return null;
    return reason.charAt(0).toLowerCase() + reason.slice(1).replace(/\.$/, "");
  } catch {
    return null; // unreadable here is not our question to answer; `memscope summary` will say why
  }
}

/**
 * Whether the entry script carries the transformer's runtime import. An entry that
 * declares no tracked binding may lack it while its imports have it, so this only
 * chooses between two explanations; it never decides whether reports are expected.
 */
function looksInstrumented(script: string): boolean {
  try {
    return readFileSync(script, "utf8").includes("memscope-ts/runtime");
  } catch {
    return false;
  }
}

/** The major version of the `typescript` package the script's project resolves, 0 when none. */
function projectTypeScriptMajor(fromDir: string): number {
  try {
    const manifest = createRequire(path.join(fromDir, "package.json")).resolve("typescript/package.json");
    const version = (JSON.parse(readFileSync(manifest, "utf8")) as { version?: unknown }).version;
    return typeof version === "string" ? Number.parseInt(version, 10) || 0 : 0;
  } catch {
    return 0;
  }
}

function isFile(file: string): boolean {
  try {
    return statSync(file).isFile();
  } catch {
    return false;
  }
}

function isFresh(file: string, startedAt: number): boolean {
  try {
    return statSync(file).mtimeMs >= startedAt - MTIME_SLACK_MS;
  } catch {
    return false;
  }
}
