/**
 * Piscina worker: renders one SVG from its aggregated model and writes it atomically.
 * Runs off the main thread, so the main thread can stream the snapshot JSON meanwhile.
 */
import { writeFileAtomic } from "./atomic.js";
import { renderAnalysisSvg } from "./svg/analysis.js";
import { renderTimelineSvg } from "./svg/timeline.js";
import type { SvgTask } from "./tasks.js";

export function renderSvg(task: SvgTask): string {
  return task.kind === "analysis" ? renderAnalysisSvg(task.model) : renderTimelineSvg(task.model);
}

export default async function run(task: SvgTask): Promise<string> {
  await writeFileAtomic(task.path, renderSvg(task));
  return task.path;
}
