/**
 * Equivalence corpus: every program in test/corpus is built plain (typescript) and
 * instrumented (ts-patch's compiler with the plugin in compilerOptions.plugins), in each
 * output mode of configs.ts; both builds run with node and must print the same stdout
 * and stderr and exit alike, and the instrumented run's recording (through the
 * recording runtime) must hold what the file's header says. With the plugin off
 * (MEMSCOPE=off, enabled:false) every emitted file must equal plain emit byte for byte.
 */
import test from "ava";
import * as fs from "node:fs";
import * as path from "node:path";
import { build, type BuildResult } from "./build.js";
import { CORPUS_CONFIGS, type CorpusConfig } from "./configs.js";
import { checkRecording, outputName, readCorpus, type CorpusEntry, type Recording } from "./corpus.js";
import { mapLimit, runNode, type RunResult } from "./run.js";
import { CORPUS_DIR, loadToolchain, RECORDING_RUNTIME, TMP_ROOT, TRANSFORMER_ENTRY } from "./toolchain.js";

const corpus = readCorpus();
const toolchain = loadToolchain();
const CONFIG_FILE = path.join(CORPUS_DIR, "tsconfig.json");
const VARIANTS = ["plain", "instrumented", "off-env", "off-flag"] as const;
type Variant = (typeof VARIANTS)[number];

interface Prepared {
  dirs: Record<Variant, string>;
  builds: Record<Variant, BuildResult>;
  runs: Map<string, { plain: RunResult; instrumented: RunResult; recording: Recording | undefined }>;
}

function accepts(config: CorpusConfig, entry: CorpusEntry): boolean {
  return config.accepts(entry.file, entry.esmOnly) && !entry.skip.includes(config.name);
}

/** MEMSCOPE_CORPUS_CONFIGS=name,name narrows the output modes (for quick local runs). */
const selectedConfigs = CORPUS_CONFIGS.filter(
  (c) => !process.env.MEMSCOPE_CORPUS_CONFIGS || process.env.MEMSCOPE_CORPUS_CONFIGS.split(",").includes(c.name),
);

const prepared = new Map<string, Promise<Prepared>>();

function prepare(config: CorpusConfig): Promise<Prepared> {
  let p = prepared.get(config.name);
  if (!p) {
    p = prepareNow(config);
    prepared.set(config.name, p);
  }
  return p;
}

async function prepareNow(config: CorpusConfig): Promise<Prepared> {
  const root = path.join(TMP_ROOT, "corpus", config.name);
  const files = corpus.filter((e) => accepts(config, e)).map((e) => path.join(CORPUS_DIR, e.file));
  const dirs = Object.fromEntries(VARIANTS.map((v) => [v, path.join(root, v)])) as Record<Variant, string>;
  const plugin = { transform: TRANSFORMER_ENTRY, runtimeModule: RECORDING_RUNTIME };
  const common = { configFile: CONFIG_FILE, files, compilerOptions: config.compilerOptions, packageType: config.packageType };
  const builds: Record<Variant, BuildResult> = {
    plain: build(toolchain.ts, { ...common, outDir: dirs.plain }),
    instrumented: build(toolchain.tsp, { ...common, outDir: dirs.instrumented, plugin }),
    "off-env": build(toolchain.tsp, { ...common, outDir: dirs["off-env"], plugin, memscopeEnv: "off" }),
    "off-flag": build(toolchain.tsp, { ...common, outDir: dirs["off-flag"], plugin: { ...plugin, enabled: false } }),
  };
  const entries = corpus.filter((e) => !e.helper && accepts(config, e));
  const runs = new Map<string, { plain: RunResult; instrumented: RunResult; recording: Recording | undefined }>();
  await mapLimit(entries, 2, async (entry) => {
    const out = outputName(entry.file);
    const recordFile = path.join(root, `${entry.file}.record.json`);
    fs.rmSync(recordFile, { force: true });
    const plain = await runNode(path.join(dirs.plain, out), { cwd: dirs.plain });
    const instrumented = await runNode(path.join(dirs.instrumented, out), {
      cwd: dirs.instrumented,
      env: { MEMSCOPE_RECORD: recordFile },
    });
    const recording = fs.existsSync(recordFile) ? (JSON.parse(fs.readFileSync(recordFile, "utf8")) as Recording) : undefined;
    runs.set(entry.file, {
      plain: normalise(plain, dirs.plain),
      instrumented: normalise(instrumented, dirs.instrumented),
      recording,
    });
  });
  return { dirs, builds, runs };
}

function normalise(run: RunResult, outDir: string): RunResult {
  const strip = (s: string) => s.split(outDir).join("<out>");
  return { ...run, stdout: strip(run.stdout), stderr: strip(run.stderr) };
}

test(`corpus has at least 80 programs (${toolchain.label})`, (t) => {
  t.true(corpus.filter((e) => !e.helper).length >= 80, `only ${corpus.length} corpus files`);
});

for (const config of selectedConfigs) {
  test.serial(`${config.name}: plain build is clean and the plugin adds no diagnostics`, async (t) => {
    const { builds } = await prepare(config);
    t.deepEqual(builds.plain.diagnostics, []);
    t.deepEqual(builds.instrumented.diagnostics, builds.plain.diagnostics);
  });

  test.serial(`${config.name}: off (MEMSCOPE=off and enabled:false) emits byte-identical files`, async (t) => {
    const { builds, dirs } = await prepare(config);
    t.true(builds.plain.emitted.some((f) => f.endsWith(".js.map")) && builds.plain.emitted.some((f) => f.endsWith(".d.ts")));
    for (const variant of ["off-env", "off-flag"] as const) {
      t.deepEqual(builds[variant].emitted, builds.plain.emitted, `${variant}: same file list`);
      for (const file of builds.plain.emitted) {
        const a = fs.readFileSync(path.join(dirs.plain, file));
        const b = fs.readFileSync(path.join(dirs[variant], file));
        t.true(a.equals(b), `${variant}: ${file} differs from plain emit`);
      }
    }
  });

  test.serial(`${config.name}: declaration files are identical to plain emit`, async (t) => {
    const { builds, dirs } = await prepare(config);
    const declarations = builds.plain.emitted.filter((f) => /\.d\.[cm]?ts$/.test(f));
    t.true(declarations.length > 0);
    t.deepEqual(builds.instrumented.emitted, builds.plain.emitted);
    for (const file of declarations) {
      t.is(fs.readFileSync(path.join(dirs.instrumented, file), "utf8"), fs.readFileSync(path.join(dirs.plain, file), "utf8"), file);
    }
  });

  for (const entry of corpus.filter((e) => !e.helper && accepts(config, e))) {
    test(`${config.name}: ${entry.file}`, async (t) => {
      const { runs } = await prepare(config);
      const run = runs.get(entry.file)!;
      t.is(run.instrumented.stdout, run.plain.stdout, "stdout");
      t.is(run.instrumented.stderr, run.plain.stderr, "stderr");
      t.is(run.instrumented.code, run.plain.code, "exit code");
      t.is(run.instrumented.signal, run.plain.signal, "signal");
      t.true(run.plain.stdout.length > 0, "the program prints what it checks");
      t.truthy(run.recording, "the instrumented run wrote its recording");
      t.deepEqual(checkRecording(entry, run.recording!), []);
    });
  }
}
