/**
 * The piscina pool that renders SVGs off the main thread. One pool per renderReports
 * call, sized to the work (at most one thread per SVG, at most the machine's cores),
 * and destroyed when the call ends so it never keeps a process alive.
 */
import { availableParallelism } from "node:os";
import { OutputError } from "../errors.js";
import { SVG_WORKER_URL } from "../paths.js";
import { loadPiscina } from "./lazy-piscina.js";
import type { SvgTask, SvgTaskResult } from "./tasks.js";


export interface RenderPool {
  run(task: SvgTask): Promise<string>;
  close(): Promise<void>;
}

export function createRenderPool(tasks: number): RenderPool {
  const threads = Math.max(1, Math.min(tasks, availableParallelism()));
  const Piscina = loadPiscina();
  const pool = new Piscina({
    filename: SVG_WORKER_URL.href,
    minThreads: 0,
    maxThreads: threads,
    idleTimeout: 1000,
  });
  return {
    run: async (task) => {
      const result = (await pool.run(task)) as SvgTaskResult;
      if ("outputError" in result) throw new OutputError(result.outputError);
      return result.path;
    },
    close: () => pool.destroy(),
  };
}
