/**
 * Writing a snapshot's report files from the CLI (`render`, `merge`): the output
 * directory checked first, a progress bar on a terminal, one-line errors, and the
 * lines that name the written files.
 */
import { renderReports, type RenderOptions } from "../render/index.js";
import { CliError, oneLine } from "./errors.js";
import { ensureWritableDir } from "./io.js";
import { createProgress } from "./progress.js";
import type { Snapshot } from "../format/snapshot.js";

/** A report base name must be a plain file name: no directory, nothing that walks up. */
export function checkReportName(name: string): string {
  if (!/^[^/\\\0]+$/.test(name) || name === "." || name === "..") {
    throw new CliError(`--name must be a plain file name, got '${name}'`);
  }
  return name;
}

/** Renders the reports; returns the lines that list the written files. */
export async function writeReportFiles(snapshot: Snapshot, options: Omit<RenderOptions, "onProgress">): Promise<string[]> {
  ensureWritableDir(options.outDir);
  const progress = createProgress("memscope: rendering");
  let paths;
  try {
    paths = await renderReports(snapshot, { ...options, onProgress: (done, total) => progress.update(done, total) });
  } catch (error) {
    throw new CliError(oneLine((error as Error).message));
  } finally {
    progress.finish();
  }
  return [
    paths.analysis && `memory analysis     ${paths.analysis}`,
    paths.timeline && `lifecycle timeline  ${paths.timeline}`,
    paths.json && `snapshot            ${paths.json}`,
    paths.html && `html report         ${paths.html}`,
  ].filter((line): line is string => Boolean(line));
}
