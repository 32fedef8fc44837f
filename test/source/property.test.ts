/**
 * Property, through the source emitter: random programs (test/transformer/generated.ts)
 * instrumented as TypeScript text and compiled by plain tsc print what the plain build
 * prints, add no compiler diagnostics, and follow the protocol (recording runtime).
 *   MEMSCOPE_FC_RUNS  number of programs (default 500)
 *   MEMSCOPE_FC_SEED  fast-check seed (default: random, printed on failure)
 */
import test from "ava";
import fc from "fast-check";
import * as fs from "node:fs";
import * as path from "node:path";
import { SourceProject } from "../../transformer/source/index.js";
import { build } from "../transformer/build.js";
import type { Recording } from "../transformer/corpus.js";
import { printBatch, programArb } from "../transformer/generated.js";
import { mapLimit, runNode } from "../transformer/run.js";
import { loadToolchain, RECORDING_RUNTIME, TMP_ROOT } from "../transformer/toolchain.js";

const RUNS = Number(process.env.MEMSCOPE_FC_RUNS ?? 500);
const SEED = process.env.MEMSCOPE_FC_SEED ? Number(process.env.MEMSCOPE_FC_SEED) : Math.floor(Math.random() * 2 ** 31);
const PER_FILE = 125;

test(`${RUNS} generated programs behave the same plain and through the source emitter (seed ${SEED})`, async (t) => {
  const { ts } = loadToolchain();
  const programs = fc.sample(programArb, { numRuns: RUNS, seed: SEED });
  const dir = path.join(TMP_ROOT, "source-property");
  const src = path.join(dir, "src");
  const instrumentedSrc = path.join(dir, "instrumented-src", "src");
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(src, { recursive: true });
  fs.mkdirSync(instrumentedSrc, { recursive: true });
  const files: string[] = [];
  for (let first = 0; first < programs.length; first += PER_FILE) {
    const file = path.join(src, `batch${first / PER_FILE}.ts`);
    fs.writeFileSync(file, printBatch(programs.slice(first, first + PER_FILE), first));
    files.push(file);
  }
  const compilerOptions = { strict: true, target: "ES2022", module: "NodeNext", types: ["node"], skipLibCheck: true };
  const configFile = path.join(dir, "tsconfig.json");
  fs.writeFileSync(configFile, JSON.stringify({ compilerOptions: { ...compilerOptions, rootDir: "src" } }));
  const project = new SourceProject({ configFile, fileNames: files, pluginOptions: { runtimeModule: RECORDING_RUNTIME }, env: {} });
  const copies = files.map((file) => {
    const result = project.instrument({ fileName: file, code: fs.readFileSync(file, "utf8"), commonJs: false });
    t.deepEqual(result.warnings, []);
    t.truthy(result.map, `${path.basename(file)} was instrumented`);
    const copy = path.join(instrumentedSrc, path.basename(file));
    fs.writeFileSync(copy, result.code);
    return copy;
  });
  const copyConfig = path.join(dir, "instrumented-src", "tsconfig.json");
  fs.writeFileSync(copyConfig, JSON.stringify({ compilerOptions: { ...compilerOptions, rootDir: "src" } }));
  const plainBuild = build(ts, { configFile, files, compilerOptions: {}, packageType: "module", outDir: path.join(dir, "plain") });
  const sourceBuild = build(ts, { configFile: copyConfig, files: copies, compilerOptions: {}, packageType: "module", outDir: path.join(dir, "instrumented") });
  t.deepEqual(sourceBuild.diagnostics, plainBuild.diagnostics, "no added diagnostics");

  const results = await mapLimit(files.map((f) => path.basename(f, ".ts")), 2, async (batch) => {
    const record = path.join(dir, `${batch}.record.json`);
    const plain = await runNode(path.join(dir, "plain", `${batch}.js`), { cwd: dir });
    const inst = await runNode(path.join(dir, "instrumented", `${batch}.js`), { cwd: dir, env: { MEMSCOPE_RECORD: record } });
    return { batch, plain, inst, recording: JSON.parse(fs.readFileSync(record, "utf8")) as Recording };
  });
  for (const { batch, plain, inst, recording } of results) {
    t.is(plain.code, 0, `${batch}: plain run failed: ${plain.stderr}`);
    t.is(inst.stdout, plain.stdout, `${batch}: stdout (seed ${SEED})`);
    t.is(inst.stderr, plain.stderr, `${batch}: stderr (seed ${SEED})`);
    t.is(inst.code, plain.code, `${batch}: exit code`);
    t.deepEqual(recording.violations, [], `${batch}: protocol violations (seed ${SEED})`);
    t.is(recording.liveAtExit, 0, `${batch}: every entered scope instance exited (seed ${SEED})`);
    t.true(Object.keys(recording.tracks).length > 0, `${batch}: bindings were tracked`);
  }
});
