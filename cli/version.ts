import { readFileSync } from "node:fs";

/**
 * The package version, read from package.json beside dist/ (two levels up from
 * dist/cli/version.js) so `--version` can never drift from what npm installed.
 */
export function packageVersion(): string {
  const manifest = JSON.parse(
    readFileSync(new URL("../../package.json", import.meta.url), "utf8"),
  ) as { version?: unknown };
  return typeof manifest.version === "string" ? manifest.version : "unknown";
}
