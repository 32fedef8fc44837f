/**
 * Writes the three reports for a generated, realistic raw snapshot (the visual check
 * before rendering PNGs): node dist/scripts/preview-reports.js OUT_DIR [RECORDS] [--hostile|--empty]
 */
import { buildSnapshot, renderReports } from "../render/index.js";
import { emptyRaw, generateRaw } from "../test/render/generate-raw.js";

const [outDir = ".tmp/preview", count = "5000", flag] = process.argv.slice(2);
const raw = flag === "--empty" ? emptyRaw() : generateRaw({ records: Number(count), hostile: flag === "--hostile" });
const snapshot = buildSnapshot(raw);
const paths = await renderReports(snapshot, { outDir, name: flag === "--empty" ? "empty" : "server" });
for (const path of Object.values(paths)) process.stdout.write(`${path}\n`);
