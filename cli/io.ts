/**
 * The CLI's edges to the file system: reading a snapshot and checking an output
 * directory, both failing with a one-line CliError.
 */
import { accessSync, constants, mkdirSync, statSync } from "node:fs";
import type { Snapshot } from "../format/snapshot.js";
import { readSnapshot } from "../render/index.js";
import { CliError, oneLine } from "./errors.js";
import { showStatus } from "./progress.js";

export async function loadSnapshot(path: string): Promise<Snapshot> {
  const clearStatus = showStatus(`memscope: reading ${path}…`);
  try {
    return await readSnapshot(path);
  } catch (error) {
    // readSnapshot's SnapshotInputError already carries a message a user can act on;
    // anything else (a bug, an odd fs error) is still reported in one line.
    const message = oneLine((error as Error).message || "cannot read snapshot");
    throw new CliError(message.includes(path) ? message : `${path}: ${message}`);
  } finally {
    clearStatus();
  }
}

/**
 * Create `dir` if needed and make sure files can be created in it, before any work
 * starts, so an unwritable destination fails fast and leaves nothing behind.
 */
export function ensureWritableDir(dir: string): void {
  try {
    mkdirSync(dir, { recursive: true });
    if (!statSync(dir).isDirectory()) throw Object.assign(new Error(), { code: "ENOTDIR" });
    accessSync(dir, constants.W_OK);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? "error";
    const why =
      code === "ENOTDIR" || code === "EEXIST"
        ? "a path component is a file, not a directory"
        : code === "EACCES" || code === "EPERM"
          ? "permission denied"
          : code === "EROFS"
            ? "read-only file system"
            : code;
    throw new CliError(`cannot write to output directory ${dir}: ${why}`);
  }
}
