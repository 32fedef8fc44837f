/**
 * Builds the benchmark workloads both ways, as a user would: plain `tsc`, and `tspc`
 * (ts-patch) which loads the memscope-ts plugin named in fixtures/bench/tsconfig.json.
 * One project holds every workload so each compiler starts once.
 */
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { repoRoot, tscBin, tspcBin } from "../lib/toolchain.js";
import { runTimed } from "./processes.js";

export interface BuiltWorkload {
  /** Null when the plain build failed (see buildError). */
  plainMain: string | null;
  /** Null when tspc failed or emitted no runtime calls (see instrumentError). */
  instrumentedMain: string | null;
  buildError: string | null;
  instrumentError: string | null;
}

const project = path.join(repoRoot, "fixtures/bench");

/** The first line of compiler output that names a problem, else the first line. */
function firstProblem(output: string): string {
  const lines = output.split("\n").map((line) => line.trim()).filter(Boolean);
  return (lines.find((line) => /error/i.test(line)) ?? lines[0] ?? "no output").slice(0, 200);
}

async function compile(compiler: string, outDir: string): Promise<string | null> {
  const run = await runTimed(process.execPath, [compiler, "-p", project, "--outDir", outDir], {
    cwd: repoRoot,
    timeoutMs: 180_000,
  });
  if (run.timedOut) return `${path.basename(compiler)} timed out`;
  return run.status === 0 ? null : `${path.basename(compiler, ".js")} failed: ${firstProblem(run.stdout + run.stderr)}`;
}

/** Compiles fixtures/bench into <buildRoot>/{plain,instrumented}/<dir>/src/. */
export async function buildWorkloads(dirs: readonly string[], buildRoot: string): Promise<Map<string, BuiltWorkload>> {
  const plainRoot = path.join(buildRoot, "plain");
  const instrumentedRoot = path.join(buildRoot, "instrumented");
  const [plainError, tspcError] = await Promise.all([compile(tscBin, plainRoot), compile(tspcBin, instrumentedRoot)]);
  const built = new Map<string, BuiltWorkload>();
  for (const dir of dirs) {
    const plainMain = path.join(plainRoot, dir, "src/main.js");
    const instrumentedMain = path.join(instrumentedRoot, dir, "src/main.js");
    let instrumentError = tspcError;
    if (!instrumentError && !(existsSync(instrumentedMain) && readFileSync(instrumentedMain, "utf8").includes("memscope-ts/runtime"))) {
      instrumentError = "tspc emitted no memscope-ts calls: the transformer has not landed on this branch";
    }
    built.set(dir, {
      plainMain: plainError ? null : plainMain,
      instrumentedMain: instrumentError ? null : instrumentedMain,
      buildError: plainError,
      instrumentError,
    });
  }
  return built;
}
