import { parseArgs, type ParseArgsConfig } from "node:util";
import { UsageError } from "./errors.js";

type Options = NonNullable<ParseArgsConfig["options"]>;

export interface ParsedArgs {
  values: Record<string, string | boolean | undefined>;
  positionals: string[];
}

/** Options every command accepts. */
export const COMMON_OPTIONS = {
  help: { type: "boolean", short: "h" },
  version: { type: "boolean", short: "v" },
} as const satisfies Options;

/**
 * node:util parseArgs in strict mode, with its errors turned into one-line usage
 * errors that name the command. Positional count is checked by the caller after
 * --help/--version had a chance to short-circuit.
 */
export function parseCommandArgs(command: string, args: string[], options: Options): ParsedArgs {
  try {
    const { values, positionals } = parseArgs({
      args,
      options: { ...COMMON_OPTIONS, ...options },
      allowPositionals: true,
      strict: true,
    });
    return { values: values as ParsedArgs["values"], positionals };
  } catch (error) {
    const code = (error as { code?: string }).code;
    const message = (error as Error).message.split(/\.\s/)[0] ?? "invalid arguments";
    if (code?.startsWith("ERR_PARSE_ARGS")) throw new UsageError(message.toLowerCase(), command);
    throw error;
  }
}

/** Exactly `names.length` positionals, each named in the error when missing. */
export function requirePositionals(command: string, positionals: string[], names: string[]): string[] {
  if (positionals.length < names.length) {
    throw new UsageError(`missing argument <${names[positionals.length]}>`, command);
  }
  if (positionals.length > names.length) {
    throw new UsageError(`unexpected argument '${positionals[names.length]}'`, command);
  }
  return positionals;
}

/** A flag value that must be a finite number within [min, max]; integers when asked. */
export function numberOption(
  command: string,
  flag: string,
  raw: string | boolean | undefined,
  { min, integer = false }: { min: number; integer?: boolean },
): number | undefined {
  if (raw === undefined) return undefined;
  const text = String(raw).trim();
  const value = text === "" ? NaN : Number(text);
  if (!Number.isFinite(value) || value < min || (integer && !Number.isInteger(value))) {
    const kind = integer ? "an integer" : "a number";
    throw new UsageError(`--${flag} must be ${kind} >= ${min}, got '${String(raw)}'`, command);
  }
  return value;
}

export function stringOption(raw: string | boolean | undefined): string | undefined {
  return typeof raw === "string" ? raw : undefined;
}
