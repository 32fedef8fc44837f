import test from "ava";
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdtemp, readdir, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { buildSnapshot, readSnapshot } from "../../render/index.js";
import { generateRaw, writeRawFile, writeRuntimeLayoutRawFile } from "./generate-raw.js";

const CHILD = fileURLToPath(new URL("../../render/export-child.js", import.meta.url));

function runChild(args: string[], env: Record<string, string> = {}): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, [CHILD, ...args], { encoding: "utf8", env: { ...process.env, MEMSCOPE_VERBOSE: "", ...env } });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

async function rawFile(records: number): Promise<{ dir: string; raw: string }> {
  const dir = await mkdtemp(join(tmpdir(), "memscope-child-"));
  const raw = join(dir, "raw.json");
  await writeRawFile(generateRaw({ records }), raw);
  return { dir, raw };
}

test("writes all four files silently, exits 0 and deletes the raw file", async (t) => {
  const { dir, raw } = await rawFile(300);
  const out = join(dir, "out");
  const result = runChild([raw, out, "svc"]);
  t.is(result.status, 0, result.stderr);
  t.is(result.stdout, "");
  t.is(result.stderr, "");
  t.false(existsSync(raw));
  t.deepEqual((await readdir(out)).sort(), ["svc_lifecycle_timeline.svg", "svc_memory_analysis.svg", "svc_report.html", "svc_snapshot.json"]);
  const snapshot = await readSnapshot(join(out, "svc_snapshot.json"));
  t.is(snapshot.allocations.length, 300);
});

test("KINDS limits the output; --verbose prints one line per written path; --leak-ms is honoured", async (t) => {
  const { dir, raw } = await rawFile(300);
  const out = join(dir, "out");
  const result = runChild([raw, out, "svc", "json,analysis", "--leak-ms=999999", "--verbose"]);
  t.is(result.status, 0, result.stderr);
  const lines = result.stderr.trim().split("\n");
  t.is(lines.length, 2);
  t.true(lines[0]!.endsWith(join(out, "svc_snapshot.json")));
  t.deepEqual((await readdir(out)).sort(), ["svc_memory_analysis.svg", "svc_snapshot.json"]);
  const snapshot = await readSnapshot(join(out, "svc_snapshot.json"));
  t.false(snapshot.leaks.some((l) => l.kind === "outlived_scope"));
});

test("the child reads no MEMSCOPE_* variable: the runtime hands it the parsed values as options", async (t) => {
  const { dir, raw } = await rawFile(300);
  const out = join(dir, "out");
  const result = runChild([raw, out, "svc", "json"], { MEMSCOPE_VERBOSE: "1", MEMSCOPE_LEAK_MS: "999999" });
  t.is(result.status, 0, result.stderr);
  t.is(result.stderr, "", "MEMSCOPE_VERBOSE in the environment prints nothing");
  const snapshot = await readSnapshot(join(out, "svc_snapshot.json"));
  const lenient = await rawFile(300);
  const withDefault = runChild([lenient.raw, join(lenient.dir, "out"), "svc", "json", "--leak-ms=1000"]);
  t.is(withDefault.status, 0, withDefault.stderr);
  const expected = await readSnapshot(join(lenient.dir, "out", "svc_snapshot.json"));
  t.true(expected.leaks.some((l) => l.kind === "outlived_scope"), "the generated run has outlived-scope candidates at the default threshold");
  t.deepEqual(snapshot.leaks, expected.leaks, "MEMSCOPE_LEAK_MS in the environment is not read: the default threshold");
});

test("bad options: one line, exit 2, the raw file deleted", async (t) => {
  for (const [option, message] of [
    ["--leak-ms=-4", /^memscope: --leak-ms=MS must be a number of milliseconds ≥ 0, got "-4"\n$/],
    ["--leak-ms=", /^memscope: --leak-ms=MS must be a number/],
    ["--colour", /^memscope: unknown option --colour\n$/],
  ] as const) {
    const { dir, raw } = await rawFile(5);
    const out = join(dir, "out");
    const result = runChild([raw, out, "svc", option]);
    t.is(result.status, 2, option);
    t.regex(result.stderr, message);
    t.false(existsSync(raw), `${option}: raw file deleted`);
    t.false(existsSync(out));
  }
});

test("bad input: one line on stderr, exit 2, no stack trace, no output file, raw file deleted", async (t) => {
  const { dir, raw } = await rawFile(50);
  await writeFile(raw, '{\n"metadata":{"format_version":1},\n"allocations":[\n{"id":1},\n');
  const out = join(dir, "out");
  const truncated = runChild([raw, out, "svc"]);
  t.is(truncated.status, 2);
  t.regex(truncated.stderr, /^memscope: .*raw\.json: not a readable raw snapshot: the file ends inside "allocations" \(truncated\)\n$/);
  t.false(existsSync(raw));
  t.false(existsSync(out));

  const missing = runChild([join(dir, "nope.json"), out, "svc"]);
  t.is(missing.status, 2);
  t.regex(missing.stderr, /^memscope: .*nope\.json: no such file\n$/);

  await writeFile(raw, JSON.stringify({ metadata: { format_version: 7 } }));
  const version = runChild([raw, out, "svc"]);
  t.is(version.status, 2);
  t.regex(version.stderr, /format_version 7 is not supported/);
  t.false(existsSync(raw));

  const { raw: good } = await rawFile(5);
  const kinds = runChild([good, out, "svc", "json,pdf"]);
  t.is(kinds.status, 2);
  t.regex(kinds.stderr, /^memscope: unknown report kind "pdf"/);
  t.is(kinds.stderr.split("\n").length, 2);

  const usage = runChild([]);
  t.is(usage.status, 2);
  t.regex(usage.stderr, /^memscope: usage: export-child RAW_PATH OUT_DIR NAME/);
});

test("an unwritable output directory: exit 2 with one line", async (t) => {
  const { dir, raw } = await rawFile(20);
  await writeFile(join(dir, "blocker"), "x");
  const result = runChild([raw, join(dir, "blocker", "out"), "svc"]);
  t.is(result.status, 2);
  t.regex(result.stderr, /^memscope: cannot write to output directory .*\n$/);
  t.false(existsSync(raw));
});

test("a raw file in the runtime's layout gives the same snapshot as buildSnapshot, records copied verbatim", async (t) => {
  const dir = await mkdtemp(join(tmpdir(), "memscope-child-"));
  const rawPath = join(dir, "raw.json");
  const raw = generateRaw({ records: 700, seed: 21 });
  raw.allocations[3]!.variable_name = "naïve ✓ 日本語 😀";
  await writeRuntimeLayoutRawFile(raw, rawPath);
  const out = join(dir, "out");
  const result = runChild([rawPath, out, "svc", "json"]);
  t.is(result.status, 0, result.stderr);
  const written = await readSnapshot(join(out, "svc_snapshot.json"));
  t.deepEqual(written, JSON.parse(JSON.stringify(buildSnapshot(raw))));
});

test("a raw snapshot whose data breaks the schema writes nothing and says where, in one line", async (t) => {
  const dir = await mkdtemp(join(tmpdir(), "memscope-child-"));
  const rawPath = join(dir, "raw.json");
  const raw = generateRaw({ records: 50 });
  (raw.allocations[49] as unknown as Record<string, unknown>)["column"] = "nine";
  await writeRawFile(raw, rawPath);
  const out = join(dir, "out");
  const result = runChild([rawPath, out, "svc"]);
  t.is(result.status, 2);
  t.regex(result.stderr, /^memscope: .*does not match schema\/snapshot\.schema\.json: \/allocations\/49\/column must be integer\n$/);
  t.false(existsSync(out));
  t.false(existsSync(rawPath));
});
