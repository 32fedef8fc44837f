/**
 * On-demand snapshots of a running process: exportNow() and the snapshot signal
 * (MEMSCOPE_SIGNAL, SIGUSR2 by default in production mode) write the three files while
 * the program keeps running. One at a time: a request made while one is being written
 * waits for it and then writes a fresh one. Each costs what an export from the API
 * costs: a full GC (the pause grows with the heap), the raw file written synchronously,
 * then the export child renders in its own process.
 */
import process from "node:process";
import type { Store } from "./store.js";
import { ALL_KINDS, type ExportOptions, type ReportPaths, exportAsync } from "./exporter.js";
import { afterPromise, resolved } from "./intrinsics.js";

export function exportNow(store: Store, options?: ExportOptions): Promise<ReportPaths> {
  const previous = store.onDemandExport ?? resolved();
  const next = afterPromise(
    previous,
    () => exportAsync(store, ALL_KINDS, options),
    () => exportAsync(store, ALL_KINDS, options),
  );
  store.onDemandExport = next;
  const clear = (): void => {
    if (store.onDemandExport === next) store.onDemandExport = null;
  };
  afterPromise(next, clear, clear);
  return next;
}

/**
 * Listens for the snapshot signal. A listener replaces the signal's default action
 * (SIGUSR2, SIGHUP: terminate), so the runtime steps aside whenever the program has a
 * listener of its own: then the signal is the program's, and nothing is written.
 */
export function installSnapshotSignal(store: Store, signal: NodeJS.Signals): void {
  const onSignal = (): void => {
    if (process.listenerCount(signal) > 1) return;
    afterPromise(
      exportNow(store),
      () => undefined,
      (error: unknown) => {
        store.internalErrors++;
        try {
          process.stderr.write(`memscope: on-demand export failed: ${error instanceof Error ? error.message : String(error)}\n`);
        } catch {
          // stderr closed
        }
      },
    );
  };
  process.on(signal, onSignal);
}
