/**
 * Piscina worker: renders one SVG from its aggregated model and writes it atomically.
 * Runs off the main thread, so the main thread can stream the snapshot JSON meanwhile.
 * Small exports call renderSvgFile on the main thread instead (render/report.ts).
 */
import { writeFileAtomic } from "../write/atomic.js";
import { renderAnalysisSvg } from "../draw/analysis/svg.js";
import { renderTimelineSvg } from "../draw/timeline/svg.js";
import { OutputError } from "../errors.js";
import type { SvgTask, SvgTaskResult } from "./tasks.js";

export function renderSvg(task: SvgTask): string {
  return task.kind === "analysis" ? renderAnalysisSvg(task.model) : renderTimelineSvg(task.model);
}

/** Renders the task's SVG and writes it atomically; returns the path (OutputError on failure). */
export async function renderSvgFile(task: SvgTask): Promise<string> {
  await writeFileAtomic(task.path, renderSvg(task));
  return task.path;
}

/**
 * Error classes do not survive the trip back from a worker thread, so a write failure
 * comes back as a value and the pool turns it into an OutputError again.
 */
export default async function run(task: SvgTask): Promise<SvgTaskResult> {
  try {
    return { path: await renderSvgFile(task) };
  } catch (error) {
    if (error instanceof OutputError) return { outputError: error.message };
    throw error;
  }
}
