/**
 * Screenshots of the HTML report's views, for looking at them and for docs/:
 *   node dist/scripts/html-screens.js report.html OUT_PREFIX [view ...]
 * Each view is a fragment route (overview, treemap, treemap/0, declarations, site/3, scopes,
 * diff, ...); writes OUT_PREFIX<view with / as ->.png. Fails on any console error or page error.
 */
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { launchChromium } from "./chromium.js";

async function main(argv: string[]): Promise<number> {
  const [input, prefix, ...views] = argv;
  if (!input || !prefix) {
    process.stderr.write("usage: html-screens REPORT.html OUT_PREFIX [view ...]\n");
    return 2;
  }
  const browser = await launchChromium();
  const problems: string[] = [];
  try {
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    page.on("console", (message) => {
      if (message.type() === "error") problems.push(message.text());
    });
    page.on("pageerror", (error) => problems.push(error.message));
    const url = pathToFileURL(resolve(input)).href;
    await page.goto(url);
    await page.waitForSelector("body[data-ready='1']");
    for (const view of views.length > 0 ? views : ["overview"]) {
      await page.evaluate(`location.hash = ${JSON.stringify(view)}`);
      await page.waitForTimeout(400);
      const out = `${prefix}${view.replace(/\//g, "-")}.png`;
      await page.screenshot({ path: out, fullPage: true });
      process.stdout.write(`${out}\n`);
    }
  } finally {
    await browser.close();
  }
  for (const problem of problems) process.stderr.write(`html-screens: console: ${problem}\n`);
  return problems.length > 0 ? 1 : 0;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`html-screens: ${error instanceof Error ? error.message.split("\n")[0] : String(error)}\n`);
    process.exit(2);
  },
);
