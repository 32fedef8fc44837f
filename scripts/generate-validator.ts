/**
 * Build step (`npm run build`, after tsc): writes the snapshot validator as a module,
 * dist/render/snapshot-validator.generated.cjs, so the export child at program exit
 * validates without compiling the schema. `--out PATH` writes elsewhere (tests).
 */
import { mkdirSync, renameSync, writeFileSync } from "node:fs";
import path from "node:path";
import { GENERATED_VALIDATOR_PATH, installedAjvVersion, loadSchemaText } from "../render/read/schema.js";
import { generateValidatorModule } from "./lib/validator-codegen.js";

function outPath(argv: string[]): string {
  const flag = argv.indexOf("--out");
  if (flag === -1) return GENERATED_VALIDATOR_PATH;
  const value = argv[flag + 1];
  if (!value) throw new Error("--out needs a path");
  return path.resolve(value);
}

try {
  const out = outPath(process.argv.slice(2));
  const code = generateValidatorModule(loadSchemaText(), installedAjvVersion());
  mkdirSync(path.dirname(out), { recursive: true });
  const temp = `${out}.${process.pid}.tmp`;
  writeFileSync(temp, code);
  renameSync(temp, out);
} catch (error) {
  process.stderr.write(`generate-validator: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
}
