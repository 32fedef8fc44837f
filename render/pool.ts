/**
 * The piscina pool that renders SVGs off the main thread. One pool per renderReports
 * call, sized to the work (at most one thread per SVG, at most the machine's cores),
 * and destroyed when the call ends so it never keeps a process alive.
 */
import { availableParallelism } from "node:os";
import { Piscina } from "piscina";
import type { SvgTask } from "./tasks.js";

const WORKER_URL = new URL("./worker.js", import.meta.url);

export interface RenderPool {
  run(task: SvgTask): Promise<string>;
  close(): Promise<void>;
}

export function createRenderPool(tasks: number): RenderPool {
  const threads = Math.max(1, Math.min(tasks, availableParallelism()));
  const pool = new Piscina({
    filename: WORKER_URL.href,
    minThreads: 0,
    maxThreads: threads,
    idleTimeout: 1000,
  });
  return {
    run: (task) => pool.run(task) as Promise<string>,
    close: () => pool.destroy(),
  };
}
