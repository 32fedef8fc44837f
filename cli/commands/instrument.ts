import * as fs from "node:fs";
import * as path from "node:path";
import { instrumentProject } from "../../transformer/source/index.js";
import { parseCommandArgs, requirePositionals, stringOption } from "../args.js";
import type { Command } from "../command.js";
import { CliError } from "../errors.js";
import { print } from "../output.js";
import { packageVersion } from "../version.js";

const help = `Usage: memscope instrument <tsconfig.json> --out DIR

Write an instrumented copy of a project's sources that any compiler builds: the way
to use memscope-ts with TypeScript 7 (tsgo), whose compiler has no plugin API.
Types come from memscope-ts's own TypeScript 6; the copy mirrors the project folder
(each instrumented file with a .map back to the original) and DIR/tsconfig.json
extends yours, so the build writes to your outDir:

  npx memscope instrument tsconfig.json --out .memscope
  npx tsc -p .memscope          # TypeScript 7, or any compiler
  node dist/app.js              # writes memscope-out/app_*.svg / _snapshot.json

With MEMSCOPE=off in the environment the copy is the sources, byte for byte.

Options:
  --out DIR     where the copy goes (required)
  -h, --help    show this help
  -v, --version show the version`;

export const instrumentCommand: Command = {
  name: "instrument",
  summary: "write an instrumented copy of a project's sources for any compiler (TypeScript 7)",
  help,
  async run(args) {
    const { values, positionals } = parseCommandArgs("instrument", args, { out: { type: "string", short: "o" } });
    if (values.help) return print(help);
    if (values.version) return print(packageVersion());
    const [input] = requirePositionals("instrument", positionals, ["tsconfig.json"]) as [string];
    const out = stringOption(values.out);
    if (!out) throw new CliError("instrument needs --out DIR (where the instrumented copy goes)");
    let configFile = path.resolve(input);
    if (fs.existsSync(configFile) && fs.statSync(configFile).isDirectory()) configFile = path.join(configFile, "tsconfig.json");
    if (!fs.existsSync(configFile)) throw new CliError(`no tsconfig at ${input}`);
    const outDir = path.resolve(out);
    if (outDir === path.dirname(configFile)) throw new CliError("--out must not be the project folder itself (the copy would overwrite the sources)");
    const result = instrumentProject(configFile, outDir);
    for (const w of result.warnings) process.stderr.write(`${w}\n`);
    return print(
      `memscope: ${result.instrumented} of ${result.files} files instrumented (${result.sites} sites) into ${path.relative(process.cwd(), outDir) || "."}; ` +
        `build it with: tsc -p ${path.relative(process.cwd(), result.tsconfig)}`,
    );
  },
};
