/**
 * Renders SVG files to PNG with headless Chromium, for looking at the reports and for
 * the images in docs/.
 *
 *   node dist/scripts/render-png.js in.svg out.png [in2.svg out2.png ...] [--scale 2]
 */
import { readFile } from "node:fs/promises";
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { launchChromium } from "./chromium.js";

function svgSize(svg: string): { width: number; height: number } {
  const open = /<svg\b[^>]*>/.exec(svg)?.[0] ?? "";
  const width = Number(/\bwidth="([\d.]+)"/.exec(open)?.[1] ?? 1200);
  const height = Number(/\bheight="([\d.]+)"/.exec(open)?.[1] ?? 800);
  return { width: Math.ceil(width), height: Math.ceil(height) };
}

async function main(argv: string[]): Promise<number> {
  let scale = 1;
  const files: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === "--scale") scale = Number(argv[++i]);
    else files.push(argv[i] as string);
  }
  if (files.length === 0 || files.length % 2 !== 0 || !(scale > 0)) {
    process.stderr.write("usage: render-png IN.svg OUT.png [IN2.svg OUT2.png ...] [--scale N]\n");
    return 2;
  }
  const browser = await launchChromium();
  try {
    for (let i = 0; i < files.length; i += 2) {
      const input = resolve(files[i] as string);
      const output = resolve(files[i + 1] as string);
      const { width, height } = svgSize(await readFile(input, "utf8"));
      const page = await browser.newPage({ viewport: { width, height }, deviceScaleFactor: scale });
      await page.goto(pathToFileURL(input).href);
      await page.screenshot({ path: output });
      await page.close();
      process.stdout.write(`${output}\n`);
    }
  } finally {
    await browser.close();
  }
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`render-png: ${error instanceof Error ? error.message.split("\n")[0] : String(error)}\n`);
    process.exit(2);
  },
);
