/**
 * The HTML report at scale: a synthetic raw snapshot of N records is read and derived the
 * export child's way (deriveExport), then measured: the HTML build (model + document,
 * from the records' index; wall and CPU time), the file's size, and the time to first render in headless
 * Chromium (navigation start to the page's ready mark, views drawn). Run alone:
 *   node dist/scripts/bench/html-bench.js [N ...]
 */
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { deriveExport } from "../../render/derive/export.js";
import { renderHtmlReport } from "../../render/html/report.js";
import { DEFAULT_LEAK_THRESHOLD_MS } from "../../render/derive/leak-reasons.js";
import { launchChromium } from "../chromium.js";
import { repoRoot } from "../lib/toolchain.js";
import { formatFigure, measured, notMeasured, sizeLabel, type Figure } from "./figures.js";
import { writeSyntheticRawSnapshot } from "./synthetic-snapshot.js";

export interface HtmlMeasurement {
  buildMs: number;
  /** CPU time of the build (one thread): what it costs when the machine is shared. */
  buildCpuMs: number;
  bytes: number;
  firstRenderMs: number;
  /** Declarations view with a text filter applied over every row, drawn. */
  filterMs: number;
}

export async function measureHtml(records: number, scratch: string): Promise<HtmlMeasurement> {
  rmSync(scratch, { recursive: true, force: true });
  mkdirSync(scratch, { recursive: true });
  try {
    const raw = path.join(scratch, "raw.json");
    writeSyntheticRawSnapshot(raw, records);
    const { snapshot, recordIndex } = await deriveExport(raw, { leakThresholdMs: DEFAULT_LEAK_THRESHOLD_MS, schemaSampleRecords: 200_000 });
    const started = process.hrtime.bigint();
    const cpuBefore = process.cpuUsage();
    const html = renderHtmlReport(snapshot, recordIndex);
    const cpu = process.cpuUsage(cpuBefore);
    const buildMs = Number(process.hrtime.bigint() - started) / 1e6;
    const buildCpuMs = (cpu.user + cpu.system) / 1000;
    const file = path.join(scratch, "bench_report.html");
    writeFileSync(file, html);
    const browser = await launchChromium();
    try {
      const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
      const errors: string[] = [];
      page.on("pageerror", (error) => errors.push(error.message));
      await page.goto(pathToFileURL(file).href, { waitUntil: "commit" });
      await page.waitForSelector("body[data-ready='1']", { timeout: 60_000 });
      const firstRenderMs = (await page.evaluate("performance.now()")) as number;
      await page.evaluate(`location.hash = "declarations"`);
      await page.waitForSelector(".vt-row");
      const filterMs = (await page.evaluate(`(() => {
        const input = document.querySelector(".filter-text");
        const t0 = performance.now();
        input.value = "value1";
        input.dispatchEvent(new Event("input"));
        document.body.getBoundingClientRect();
        return performance.now() - t0;
      })()`)) as number;
      if (errors.length > 0) throw new Error(`page error: ${errors[0]}`);
      return { buildMs, buildCpuMs, bytes: Buffer.byteLength(html), firstRenderMs, filterMs };
    } finally {
      await browser.close();
    }
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

export async function htmlFigures(sizes: readonly number[], scratchRoot: string): Promise<Figure[]> {
  const figures: Figure[] = [];
  for (const records of sizes) {
    const label = sizeLabel(records);
    const names = [`html_${label}_build_time`, `html_${label}_build_cpu`, `html_${label}_file_size`, `html_${label}_first_render`, `html_${label}_filter_time`];
    const units = ["s", "s", "MB", "s", "ms"];
    process.stderr.write(`bench: HTML report of ${records} records…\n`);
    try {
      const m = await measureHtml(records, path.join(scratchRoot, `html-${label}`));
      figures.push(
        measured(names[0]!, m.buildMs / 1000, "s"),
        measured(names[1]!, m.buildCpuMs / 1000, "s"),
        measured(names[2]!, m.bytes / 2 ** 20, "MB", { digits: 1 }),
        measured(names[3]!, m.firstRenderMs / 1000, "s"),
        measured(names[4]!, m.filterMs, "ms", { digits: 0 }),
      );
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      names.forEach((name, at) => figures.push(notMeasured(name, units[at]!, reason)));
    }
  }
  return figures;
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  const sizes = process.argv.slice(2).map(Number).filter((n) => n > 0);
  const scratch = path.join(repoRoot, ".tmp", `html-bench-${process.pid}`);
  htmlFigures(sizes.length > 0 ? sizes : [10_000, 100_000, 1_000_000], scratch).then(
    (figures) => process.stdout.write(`${figures.map(formatFigure).join("\n")}\n`),
    (error: unknown) => {
      process.stderr.write(`html-bench: ${error instanceof Error ? error.message : String(error)}\n`);
      process.exitCode = 1;
    },
  );
}
