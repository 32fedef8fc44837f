#!/usr/bin/env node
/**
 * `memscope`: the command-line front door. Dispatches to one module per command;
 * every user-fixable problem arrives here as a CliError and leaves as one line on
 * stderr with exit code 2. Nothing here prints a stack trace.
 */
import { setOutputWidth, terminalWidth } from "./width.js";
import type { Command } from "./command.js";
import { diffCommand } from "./commands/diff.js";
import { mergeCommand } from "./commands/merge.js";
import { instrumentCommand } from "./commands/instrument.js";
import { renderCommand } from "./commands/render.js";
import { runCommand } from "./commands/run.js";
import { summaryCommand } from "./commands/summary.js";
import { CliError, oneLine, UsageError } from "./errors.js";
import { print, printError } from "./output.js";
import { packageVersion } from "./version.js";

const COMMANDS: Command[] = [runCommand, renderCommand, summaryCommand, diffCommand, mergeCommand, instrumentCommand];

function usage(): string {
  const width = Math.max(...COMMANDS.map((c) => c.name.length));
  return [
    "Usage: memscope <command> [options]",
    "",
    "Memory analysis for TypeScript programs built with tspc and the memscope-ts transformer.",
    "",
    "Commands:",
    ...COMMANDS.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    "",
    "Options:",
    "  -h, --help     show help (also: memscope <command> --help)",
    "  -v, --version  show the version",
    "",
    "Examples:",
    "  memscope run -- dist/app.js --port 8080",
    "  memscope summary memscope-out/app_snapshot.json",
    "  memscope render memscope-out/app_snapshot.json --out reports",
    "  memscope diff base_snapshot.json head_snapshot.json --fail-on-growth 10 --markdown",
    "  memscope merge pod-a_snapshot.json pod-b_snapshot.json --out merged",
    "  memscope instrument tsconfig.json --out .memscope   (then: tsc -p .memscope)",
  ].join("\n");
}

export async function main(argv: string[]): Promise<number> {
  setOutputWidth(terminalWidth());
  const [first, ...rest] = argv;
  if (first === undefined || first === "-h" || first === "--help" || first === "help") {
    if (first === "help" && rest[0]) return main([rest[0], "--help"]);
    return print(usage());
  }
  if (first === "-v" || first === "--version") return print(packageVersion());
  const command = COMMANDS.find((c) => c.name === first);
  if (!command) {
    throw new UsageError(
      first.startsWith("-") ? `unknown option '${first}'` : `unknown command '${first}'`,
    );
  }
  return command.run(rest);
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    if (error instanceof CliError) {
      printError(oneLine(error.message));
      process.exitCode = error.exitCode;
    } else {
      const message = error instanceof Error ? error.message : String(error);
      printError(`internal error: ${oneLine(message)}`);
      process.exitCode = 2;
    }
  },
);
