/** What the render workers are asked to do (shared by the pool and the worker module). */
import type { AnalysisModel } from "../draw/analysis/model.js";
import type { TimelineModel } from "../draw/timeline/model.js";

export type SvgTask =
  | { kind: "analysis"; model: AnalysisModel; path: string }
  | { kind: "timeline"; model: TimelineModel; path: string };

export type SvgTaskResult = { path: string } | { outputError: string };
