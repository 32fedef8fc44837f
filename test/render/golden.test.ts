/**
 * Golden outputs: two generated snapshots of a showcase's size (a plain run, and one with
 * hostile names, aliases and moves) rendered to the JSON snapshot, both SVGs and the HTML
 * report's embedded model, each checked byte for byte against test/render/golden/. The
 * properties (derivation-properties.test.ts) say what must hold; these say nothing moved.
 *
 * A change that is meant to change a report: rewrite the files with
 *   UPDATE_GOLDEN=1 npx ava dist/test/render/golden.test.js
 * and read the diff before committing it.
 */
import test from "ava";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { RawSnapshot } from "../../format/snapshot.js";
import { buildSnapshot } from "../../render/derive/snapshot.js";
import { indexSnapshotRecords } from "../../render/draw/model.js";
import { buildHtmlModel } from "../../render/html/model.js";
import { renderReports } from "../../render/write/reports.js";
import { repoRoot } from "../../scripts/lib/toolchain.js";
import { generateRaw } from "./generate-raw.js";

const GOLDEN = path.join(repoRoot, "test/render/golden");
const update = process.env["UPDATE_GOLDEN"] === "1";

const CASES: Array<{ name: string; raw: () => RawSnapshot }> = [
  { name: "plain", raw: () => generateRaw({ records: 400, seed: 5 }) },
  { name: "hostile", raw: () => generateRaw({ records: 160, seed: 9, hostile: true }) },
];

for (const { name, raw } of CASES) {
  test(`golden outputs: ${name}`, async (t) => {
    const snapshot = buildSnapshot(raw());
    const out = mkdtempSync(path.join(tmpdir(), "memscope-golden-"));
    try {
      const paths = await renderReports(snapshot, { outDir: out, name, only: ["json", "analysis", "timeline"], svgRendering: "inline" });
      const files: Array<[string, string]> = [
        [`${name}_snapshot.json`, readFileSync(paths.json!, "utf8")],
        [`${name}_memory_analysis.svg`, readFileSync(paths.analysis!, "utf8")],
        [`${name}_lifecycle_timeline.svg`, readFileSync(paths.timeline!, "utf8")],
        [`${name}_html_model.json`, `${JSON.stringify(buildHtmlModel(snapshot, indexSnapshotRecords(snapshot)), null, 1)}\n`],
      ];
      if (update) mkdirSync(GOLDEN, { recursive: true });
      for (const [file, actual] of files) {
        const golden = path.join(GOLDEN, file);
        if (update) writeFileSync(golden, actual);
        const expected = readFileSync(golden, "utf8");
        // Not t.is: a diff of two whole reports says less than where they first part.
        let at = 0;
        while (at < actual.length && actual[at] === expected[at]) at++;
        t.true(actual === expected, `${file} differs from test/render/golden/${file} at character ${at}: ${JSON.stringify(expected.slice(Math.max(0, at - 60), at + 60))} became ${JSON.stringify(actual.slice(Math.max(0, at - 60), at + 60))} (UPDATE_GOLDEN=1 rewrites the files)`);
      }
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });
}
