/**
 * The export child's bundle against tsc's module graph: the same three files, byte for
 * byte, on small raw snapshots (SVGs rendered on the main thread) and on one past both
 * worker-thread thresholds (records parsed by parse workers, SVGs on the piscina pool);
 * a small export needs nothing but the bundle, the schema and ajv's package.json; and
 * its inlined validator is used only when it was generated from the schema on disk.
 */
import test from "ava";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { generateRaw, writeRuntimeLayoutRawFile } from "../render/generate-raw.js";
import { CHILD_BUNDLE, CHILD_UNBUNDLED, REPO_ROOT } from "./helpers.js";

const REPORTS = ["r_lifecycle_timeline.svg", "r_memory_analysis.svg", "r_report.html", "r_snapshot.json"];

function runChild(child: string, raw: string, outDir: string): { status: number | null; stderr: string } {
  const run = spawnSync(process.execPath, [child, raw, outDir, "r"], {
    encoding: "utf8",
    env: { ...process.env, MEMSCOPE: "off", MEMSCOPE_VERBOSE: "" },
    timeout: 300_000,
  });
  return { status: run.status, stderr: run.stderr };
}

/** Runs both children on copies of one raw snapshot (each deletes its input); returns their output folders. */
async function exportWithBoth(t: { teardown(fn: () => void): void }, options: Parameters<typeof generateRaw>[0]): Promise<{ bundled: string; unbundled: string; failures: string[] }> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "memscope-bundle-child-"));
  t.teardown(() => fs.rmSync(dir, { recursive: true, force: true }));
  const raw = path.join(dir, "raw.json");
  await writeRuntimeLayoutRawFile(generateRaw(options), raw);
  const failures: string[] = [];
  const outputs = { bundled: path.join(dir, "bundled"), unbundled: path.join(dir, "unbundled") };
  for (const [which, child] of [
    ["bundled", CHILD_BUNDLE],
    ["unbundled", CHILD_UNBUNDLED],
  ] as const) {
    const input = path.join(dir, `${which}.raw.json`);
    fs.copyFileSync(raw, input);
    const run = runChild(child, input, outputs[which]);
    if (run.status !== 0) failures.push(`${which}: exit ${run.status}: ${run.stderr}`);
    if (fs.existsSync(input)) failures.push(`${which}: the raw file was not deleted`);
  }
  return { ...outputs, failures };
}

for (const [label, options] of [
  ["3,000 records", { records: 3000, seed: 11 }],
  ["hostile names", { records: 500, seed: 5, hostile: true }],
  ["300,000 records (parse workers, piscina pool)", { records: 300_000, seed: 3 }],
] as const) {
  test(`the bundled export child writes the same four files as tsc's module graph: ${label}`, async (t) => {
    const { bundled, unbundled, failures } = await exportWithBoth(t, options);
    t.deepEqual(failures, []);
    t.deepEqual(fs.readdirSync(bundled).sort(), REPORTS);
    t.deepEqual(fs.readdirSync(unbundled).sort(), REPORTS);
    for (const file of REPORTS) {
      const a = fs.readFileSync(path.join(bundled, file));
      const b = fs.readFileSync(path.join(unbundled, file));
      t.true(a.length > 0 && a.equals(b), `${file} is identical (${a.length} vs ${b.length} bytes)`);
    }
  });
}

/**
 * A folder laid out like the package with nothing but the child's bundle, the schema
 * (optionally edited) and ajv (its package.json only, or the real one).
 */
function miniPackage(t: { teardown(fn: () => void): void }, options: { editSchema?: (schema: Record<string, any>) => void; realAjv: boolean }): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "memscope-bundle-alone-"));
  t.teardown(() => fs.rmSync(dir, { recursive: true, force: true }));
  fs.mkdirSync(path.join(dir, "dist/render"), { recursive: true });
  fs.copyFileSync(CHILD_BUNDLE, path.join(dir, "dist/render/export-child.bundle.js"));
  // The HTML report's page (script and style), data the bundle reads beside it.
  fs.mkdirSync(path.join(dir, "dist/render/html"));
  fs.copyFileSync(path.join(REPO_ROOT, "dist/render/html/page-assets.generated.json"), path.join(dir, "dist/render/html/page-assets.generated.json"));
  fs.writeFileSync(path.join(dir, "package.json"), JSON.stringify({ name: "alone", type: "module" }));
  const schema = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, "schema/snapshot.schema.json"), "utf8")) as Record<string, any>;
  options.editSchema?.(schema);
  fs.mkdirSync(path.join(dir, "schema"));
  fs.writeFileSync(path.join(dir, "schema/snapshot.schema.json"), options.editSchema ? JSON.stringify(schema, null, 2) : fs.readFileSync(path.join(REPO_ROOT, "schema/snapshot.schema.json")));
  fs.mkdirSync(path.join(dir, "node_modules"));
  if (options.realAjv) fs.symlinkSync(path.join(REPO_ROOT, "node_modules/ajv"), path.join(dir, "node_modules/ajv"), "dir");
  else {
    fs.mkdirSync(path.join(dir, "node_modules/ajv"));
    fs.copyFileSync(path.join(REPO_ROOT, "node_modules/ajv/package.json"), path.join(dir, "node_modules/ajv/package.json"));
  }
  return dir;
}

test("a small export needs only the bundle and its data files: no render module, no d3-hierarchy, no piscina, no ajv compiler beside it", async (t) => {
  const dir = miniPackage(t, { realAjv: false });
  const raw = path.join(dir, "raw.json");
  await writeRuntimeLayoutRawFile(generateRaw({ records: 2000, seed: 2 }), raw);
  const run = runChild(path.join(dir, "dist/render/export-child.bundle.js"), raw, path.join(dir, "out"));
  t.is(run.status, 0, run.stderr);
  t.deepEqual(fs.readdirSync(path.join(dir, "out")).sort(), REPORTS);
});

test("the bundle's inlined validator is not used once the schema on disk changed: the schema is compiled and enforced", async (t) => {
  // A schema that now requires a property no snapshot has: only a validator compiled
  // from it rejects the export; the stale inlined one would let it through.
  const dir = miniPackage(t, {
    realAjv: true,
    editSchema: (schema) => {
      schema["properties"]["added_in_test"] = { type: "string" };
      schema["required"] = [...(schema["required"] as string[]), "added_in_test"];
    },
  });
  const raw = path.join(dir, "raw.json");
  await writeRuntimeLayoutRawFile(generateRaw({ records: 200, seed: 4 }), raw);
  const out = path.join(dir, "out");
  const run = runChild(path.join(dir, "dist/render/export-child.bundle.js"), raw, out);
  t.is(run.status, 2);
  t.regex(run.stderr, /^memscope: .*does not match schema\/snapshot\.schema\.json: the document is missing property "added_in_test"\n$/);
  t.false(fs.existsSync(path.join(out, "r_snapshot.json")));
});
