/**
 * `node --import memscope-ts/register src/app.ts`: instruments the program's TypeScript
 * files as Node loads them (Node's own type stripping, Node ≥ 22.18; 22.15–22.17 with
 * --experimental-strip-types), through `module.registerHooks` (synchronous, in-thread:
 * `import` and `require` alike). Types come from the nearest tsconfig.json, checked by
 * memscope-ts's own TypeScript 6; results are cached on disk by file hash, so a second
 * run re-checks only what changed.
 *
 * MEMSCOPE=off: nothing is registered and every file loads as written. Where the run
 * instrumented nothing, one line at exit says so (an instrumented run was expected).
 */
import { createRequire } from "node:module";
import * as nodeModule from "node:module";
import process from "node:process";
import { writeFileSync } from "node:fs";
import { createLoadHook, type HookState } from "./hooks.js";

const require = createRequire(import.meta.url);
const PREFIX = "memscope-ts:";

type RegisterHooks = (hooks: { load: ReturnType<typeof createLoadHook> }) => unknown;

function versions(): string {
  return (require("../../package.json") as { version: string }).version;
}

function install(): void {
  if ((process.env.MEMSCOPE ?? "").trim().toLowerCase() === "off") return;
  const registerHooks = (nodeModule as unknown as { registerHooks?: RegisterHooks }).registerHooks;
  if (typeof registerHooks !== "function") {
    process.stderr.write(
      `${PREFIX} memscope-ts/register needs module.registerHooks (Node >= 22.15; this is Node ${process.versions.node}): ` +
        `run on Node 22.18+, or build with tspc and the memscope-ts transformer, or \`memscope instrument\` and any compiler\n`,
    );
    process.exit(2);
  }
  const state: HookState = { instrumented: 0, checked: 0, cacheHits: 0, warnings: new Set() };
  registerHooks({ load: createLoadHook(versions(), state) });
  process.on("exit", () => {
    // For tests and benchmarks: what this run's hook did.
    const statsFile = process.env.MEMSCOPE_REGISTER_STATS;
    if (statsFile) {
      try {
        writeFileSync(statsFile, JSON.stringify({ instrumented: state.instrumented, checked: state.checked, cacheHits: state.cacheHits }));
      } catch {
        // never the program's problem
      }
    }
    for (const warning of state.warnings) process.stderr.write(`${warning}\n`);
    if (state.instrumented === 0) {
      process.stderr.write(
        `${PREFIX} --import memscope-ts/register instrumented no file of this run (no TypeScript loaded through Node's type stripping, or nothing to track), so no reports are written\n`,
      );
    }
  });
}

install();
