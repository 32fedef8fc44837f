/**
 * Small snapshots render their SVGs on the main thread, large ones on the piscina pool:
 * both must give the very same files, and fail the same way.
 */
import test from "ava";
import { mkdtemp, readdir, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Snapshot } from "../../format/snapshot.js";
import { buildSnapshot, OutputError, renderReports } from "../../render/index.js";
import { INLINE_SVG_MAX_RECORDS, svgRenderingFor, type SvgRendering } from "../../render/write/reports.js";
import { emptyRaw, generateRaw } from "./generate-raw.js";

async function renderWith(snapshot: Snapshot, svgRendering: SvgRendering): Promise<Map<string, Buffer>> {
  const dir = await mkdtemp(join(tmpdir(), `memscope-svg-${svgRendering}-`));
  await renderReports(snapshot, { outDir: dir, name: "same", svgRendering });
  const files = new Map<string, Buffer>();
  for (const name of (await readdir(dir)).sort()) files.set(name, await readFile(join(dir, name)));
  return files;
}

const snapshots: Record<string, () => Snapshot> = {
  empty: () => buildSnapshot(emptyRaw()),
  "200 records": () => buildSnapshot(generateRaw({ records: 200, seed: 5 })),
  "20,000 records": () => buildSnapshot(generateRaw({ records: 20_000, seed: 11 })),
};

for (const [label, make] of Object.entries(snapshots)) {
  test(`${label}: inline and pooled rendering write byte-identical reports`, async (t) => {
    const snapshot = make();
    const inline = await renderWith(snapshot, "inline");
    const pooled = await renderWith(snapshot, "pool");
    t.deepEqual([...inline.keys()], ["same_lifecycle_timeline.svg", "same_memory_analysis.svg", "same_snapshot.json"]);
    t.deepEqual([...pooled.keys()], [...inline.keys()]);
    for (const [name, bytes] of inline) {
      t.true(bytes.length > 0, name);
      t.true(bytes.equals(pooled.get(name)!), `${name} differs between inline and pool rendering`);
    }
  });
}

test("auto renders inline up to INLINE_SVG_MAX_RECORDS records and on the pool above; an explicit choice wins", (t) => {
  const withRecords = (n: number): Snapshot => ({ allocations: { length: n } }) as unknown as Snapshot;
  t.is(svgRenderingFor(withRecords(0)), "inline");
  t.is(svgRenderingFor(withRecords(INLINE_SVG_MAX_RECORDS)), "inline");
  t.is(svgRenderingFor(withRecords(INLINE_SVG_MAX_RECORDS + 1)), "pool");
  t.is(svgRenderingFor(withRecords(1_000_000), "auto"), "pool");
  t.is(svgRenderingFor(withRecords(10), "pool"), "pool");
  t.is(svgRenderingFor(withRecords(1_000_000), "inline"), "inline");
});

for (const svgRendering of ["inline", "pool"] as const) {
  test(`${svgRendering}: an SVG that cannot be written fails with a one-line OutputError and leaves no partial file`, async (t) => {
    const dir = await mkdtemp(join(tmpdir(), "memscope-svg-fail-"));
    // A directory where the analysis SVG should go: the rename into place fails.
    const { mkdir } = await import("node:fs/promises");
    await mkdir(join(dir, "x_memory_analysis.svg"));
    await writeFile(join(dir, "keep.txt"), "");
    const error = await t.throwsAsync(
      renderReports(buildSnapshot(generateRaw({ records: 30 })), { outDir: dir, name: "x", svgRendering, only: ["analysis"] }),
      { instanceOf: OutputError },
    );
    t.regex(error!.message, /^cannot write .*x_memory_analysis\.svg \(/);
    t.false(error!.message.includes("\n"));
    t.deepEqual((await readdir(dir)).sort(), ["keep.txt", "x_memory_analysis.svg"]);
  });
}
