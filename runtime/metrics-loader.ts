/**
 * MEMSCOPE_METRICS=otel: loads memscope-ts/otel (dist/otel/index.js, which imports the
 * optional peer dependency @opentelemetry/api) only then, with a dynamic import the
 * runtime's bundle leaves alone, so a program that does not ask for metrics never
 * loads either.
 */
import process from "node:process";
import type { Store } from "./store.js";

interface OtelModule {
  startMetricsFromEnvironment(): void;
}

export function loadMetricsFromEnvironment(store: Store): void {
  const url = new URL("../otel/index.js", import.meta.url).href;
  import(url).then(
    (module: OtelModule) => {
      try {
        module.startMetricsFromEnvironment();
      } catch {
        store.internalErrors++;
      }
    },
    (error: unknown) => {
      store.internalErrors++;
      // Asked for and unavailable: say so once (the program's own output is untouched otherwise).
      const message = error instanceof Error ? error.message.split("\n")[0] : String(error);
      try {
        process.stderr.write(`memscope: MEMSCOPE_METRICS=otel needs @opentelemetry/api (npm install @opentelemetry/api): ${message}\n`);
      } catch {
        // stderr closed
      }
    },
  );
}
