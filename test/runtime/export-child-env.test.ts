/**
 * The export child runs with the program's environment minus what would load, start or
 * stall again in it: preloads, inspector and profiler flags, extra CA certificates.
 */
import test from "ava";
import * as fs from "node:fs";
import * as path from "node:path";
import { exportChildEnv, exportChildNodeFlags, NO_OPT_MAX_RECORDS } from "../../runtime/exporter.js";
import { makeSandbox, removeSandbox, runProgram } from "./helpers.js";

test("exportChildEnv turns tracking off and keeps only heap limits from NODE_OPTIONS", (t) => {
  const env = exportChildEnv({
    PATH: "/usr/bin",
    MEMSCOPE_LEAK_MS: "5",
    MEMSCOPE_VERBOSE: "1",
    NODE_EXTRA_CA_CERTS: "/etc/ssl/certs/ca-certificates.crt",
    NODE_OPTIONS: "--inspect-brk=0 --max-old-space-size=4096 --import tsx  -r dotenv/config --cpu-prof --max-semi-space-size=32 --enable-source-maps",
  });
  t.deepEqual(env, {
    PATH: "/usr/bin",
    MEMSCOPE: "off",
    MEMSCOPE_LEAK_MS: "5",
    MEMSCOPE_VERBOSE: "1",
    NODE_OPTIONS: "--max-old-space-size=4096 --max-semi-space-size=32",
  });
  t.false("NODE_OPTIONS" in exportChildEnv({ NODE_OPTIONS: "--require ./apm.cjs" }));
  t.false("NODE_OPTIONS" in exportChildEnv({}));
  t.is(exportChildEnv({ MEMSCOPE: "on" })["MEMSCOPE"], "off");
});

test("a program run with a preload and extra CA certificates: the preload runs in the program only, the child gets neither", (t) => {
  const sandbox = makeSandbox();
  const loads = path.join(sandbox.dir, "preload-loads.txt");
  const preload = path.join(sandbox.dir, "preload.cjs");
  fs.writeFileSync(preload, `require("node:fs").appendFileSync(${JSON.stringify(loads)}, require("node:path").basename(process.argv[1] ?? "?") + "\\n");\n`);
  // The stand-in child records the environment it was started with.
  fs.writeFileSync(
    path.join(sandbox.dir, "render", "export-child.js"),
    `import * as fs from "node:fs";
import * as path from "node:path";
const [raw, outDir, name] = process.argv.slice(2);
fs.mkdirSync(outDir, { recursive: true });
fs.writeFileSync(path.join(outDir, name + ".child-env.json"), JSON.stringify({ NODE_OPTIONS: process.env.NODE_OPTIONS ?? null, NODE_EXTRA_CA_CERTS: process.env.NODE_EXTRA_CA_CERTS ?? null, MEMSCOPE: process.env.MEMSCOPE ?? null }));
fs.rmSync(raw);
`,
  );
  const certs = path.join(sandbox.dir, "no-such-bundle.pem");
  const run = runProgram("lifecycle", { sandbox, env: { NODE_OPTIONS: `--require ${preload} --max-old-space-size=2048`, NODE_EXTRA_CA_CERTS: certs } });
  t.is(run.status, 0, run.stderr);
  t.is(run.stdout, "done 10\n");
  t.deepEqual(fs.readFileSync(loads, "utf8").split("\n").filter(Boolean), ["lifecycle.js"], "the preload ran in the program and not in the export child");
  const childEnv = JSON.parse(fs.readFileSync(path.join(sandbox.outDir, "run.child-env.json"), "utf8")) as Record<string, string | null>;
  t.deepEqual(childEnv, { NODE_OPTIONS: "--max-old-space-size=2048", NODE_EXTRA_CA_CERTS: null, MEMSCOPE: "off" });
  removeSandbox(sandbox);
});

test("exportChildNodeFlags: --no-opt up to NO_OPT_MAX_RECORDS records, no flags above", (t) => {
  t.deepEqual(exportChildNodeFlags(0), ["--no-opt"]);
  t.deepEqual(exportChildNodeFlags(NO_OPT_MAX_RECORDS), ["--no-opt"]);
  t.deepEqual(exportChildNodeFlags(NO_OPT_MAX_RECORDS + 1), []);
  t.deepEqual(exportChildNodeFlags(1_000_000), []);
});

test("the export child at exit gets the flags for the raw snapshot's record count", async (t) => {
  const sandbox = makeSandbox();
  // The stand-in child records its Node flags and how many records it was handed.
  fs.writeFileSync(
    path.join(sandbox.dir, "render", "export-child.js"),
    `import * as fs from "node:fs";
import * as path from "node:path";
import { decodeRawColumns } from "../format/raw-columns.js";
const [raw, outDir, name] = process.argv.slice(2);
const records = decodeRawColumns(fs.readFileSync(raw)).columns.count;
fs.mkdirSync(outDir, { recursive: true });
fs.appendFileSync(path.join(outDir, "child-flags.jsonl"), JSON.stringify({ execArgv: process.execArgv, records }) + "\\n");
fs.rmSync(raw);
`,
  );
  const run = runProgram("many-records", { sandbox, args: ["40"], env: { MEMSCOPE_SAMPLE_MS: "5" } });
  t.is(run.status, 0, run.stderr);
  const calls = fs
    .readFileSync(path.join(sandbox.outDir, "child-flags.jsonl"), "utf8")
    .split("\n")
    .filter(Boolean)
    .map((line) => JSON.parse(line) as { execArgv: string[]; records: number });
  t.true(calls.length >= 1);
  for (const call of calls) {
    t.true(call.records >= 80, JSON.stringify(call));
    t.deepEqual(call.execArgv, exportChildNodeFlags(call.records));
  }
  removeSandbox(sandbox);
});

test("the runtime hands the export child its parse of MEMSCOPE_LEAK_MS and MEMSCOPE_VERBOSE as options", (t) => {
  const sandbox = makeSandbox();
  // The stand-in child records its arguments after the report kinds.
  fs.writeFileSync(
    path.join(sandbox.dir, "render", "export-child.js"),
    `import * as fs from "node:fs";
import * as path from "node:path";
const [raw, outDir, name, kinds, ...options] = process.argv.slice(2);
fs.mkdirSync(outDir, { recursive: true });
fs.writeFileSync(path.join(outDir, name + ".child-options.json"), JSON.stringify(options));
fs.rmSync(raw);
`,
  );
  const cases: Array<[Record<string, string>, string[]]> = [
    [{}, ["--leak-ms=1000"]],
    [{ MEMSCOPE_LEAK_MS: "0", MEMSCOPE_VERBOSE: "1" }, ["--leak-ms=0", "--verbose"]],
    [{ MEMSCOPE_LEAK_MS: "2500" }, ["--leak-ms=2500"]],
    // A bad value falls back to the default, as every runtime setting does: the metrics and the reports agree.
    [{ MEMSCOPE_LEAK_MS: "-1", MEMSCOPE_VERBOSE: "yes" }, ["--leak-ms=1000"]],
  ];
  for (const [env, expected] of cases) {
    const run = runProgram("lifecycle", { sandbox, env: { MEMSCOPE_LEAK_MS: "", MEMSCOPE_VERBOSE: "", ...env } });
    t.is(run.status, 0, run.stderr);
    t.deepEqual(JSON.parse(fs.readFileSync(path.join(sandbox.outDir, "run.child-options.json"), "utf8")), expected, JSON.stringify(env));
  }
  removeSandbox(sandbox);
});
