/**
 * Builds a small TypeScript program with tspc and the plugin, runs it with the real
 * runtime and export child, and reads the snapshot it wrote: the numbers tests check
 * what a user would see on the same program.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import type { Snapshot } from "../../format/snapshot.js";
import { compileProject, repoRoot, runScript, type RunResult } from "../../scripts/lib/toolchain.js";

/** The tsconfig of a small instrumented ESM project (src/ → build/). */
export const INSTRUMENTED_TSCONFIG = {
  compilerOptions: {
    target: "ES2022",
    module: "NodeNext",
    moduleResolution: "NodeNext",
    lib: ["ES2023"],
    types: ["node"],
    strict: true,
    rootDir: "src",
    outDir: "build",
    plugins: [{ transform: "memscope-ts/transformer" }],
  },
  include: ["src"],
};

export interface BuiltProgram {
  dir: string;
  /** Runs build/<file>.js; returns its output and the snapshot it wrote. */
  run(file: string, env?: Record<string, string>, nodeArgs?: string[], args?: string[]): { result: RunResult; snapshot: Snapshot; outDir: string };
  remove(): void;
}

/** Writes `files` (name → TypeScript source) under src/ of a fresh project and compiles it with tspc. */
export function buildProgram(label: string, files: Record<string, string>): BuiltProgram {
  const dir = path.join(repoRoot, ".tmp", `numbers-${label}-${process.pid}`);
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(path.join(dir, "src"), { recursive: true });
  fs.writeFileSync(path.join(dir, "package.json"), JSON.stringify({ name: `numbers-${label}`, type: "module" }));
  fs.writeFileSync(path.join(dir, "tsconfig.json"), JSON.stringify(INSTRUMENTED_TSCONFIG));
  for (const [name, source] of Object.entries(files)) fs.writeFileSync(path.join(dir, "src", name), source);
  compileProject({ project: dir, instrumented: true });
  let runs = 0;
  return {
    dir,
    run(file, env = {}, nodeArgs = [], args = []) {
      const outDir = path.join(dir, "out", String(runs++));
      const result = runScript(path.join(dir, "build", file), {
        cwd: dir,
        nodeArgs,
        args,
        env: { MEMSCOPE: "", MEMSCOPE_OUT: outDir, MEMSCOPE_NAME: "r", NODE_OPTIONS: "", ...env },
      });
      if (result.status !== 0) throw new Error(`${file} exited ${result.status}: ${result.stderr}`);
      const snapshot = JSON.parse(fs.readFileSync(path.join(outDir, "r_snapshot.json"), "utf8")) as Snapshot;
      return { result, snapshot, outDir };
    },
    remove() {
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
