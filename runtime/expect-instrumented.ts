/**
 * memscope-ts/instrumented: `import "memscope-ts/instrumented";` in a program's entry
 * says "this program is meant to run instrumented". A build that instrumented nothing —
 * plain `tsc` with TypeScript 7 (which runs no compiler plugin), a release tsconfig,
 * a bundler without the plugin — leaves nothing of memscope-ts in the program but this
 * import, so this module is the one place a plain `node dist/app.js` can say why no
 * report appears: one line on stderr when the program ends without any instrumented
 * file having loaded. It loads nothing else; with MEMSCOPE=off it does nothing, and
 * under `memscope run` (which sets MEMSCOPE_EXPORT_STATUS) the CLI's own line says it.
 */
import process from "node:process";
import { isMainThread } from "node:worker_threads";
import { STORE_KEY } from "../format/protocol.js";
import { SETTING_NAMES } from "../format/settings.js";

interface StoreLike {
  varSiteCount?: number;
}

function instrumentedFilesLoaded(): boolean {
  const store = (globalThis as unknown as Record<symbol, StoreLike | undefined>)[Symbol.for(STORE_KEY)];
  return store !== undefined && (store.varSiteCount ?? 0) > 0;
}

const env = process.env;
if (isMainThread && (env[SETTING_NAMES.off] ?? "").trim().toLowerCase() !== "off" && !env[SETTING_NAMES.exportStatus]) {
  process.once("exit", () => {
    if (instrumentedFilesLoaded()) return;
    try {
      process.stderr.write(
        "memscope-ts: this program imports memscope-ts/instrumented but none of its files is instrumented, so no reports are written " +
          "(TypeScript 7's tsc runs no compiler plugin: build with `memscope instrument tsconfig.json --out .memscope` and `tsc -p .memscope`; " +
          "TypeScript 5/6: `tspc` with the tsconfig plugin entry)\n",
      );
    } catch {
      // stderr closed: nothing more to say
    }
  });
}
