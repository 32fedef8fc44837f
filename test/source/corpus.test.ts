/**
 * The equivalence corpus through the source-to-source emitter: every program of
 * test/corpus is instrumented as TypeScript text (magic-string, pinned TypeScript 6
 * checker), the instrumented text is compiled by plain tsc, and it must run exactly like
 * the plain build, record what its header says, and register the same site table as
 * the ts-patch build of the same program. The instrumented text must also add no
 * compiler diagnostics (a copy made by `memscope instrument` is built by a type-checking
 * compiler) and keep every line where it was.
 */
import test from "ava";
import * as fs from "node:fs";
import { SourceMap } from "node:module";
import * as path from "node:path";
import type { SourceMapV3 } from "../../transformer/source/emit.js";
import { SourceProject } from "../../transformer/source/project.js";
import { build, type BuildResult } from "../transformer/build.js";
import { CORPUS_CONFIGS, type CorpusConfig } from "../transformer/configs.js";
import { checkRecording, outputName, readCorpus, type CorpusEntry, type Recording } from "../transformer/corpus.js";
import { mapLimit, runNode, type RunResult } from "../transformer/run.js";
import { CORPUS_DIR, loadToolchain, RECORDING_RUNTIME, TMP_ROOT, TRANSFORMER_ENTRY } from "../transformer/toolchain.js";

const corpus = readCorpus();
const toolchain = loadToolchain();
const CONFIG_FILE = path.join(CORPUS_DIR, "tsconfig.json");
/** One ESM and one CommonJS mode (the ts-patch corpus test covers all three). */
const CONFIGS = CORPUS_CONFIGS.filter((c) => c.name === "esm-es2022-nodenext" || c.name === "cjs-es2017-helpers");

interface Run {
  plain: RunResult;
  source: RunResult;
  sourceRecording: Recording | undefined;
  tspcRecording: Recording | undefined;
}

interface Prepared {
  builds: { plain: BuildResult; source: BuildResult };
  runs: Map<string, Run>;
  texts: Map<string, { original: string; instrumented: string; map: SourceMapV3 | undefined }>;
  warnings: string[];
}

const accepts = (config: CorpusConfig, entry: CorpusEntry) => config.accepts(entry.file, entry.esmOnly) && !entry.skip.includes(config.name);
const prepared = new Map<string, Promise<Prepared>>();
const prepare = (config: CorpusConfig) => {
  let p = prepared.get(config.name);
  if (!p) prepared.set(config.name, (p = prepareNow(config)));
  return p;
};

/** Output paths, and the instrumented copy's source folder (stack traces through source maps), as in the plain run. */
function normalise(run: RunResult, outDir: string, srcDir?: string): RunResult {
  const strip = (s: string) => {
    const out = s.split(outDir).join("<out>");
    return srcDir ? out.split(srcDir).join(CORPUS_DIR) : out;
  };
  return { ...run, stdout: strip(run.stdout), stderr: strip(run.stderr) };
}

function readRecording(file: string): Recording | undefined {
  return fs.existsSync(file) ? (JSON.parse(fs.readFileSync(file, "utf8")) as Recording) : undefined;
}

/**
 * `file.ts:LINE:COL` printed by a program (its own stack traces, through tsc's map) names
 * a position in the instrumented text; the emitter's map must lead back to the original.
 */
function throughEmitterMaps(text: string, texts: Prepared["texts"]): string {
  return text.replace(/([\w.-]+\.[cm]?ts):(\d+):(\d+)/g, (whole, file: string, line: string, column: string) => {
    const map = texts.get(file)?.map;
    if (!map) return whole;
    const entry = new SourceMap(map as ConstructorParameters<typeof SourceMap>[0]).findEntry(Number(line) - 1, Number(column) - 1);
    if (!("originalLine" in entry)) return `${whole}(unmapped)`;
    return `${file}:${entry.originalLine + 1}:${entry.originalColumn + 1}`;
  });
}

async function prepareNow(config: CorpusConfig): Promise<Prepared> {
  const root = path.join(TMP_ROOT, "source-corpus", config.name);
  const srcDir = path.join(root, "src");
  fs.rmSync(root, { recursive: true, force: true });
  fs.mkdirSync(srcDir, { recursive: true });
  const accepted = corpus.filter((e) => accepts(config, e));
  const files = accepted.map((e) => path.join(CORPUS_DIR, e.file));
  const project = new SourceProject({
    configFile: CONFIG_FILE,
    compilerOptions: config.compilerOptions,
    fileNames: files,
    pluginOptions: { runtimeModule: RECORDING_RUNTIME },
    env: {},
  });
  const texts = new Map<string, { original: string; instrumented: string; map: SourceMapV3 | undefined }>();
  const warnings: string[] = [];
  for (const file of files) {
    const original = fs.readFileSync(file, "utf8");
    const result = project.instrument({ fileName: file, code: original, commonJs: project.emitsCommonJs(file) });
    warnings.push(...result.warnings);
    texts.set(path.basename(file), { original, instrumented: result.code, map: result.map });
    fs.writeFileSync(path.join(srcDir, path.basename(file)), result.code);
  }
  const common = { configFile: CONFIG_FILE, compilerOptions: config.compilerOptions, packageType: config.packageType };
  const dirs = { plain: path.join(root, "plain"), source: path.join(root, "source"), tspc: path.join(root, "tspc") };
  const builds = {
    plain: build(toolchain.ts, { ...common, files, outDir: dirs.plain }),
    source: build(toolchain.ts, { ...common, files: files.map((f) => path.join(srcDir, path.basename(f))), outDir: dirs.source }),
  };
  build(toolchain.tsp, { ...common, files, outDir: dirs.tspc, plugin: { transform: TRANSFORMER_ENTRY, runtimeModule: RECORDING_RUNTIME } });
  const runs = new Map<string, Run>();
  await mapLimit(
    accepted.filter((e) => !e.helper),
    2,
    async (entry) => {
      const out = outputName(entry.file);
      const sourceRecord = path.join(root, `${entry.file}.source.json`);
      const tspcRecord = path.join(root, `${entry.file}.tspc.json`);
      const plain = await runNode(path.join(dirs.plain, out), { cwd: dirs.plain });
      const source = await runNode(path.join(dirs.source, out), { cwd: dirs.source, env: { MEMSCOPE_RECORD: sourceRecord } });
      await runNode(path.join(dirs.tspc, out), { cwd: dirs.tspc, env: { MEMSCOPE_RECORD: tspcRecord } });
      const sourceRun = normalise(source, dirs.source, srcDir);
      runs.set(entry.file, {
        plain: normalise(plain, dirs.plain),
        source: { ...sourceRun, stdout: throughEmitterMaps(sourceRun.stdout, texts) },
        sourceRecording: readRecording(sourceRecord),
        tspcRecording: readRecording(tspcRecord),
      });
    },
  );
  return { builds, runs, texts, warnings };
}

for (const config of CONFIGS) {
  test.serial(`${config.name}: the source emitter adds no diagnostics, no warnings, and keeps every line`, async (t) => {
    const { builds, texts, warnings } = await prepare(config);
    t.deepEqual(builds.plain.diagnostics, []);
    t.deepEqual(builds.source.diagnostics, []);
    t.deepEqual(warnings, []);
    let instrumented = 0;
    for (const [file, { original, instrumented: code }] of texts) {
      if (code !== original) instrumented++;
      t.is(code.split("\n").length, original.split("\n").length, `${file}: line count`);
    }
    t.true(instrumented >= 70, `${instrumented} files instrumented`);
  });

  for (const entry of corpus.filter((e) => !e.helper && accepts(config, e))) {
    test(`${config.name}: ${entry.file} (source emitter)`, async (t) => {
      const { runs } = await prepare(config);
      const run = runs.get(entry.file)!;
      t.is(run.source.stdout, run.plain.stdout, "stdout");
      t.is(run.source.stderr, run.plain.stderr, "stderr");
      t.is(run.source.code, run.plain.code, "exit code");
      t.is(run.source.signal, run.plain.signal, "signal");
      t.truthy(run.sourceRecording, "the instrumented run wrote its recording");
      t.deepEqual(checkRecording(entry, run.sourceRecording!), []);
      // The same program through ts-patch registers the same site tables, file by file.
      t.truthy(run.tspcRecording);
      const tables = (r: Recording) => r.files.map((f) => ({ file: f.file, sites: f.sites })).sort((a, b) => a.file.localeCompare(b.file));
      t.deepEqual(tables(run.sourceRecording!), tables(run.tspcRecording!), "site tables: source emitter vs ts-patch");
    });
  }
}
