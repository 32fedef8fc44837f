import test from "ava";
import { mkdtemp, readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { XMLValidator } from "fast-xml-parser";
import { buildSnapshot, readSnapshot, renderReports } from "../../render/index.js";
import { escapeXml } from "../../render/draw/escape.js";
import { launchChromium } from "../../scripts/chromium.js";
import { HOSTILE, generateRaw } from "./generate-raw.js";

test("escapeXml escapes the five XML specials and drops characters XML forbids", (t) => {
  t.is(escapeXml(`<a href="x">&'</a>`), "&lt;a href=&quot;x&quot;&gt;&amp;&apos;&lt;/a&gt;");
  t.is(escapeXml("a\u0000b\u001bc\ud800d"), "a\uFFFDb\uFFFDc\uFFFDd");
  t.is(escapeXml("tab\tnew\nline ok 😀"), "tab\tnew\nline ok 😀");
});

async function hostileReports(): Promise<{ dir: string; analysis: string; timeline: string; json: string }> {
  const raw = generateRaw({ records: 400, hostile: true, seed: 9 });
  const dir = await mkdtemp(join(tmpdir(), "memscope-hostile-"));
  const paths = await renderReports(buildSnapshot(raw), { outDir: dir, name: raw.metadata.name });
  return { dir, analysis: paths.analysis!, timeline: paths.timeline!, json: paths.json! };
}

test("hostile names, types, paths and scope names give well-formed SVGs with no script element", async (t) => {
  const { analysis, timeline, json } = await hostileReports();
  for (const path of [analysis, timeline]) {
    t.false(path.includes("<") || path.includes('"'), "the report name is made safe for a file name");
    const svg = await readFile(path, "utf8");
    t.is(XMLValidator.validate(svg), true);
    t.false(/<script/i.test(svg), "no <script element");
    t.false(/\son\w+="/i.test(svg), "no event handler attribute");
    t.true(svg.includes("&lt;/text&gt;&lt;script&gt;alert(1);"), "the hostile text is shown, escaped");
  }
  // The JSON keeps the exact text (it is data, not markup) and still validates.
  const snapshot = await readSnapshot(json);
  t.true(snapshot.allocations[0]!.variable_name.endsWith(HOSTILE));
});

test("opened in headless Chromium the hostile SVGs run no script", async (t) => {
  const { analysis, timeline } = await hostileReports();
  const browser = await launchChromium();
  try {
    for (const path of [analysis, timeline]) {
      const page = await browser.newPage();
      const dialogs: string[] = [];
      const errors: string[] = [];
      page.on("dialog", (dialog) => {
        dialogs.push(dialog.message());
        void dialog.dismiss();
      });
      page.on("pageerror", (error) => errors.push(error.message));
      await page.goto(pathToFileURL(path).href, { waitUntil: "load" });
      // Hovering tiles and rows must not run anything either.
      await page.mouse.move(300, 600);
      await page.mouse.move(700, 900);
      const marker = await page.evaluate(() => (globalThis as Record<string, unknown>)["__pwned"] ?? null);
      const scripts = await page.evaluate<number>("document.getElementsByTagName('script').length");
      const root = await page.evaluate<string>("document.documentElement.nodeName");
      t.is(marker, null);
      t.deepEqual(dialogs, []);
      t.deepEqual(errors, []);
      t.is(scripts, 0);
      t.is(root, "svg");
      await page.close();
    }
  } finally {
    await browser.close();
  }
});
