/**
 * Property: for random programs (generated.ts) the plain and the instrumented builds,
 * as ES modules and as downlevelled CommonJS, print the same lines, and the instrumented run follows the protocol (recording
 * runtime: every track passes a live instance of its own scope, every exit closes a live
 * instance once). Programs are batched many per file so that 1,000 of them cost two
 * compiles and a few node processes.
 *   MEMSCOPE_FC_RUNS  number of programs (default 1000)
 *   MEMSCOPE_FC_SEED  fast-check seed (default: random, printed on failure)
 */
import test from "ava";
import fc from "fast-check";
import * as fs from "node:fs";
import * as path from "node:path";
import { build } from "./build.js";
import type { Recording } from "./corpus.js";
import { printBatch, printProgram, programArb } from "./generated.js";
import { mapLimit, runNode } from "./run.js";
import { loadToolchain, RECORDING_RUNTIME, TMP_ROOT, TRANSFORMER_ENTRY } from "./toolchain.js";

const RUNS = Number(process.env.MEMSCOPE_FC_RUNS ?? 1000);
const SEED = process.env.MEMSCOPE_FC_SEED ? Number(process.env.MEMSCOPE_FC_SEED) : Math.floor(Math.random() * 2 ** 31);
const PER_FILE = 125;
/** ES modules as written, and CommonJS downlevelled (private fields, `??=` and class fields rewritten by tsc). */
const MODES = [
  { name: "esm", compilerOptions: {}, packageType: "module" as const },
  {
    name: "cjs",
    compilerOptions: { module: "CommonJS", moduleResolution: "Node10", target: "ES2017", useDefineForClassFields: false },
    packageType: "commonjs" as const,
  },
];

test(`${RUNS} generated programs behave the same plain and instrumented (seed ${SEED})`, async (t) => {
  const { ts, tsp } = loadToolchain();
  const programs = fc.sample(programArb, { numRuns: RUNS, seed: SEED });
  const dir = path.join(TMP_ROOT, "property");
  const src = path.join(dir, "src");
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(src, { recursive: true });
  const files: string[] = [];
  for (let first = 0; first < programs.length; first += PER_FILE) {
    const file = path.join(src, `batch${first / PER_FILE}.ts`);
    fs.writeFileSync(file, printBatch(programs.slice(first, first + PER_FILE), first));
    files.push(file);
  }
  const configFile = path.join(dir, "tsconfig.json");
  fs.writeFileSync(
    configFile,
    JSON.stringify({
      compilerOptions: { strict: true, target: "ES2022", module: "NodeNext", types: ["node"], skipLibCheck: true, rootDir: "src" },
    }),
  );
  const batches = files.map((f) => path.basename(f, ".ts"));
  let lines = 0;
  for (const mode of MODES) {
    const common = { configFile, files, compilerOptions: mode.compilerOptions, packageType: mode.packageType };
    const plainDir = path.join(dir, mode.name, "plain");
    const instrumentedDir = path.join(dir, mode.name, "instrumented");
    build(ts, { ...common, outDir: plainDir });
    const instrumented = build(tsp, { ...common, outDir: instrumentedDir, plugin: { transform: TRANSFORMER_ENTRY, runtimeModule: RECORDING_RUNTIME } });
    t.true(
      instrumented.emitted.every((f) => !f.endsWith(".js") || fs.readFileSync(path.join(instrumentedDir, f), "utf8").includes("__memscope.track(")),
      `${mode.name}: every batch was instrumented`,
    );
    const results = await mapLimit(batches, 2, async (batch) => {
      const record = path.join(dir, mode.name, `${batch}.record.json`);
      const plain = await runNode(path.join(plainDir, `${batch}.js`), { cwd: dir });
      const inst = await runNode(path.join(instrumentedDir, `${batch}.js`), { cwd: dir, env: { MEMSCOPE_RECORD: record } });
      const recording = JSON.parse(fs.readFileSync(record, "utf8")) as Recording;
      return { batch: `${mode.name} ${batch}`, plain, inst, recording };
    });
    for (const { batch, plain, inst, recording } of results) {
      t.is(plain.code, 0, `${batch}: plain run failed: ${plain.stderr}`);
      t.is(plain.stderr, "", `${batch}: plain stderr`);
      if (inst.stdout !== plain.stdout || inst.stderr !== plain.stderr || inst.code !== plain.code) {
        const a = plain.stdout.split("\n");
        const b = inst.stdout.split("\n");
        const at = a.findIndex((line, n) => line !== b[n]);
        const index = Number((a[at] ?? b[at] ?? "").split(" ")[0]);
        const program = Number.isInteger(index) && programs[index] ? printProgram(index, programs[index]!) : "(unknown)";
        t.fail(`${batch} differs (seed ${SEED}) at line ${at}:\nplain: ${a[at]}\ninstr: ${b[at]}\nstderr: ${inst.stderr}\n${program}`);
      }
      t.deepEqual(recording.violations, [], `${batch}: protocol violations (seed ${SEED})`);
      t.is(recording.liveAtExit, 0, `${batch}: every entered scope instance exited (seed ${SEED})`);
      t.true(Object.keys(recording.tracks).length > 0, `${batch}: bindings were tracked`);
      lines += plain.stdout.split("\n").filter(Boolean).length;
    }
  }
  t.true(lines >= RUNS * 5 * MODES.length, "every program ran on every input in every mode");
});
