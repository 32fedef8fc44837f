import test from "ava";
import { mkdtemp, readdir, readFile, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { XMLValidator } from "fast-xml-parser";
import { buildSnapshot, OutputError, readSnapshot, renderReports } from "../../render/index.js";
import { emptyRaw, generateRaw } from "./generate-raw.js";

const TWO_MB = 2 * 1024 * 1024;

async function outDir(): Promise<string> {
  return mkdtemp(join(tmpdir(), "memscope-reports-"));
}

test("renderReports writes the four files under their documented names and reports progress", async (t) => {
  const dir = join(await outDir(), "nested", "out");
  const progress: Array<[number, number]> = [];
  const paths = await renderReports(buildSnapshot(generateRaw({ records: 200 })), {
    outDir: dir,
    name: "app",
    onProgress: (done, total) => progress.push([done, total]),
  });
  t.deepEqual(paths, {
    json: join(dir, "app_snapshot.json"),
    analysis: join(dir, "app_memory_analysis.svg"),
    timeline: join(dir, "app_lifecycle_timeline.svg"),
    html: join(dir, "app_report.html"),
  });
  t.deepEqual(progress.map(([done]) => done), [1, 2, 3, 4]);
  t.true(progress.every(([, total]) => total === 4));
  t.deepEqual((await readdir(dir)).sort(), ["app_lifecycle_timeline.svg", "app_memory_analysis.svg", "app_report.html", "app_snapshot.json"]);
});

test("only= renders just the requested kinds", async (t) => {
  const dir = await outDir();
  const paths = await renderReports(buildSnapshot(generateRaw({ records: 20 })), { outDir: dir, name: "x", only: ["timeline"] });
  t.deepEqual(Object.keys(paths), ["timeline"]);
  t.deepEqual(await readdir(dir), ["x_lifecycle_timeline.svg"]);
});

test("an output directory that cannot be created fails with a one-line OutputError and writes nothing", async (t) => {
  const dir = await outDir();
  const blocker = join(dir, "file");
  await writeFile(blocker, "not a directory");
  const error = await t.throwsAsync(renderReports(buildSnapshot(generateRaw({ records: 5 })), { outDir: join(blocker, "out"), name: "x" }), {
    instanceOf: OutputError,
  });
  t.regex(error!.message, /cannot write to output directory .*file\/out \(E[A-Z]+/);
  t.false(error!.message.includes("\n"));
  t.deepEqual(await readdir(dir), ["file"]);
});

for (const count of [0, 1, 1000]) {
  test(`reports for ${count} records are well-formed, under 2 MB, and honest about empty sections`, async (t) => {
    const raw = count === 0 ? emptyRaw() : generateRaw({ records: count, seed: count });
    const dir = await outDir();
    const paths = await renderReports(buildSnapshot(raw), { outDir: dir, name: "scale" });
    const analysis = await readFile(paths.analysis!, "utf8");
    const timeline = await readFile(paths.timeline!, "utf8");
    for (const svg of [analysis, timeline]) {
      t.is(XMLValidator.validate(svg), true);
      t.true(Buffer.byteLength(svg) < TWO_MB);
      t.false(svg.includes("NaN"));
      t.false(svg.includes("undefined"));
    }
    t.is((await readSnapshot(paths.json!)).allocations.length, count);
    if (count === 0) {
      t.true(analysis.includes("No tracked allocations recorded"));
      t.true(analysis.includes("No samples recorded"));
      t.true(analysis.includes("No allocations recorded"));
      t.true(analysis.includes("No leak or growth candidates"));
      t.true(timeline.includes("No scopes with tracked allocations recorded"));
      t.regex(analysis, /MEDIAN ALLOCATION<\/text><text[^>]*>n\/a</);
    } else {
      t.false(analysis.includes("No tracked allocations recorded"));
      t.true(timeline.includes("<linearGradient"));
      t.true((timeline.match(/<title>/g) ?? []).length > count / 100);
    }
  });
}

test("the treemap never draws more than a few hundred tiles, the timeline at most 10 scopes of capped rows", async (t) => {
  const raw = generateRaw({ records: 20_000, seed: 4 });
  // Thousands of distinct declarations and types.
  raw.allocations.forEach((r, i) => {
    r.site_id = i % 5000;
    r.variable_name = `v${i % 5000}`;
    r.type_name = `T${i % 900}`;
    r.scope_id = i % 300;
  });
  const dir = await outDir();
  const paths = await renderReports(buildSnapshot(raw), { outDir: dir, name: "wide" });
  const analysis = await readFile(paths.analysis!, "utf8");
  const timeline = await readFile(paths.timeline!, "utf8");
  const tiles = (analysis.match(/class="tile"/g) ?? []).length;
  t.true(tiles > 10 && tiles < 400, `${tiles} tiles`);
  t.true(analysis.includes(" others)"));
  t.true(timeline.includes("other scopes:"));
  t.true(/more declarations? in this scope/.test(timeline));
  t.true((await stat(paths.analysis!)).size < TWO_MB);
  t.true((await stat(paths.timeline!)).size < TWO_MB);
});

test("a set on disk is always from one run: when one file cannot be written, the previous set stays whole and no staged file is left", async (t) => {
  const dir = await outDir();
  const first = await renderReports(buildSnapshot(generateRaw({ records: 30, seed: 1 })), { outDir: dir, name: "set" });
  const before = await Promise.all([first.json!, first.analysis!, first.timeline!].map((file) => readFile(file, "utf8")));
  // Only the JSON's write fails: its staged name is taken by a directory.
  const { mkdir } = await import("node:fs/promises");
  const blocker = join(dir, `.set_snapshot.json.${process.pid}.staged`);
  await mkdir(join(blocker, "busy"), { recursive: true });
  const error = await t.throwsAsync(renderReports(buildSnapshot(generateRaw({ records: 60, seed: 2 })), { outDir: dir, name: "set" }), {
    instanceOf: OutputError,
  });
  t.regex(error!.message, /set_snapshot\.json/);
  t.false(error!.message.includes(".staged"), "the message names the report, not the staged file");
  const after = await Promise.all([first.json!, first.analysis!, first.timeline!].map((file) => readFile(file, "utf8")));
  t.deepEqual(after, before, "the previous set, unchanged");
  t.deepEqual(
    (await readdir(dir)).filter((file) => file.startsWith(".") && file !== `.set_snapshot.json.${process.pid}.staged`),
    [],
    "no staged or temp files",
  );
});
