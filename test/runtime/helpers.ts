/**
 * Test helpers: run a program in a fresh Node process against a sandboxed copy of
 * the compiled runtime whose export child is a stand-in that keeps the raw snapshot
 * (the real renderer lives in render/ and is tested there).
 */
import { spawnSync, type SpawnSyncReturns } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import type { RawSnapshot } from "../../format/snapshot.js";
import { decodeRawColumns } from "../../format/raw-columns.js";
import { recordAt } from "../../render/read/columns-read.js";

const here = path.dirname(fileURLToPath(import.meta.url));
/** dist/runtime of this build. */
export const distRuntime = path.resolve(here, "../../runtime");
export const programsDir = path.join(here, "programs");

const FAKE_CHILD = `
import * as fs from "node:fs";
import * as path from "node:path";
const [raw, outDir, name, kinds] = process.argv.slice(2);
fs.mkdirSync(outDir, { recursive: true });
fs.copyFileSync(raw, path.join(outDir, name + ".received.json"));
fs.writeFileSync(path.join(outDir, name + ".child-args.json"), JSON.stringify({ kinds: kinds ?? null, memscope: process.env.MEMSCOPE ?? null }));
fs.rmSync(raw);
`;

export interface Sandbox {
  dir: string;
  runtimeUrl: string;
  outDir: string;
}

/** A temp dir holding a copy of dist/runtime (with dist/format) and a stand-in export child (and, if given, a stand-in precise module). */
export function makeSandbox(preciseModuleSource?: string): Sandbox {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "memscope-rt-"));
  fs.cpSync(distRuntime, path.join(dir, "runtime"), { recursive: true, filter: (p) => !p.endsWith(".map") && !p.endsWith(".d.ts") });
  // The runtime's modules import the format layer beside them.
  fs.cpSync(path.join(distRuntime, "../format"), path.join(dir, "format"), { recursive: true, filter: (p) => !p.endsWith(".map") && !p.endsWith(".d.ts") });
  // Precise mode's entry is left out (a test may put its own); the heap-snapshot modules
  // beside it stay, as in an installed package (a synchronous exit's settle uses them).
  fs.rmSync(path.join(dir, "runtime", "precise", "index.js"), { force: true });
  if (preciseModuleSource !== undefined) {
    fs.mkdirSync(path.join(dir, "runtime", "precise"), { recursive: true });
    fs.writeFileSync(path.join(dir, "runtime", "precise", "index.js"), preciseModuleSource);
  }
  fs.mkdirSync(path.join(dir, "render"));
  fs.writeFileSync(path.join(dir, "render", "export-child.js"), FAKE_CHILD);
  fs.writeFileSync(path.join(dir, "package.json"), JSON.stringify({ name: "sandbox", version: "0.0.0-test", type: "module" }));
  return { dir, runtimeUrl: pathToFileURL(path.join(dir, "runtime", "index.js")).href, outDir: path.join(dir, "out") };
}

export interface RunOptions {
  env?: Record<string, string>;
  args?: string[];
  nodeArgs?: string[];
  sandbox?: Sandbox;
  /** Run without the runtime (MS_RUNTIME_URL points to a pass-through stub). */
  plain?: boolean;
  input?: string;
}

const PLAIN_STUB = `export const registerFile = () => 0; export const enter = () => 0; export const exit = () => {};
export const track = (v) => v; export const trackVar = (v) => v; export const collectRaw = () => null; export const getStats = () => null;`;

/** Runs dist/test/runtime/programs/<name>.js with MS_RUNTIME_URL set. */
export function runProgram(name: string, options: RunOptions = {}): SpawnSyncReturns<string> & { sandbox: Sandbox } {
  const sandbox = options.sandbox ?? makeSandbox();
  let runtimeUrl = sandbox.runtimeUrl;
  if (options.plain) {
    const stub = path.join(sandbox.dir, "plain-stub.js");
    fs.writeFileSync(stub, PLAIN_STUB);
    runtimeUrl = pathToFileURL(stub).href;
  }
  const result = spawnSync(process.execPath, [...(options.nodeArgs ?? []), path.join(programsDir, `${name}.js`), ...(options.args ?? [])], {
    cwd: sandbox.dir,
    encoding: "utf8",
    env: { ...process.env, MEMSCOPE_OUT: sandbox.outDir, MEMSCOPE_NAME: "run", MS_RUNTIME_URL: runtimeUrl, ...(options.env ?? {}) },
    input: options.input ?? "",
    timeout: 60_000,
  });
  return Object.assign(result, { sandbox });
}

/** A raw snapshot file (the runtime's column layout) as a RawSnapshot object. */
export function readRawFile(file: string): RawSnapshot {
  const { head, columns } = decodeRawColumns(fs.readFileSync(file));
  const histories = new Map(columns.historyRows.map((row, h) => [row, columns.histories[h]!] as const));
  return { ...head, allocations: Array.from({ length: columns.count }, (_, row) => recordAt(columns, row, histories)) } as RawSnapshot;
}

/** The raw snapshot the stand-in export child received, or null. */
export function receivedSnapshot(sandbox: Sandbox, name = "run"): RawSnapshot | null {
  const file = path.join(sandbox.outDir, `${name}.received.json`);
  return fs.existsSync(file) ? readRawFile(file) : null;
}

export function outFiles(sandbox: Sandbox): string[] {
  return fs.existsSync(sandbox.outDir) ? fs.readdirSync(sandbox.outDir).sort() : [];
}

export function removeSandbox(sandbox: Sandbox): void {
  fs.rmSync(sandbox.dir, { recursive: true, force: true });
}
