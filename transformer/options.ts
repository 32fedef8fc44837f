/**
 * Plugin options as written in a tsconfig `plugins` entry, and the build-time switch.
 * Pure: no TypeScript, no I/O. Paths are posix (TypeScript normalises file names so).
 */
import { RUNTIME_MODULE } from "../format/protocol.js";

export interface MemscopeOptions {
  enabled: boolean;
  include: readonly string[];
  exclude: readonly string[];
  collections: boolean;
  strings: boolean;
  boxes: boolean;
  dynamic: boolean;
  runtimeModule: string;
}

export const DEFAULT_OPTIONS: MemscopeOptions = {
  enabled: true,
  include: [],
  exclude: [],
  collections: true,
  strings: true,
  boxes: true,
  dynamic: true,
  runtimeModule: RUNTIME_MODULE,
};

function bool(value: unknown, fallback: boolean): boolean {
  return typeof value === "boolean" ? value : fallback;
}

function globs(value: unknown): string[] {
  if (typeof value === "string") return [value];
  if (Array.isArray(value)) return value.filter((v): v is string => typeof v === "string");
  return [];
}

/** Reads a plugin entry (unknown keys such as `transform` are ignored). */
export function parseOptions(raw: unknown, env: Record<string, string | undefined>): MemscopeOptions {
  const config = (raw !== null && typeof raw === "object" ? raw : {}) as Record<string, unknown>;
  const offByEnv = (env.MEMSCOPE ?? "").trim().toLowerCase() === "off";
  return {
    enabled: !offByEnv && bool(config.enabled, true),
    include: globs(config.include),
    exclude: globs(config.exclude),
    collections: bool(config.collections, true),
    strings: bool(config.strings, true),
    boxes: bool(config.boxes, true),
    dynamic: bool(config.dynamic, true),
    runtimeModule:
      typeof config.runtimeModule === "string" && config.runtimeModule.length > 0
        ? config.runtimeModule
        : RUNTIME_MODULE,
  };
}

/**
 * A glob as a regular expression: `**` crosses directories, `*` and `?` stay inside one
 * path segment, everything else is literal. A glob naming a directory (`src/gen`) also
 * matches everything below it, as tsconfig `exclude` does.
 */
export function globToRegExp(glob: string): RegExp {
  let source = "";
  const g = glob.replace(/^\.\//, "").replace(/\/+$/, "");
  for (let i = 0; i < g.length; i++) {
    const ch = g[i]!;
    if (ch === "*") {
      if (g[i + 1] === "*") {
        const slashAfter = g[i + 2] === "/";
        source += slashAfter ? "(?:.*/)?" : ".*";
        i += slashAfter ? 2 : 1;
      } else {
        source += "[^/]*";
      }
    } else if (ch === "?") {
      source += "[^/]";
    } else {
      source += ch.replace(/[.+^${}()|[\]\\]/g, "\\$&");
    }
  }
  return new RegExp(`^${source}(?:/.*)?$`);
}

/** Whether a file (path relative to the tsconfig directory) is selected by include/exclude. */
export function isSelected(relativePath: string, options: Pick<MemscopeOptions, "include" | "exclude">): boolean {
  const included = options.include.length === 0 || options.include.some((g) => globToRegExp(g).test(relativePath));
  return included && !options.exclude.some((g) => globToRegExp(g).test(relativePath));
}

/** `to` relative to the directory `from`, both absolute with forward slashes. */
export function relativePosix(from: string, to: string): string {
  const norm = (p: string) => p.replace(/\\/g, "/").split("/").filter((s) => s.length > 0 && s !== ".");
  const a = norm(from);
  const b = norm(to);
  const caseless = /^[a-z]:$/i.test(a[0] ?? "");
  const same = (x: string, y: string) => (caseless ? x.toLowerCase() === y.toLowerCase() : x === y);
  let common = 0;
  while (common < a.length && common < b.length && same(a[common]!, b[common]!)) common++;
  const up = a.slice(common).map(() => "..");
  return [...up, ...b.slice(common)].join("/");
}
