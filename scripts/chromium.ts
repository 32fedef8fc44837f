/** Headless Debian Chromium through playwright-core, shared by the PNG script and the browser tests. */
import { chromium, type Browser } from "playwright-core";

export const CHROMIUM_PATH = process.env["MEMSCOPE_CHROMIUM"] ?? "/usr/bin/chromium";

export const CHROMIUM_ARGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
];

export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: CHROMIUM_ARGS });
}
