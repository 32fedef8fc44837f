/**
 * The HTML report: its model agrees with the snapshot's own figures, the document is
 * self-contained and its data inert, and in headless Chromium the showcase report's
 * views work (treemap zoom, declaration filters, a leak candidate's instances and
 * relations, a diff report) without a console error, while a hostile-names report
 * shows its names as text and runs nothing of them.
 */
import test from "ava";
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import type { Browser, Page } from "playwright-core";
import { compareSnapshots, formatPercent, growthPercent, signedBytes } from "../../cli/diff-report.js";
import { buildSnapshot, readSnapshot } from "../../render/index.js";
import { readRawSnapshotWithSource } from "../../render/read/snapshot-io.js";
import { contentSecurityPolicy, htmlDocumentPieces, scriptSafeJson } from "../../render/html/document.js";
import { buildHtmlModel, INSTANCE_BUDGET, type HtmlModel, type TreeNode } from "../../render/html/model.js";
import { renderDiffHtmlReport, renderHtmlReport, writeHtmlReport } from "../../render/html/report.js";
import { LANE_SPANS } from "../../render/draw/timeline/lanes.js";
import { analysisModelFromIndex } from "../../render/draw/analysis/model.js";
import { indexSnapshotRecords } from "../../render/draw/model.js";
import { timelineModelFromIndex } from "../../render/draw/timeline/model.js";
import { metricCards } from "../../render/draw/analysis/svg.js";
import { writeSyntheticRawSnapshot } from "../../scripts/bench/synthetic-snapshot.js";
import { launchChromium } from "../../scripts/chromium.js";
import { compileProject, repoRoot, runScript } from "../../scripts/lib/toolchain.js";
import type { Snapshot } from "../../format/snapshot.js";
import { HOSTILE, generateRaw } from "./generate-raw.js";

const work = path.join(repoRoot, ".tmp/test-html-report");

function embedded(html: string): HtmlModel {
  const match = /<script type="application\/json" id="memscope-data">([\s\S]*?)<\/script>/.exec(html);
  if (!match) throw new Error("no embedded model");
  return JSON.parse(match[1]!) as HtmlModel;
}

const diffOptions = (base: Snapshot) => ({
  baseName: "base.json",
  headName: "head.json",
  base,
  gate: { thresholdPercent: 10, failed: true },
  growthText: (b: number, h: number) => formatPercent(growthPercent(b, h)),
  changeText: signedBytes,
});

test("the model's figures are the snapshot's: hierarchy, live bytes, cards, peaks; the sample stays within its budget", (t) => {
  const snapshot = buildSnapshot(generateRaw({ records: 6_000, seed: 21 }));
  const index = indexSnapshotRecords(snapshot);
  const model = buildHtmlModel(snapshot, index);
  t.is(model.tree[1], snapshot.memory_hierarchy.bytes, "the unfolded hierarchy has the same total");
  t.is(model.totals.bytes, snapshot.memory_hierarchy.bytes);
  t.is(model.totals.liveBytes, snapshot.summary.active_memory_bytes, "live bytes per declaration sum to active memory");
  t.deepEqual(model.cards, metricCards(analysisModelFromIndex(snapshot, index)), "the cards are the analysis SVG's");
  t.is(model.leaks.length, snapshot.leaks.length);
  // Each declaration's leaves in the tree sum to its bytes.
  const leafBytes = new Map<number, number>();
  const walk = (node: TreeNode): void => {
    if (node.length === 3) leafBytes.set(node[0], (leafBytes.get(node[0]) ?? 0) + node[1]);
    else node[3].forEach(walk);
  };
  walk(model.tree);
  let instances = 0;
  model.sites.forEach((site, at) => {
    t.is(leafBytes.get(at) ?? 0, site.bytes, `declaration ${at}'s tiles`);
    t.is(Math.max(0, ...site.series), site.peakBytes, "the series' maximum is the peak");
    t.true(site.peakBytes <= site.bytes && site.liveBytes <= site.peakBytes + 1e-9, "live ≤ peak ≤ all its objects");
    t.true(site.instanceCount <= site.records && site.instanceCount >= Math.min(site.records, 4));
    instances += site.instanceCount;
  });
  t.true(instances <= INSTANCE_BUDGET + 4 * model.sites.length);
  t.is(model.instances.id.length, instances);
  for (const leak of model.leaks) t.true(leak.site >= 0 && model.sites[leak.site]!.leaks.length > 0, "every leak candidate links to its declaration");
});

test("the timeline SVG's lanes and the HTML report count a declaration alike; the series' peaks match a brute-force sweep", (t) => {
  const snapshot = buildSnapshot(generateRaw({ records: 4_000, seed: 8 }));
  const index = indexSnapshotRecords(snapshot);
  const model = buildHtmlModel(snapshot, index);
  const timeline = timelineModelFromIndex(snapshot, index);
  const siteOf = new Map(model.sites.map((site) => [site.siteId, site]));
  let compared = 0;
  for (const card of timeline.lanes) {
    for (const lane of card.lanes) {
      const site = siteOf.get(lane.siteId)!;
      if (lane.records !== site.records) continue; // a declaration spread over several scope slots
      t.is(lane.bytes, site.bytes);
      if (lane.shared === 0) t.deepEqual([lane.minBytes, lane.maxBytes], [site.minBytes, site.largestBytes]);
      t.true(lane.spans.length <= LANE_SPANS && lane.spans.length >= Math.min(lane.records, LANE_SPANS / 2));
      compared++;
    }
  }
  t.true(compared >= 5, `${compared} lanes compared`);
  // Peak per declaration, the slow way: its events sorted, frees first at equal times.
  const records = snapshot.allocations;
  model.sites.forEach((site, at) => {
    const events: Array<[number, number]> = [];
    for (let row = 0; row < records.length; row++) {
      if (index.siteSlot[row] !== at || index.shared[row] === 1) continue;
      const bytes = index.objectBytes[row]!;
      events.push([records[row]!.allocation_time, bytes]);
      const end = index.alive[row] === 1 ? null : (records[row]!.collected_time ?? records[row]!.scope_exit_time);
      if (end !== null) events.push([end, -bytes]);
    }
    events.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
    let live = 0;
    let peak = 0;
    for (const [, delta] of events) peak = Math.max(peak, (live += delta));
    t.is(site.peakBytes, peak, `peak of declaration ${at}`);
  });
});

test("the document is one file with a strict CSP and inert data: hostile text cannot end the data element", (t) => {
  const snapshot = buildSnapshot(generateRaw({ records: 300, hostile: true, seed: 9 }));
  const html = renderHtmlReport(snapshot, indexSnapshotRecords(snapshot));
  t.true(html.includes(`<meta http-equiv="Content-Security-Policy" content="${contentSecurityPolicy()}">`));
  t.regex(contentSecurityPolicy(), /^default-src 'none'; script-src 'sha256-[A-Za-z0-9+/=]+'; style-src 'sha256-[A-Za-z0-9+/=]+';/);
  t.is(html.match(/<script/gi)?.length, 2, "the data element and the page's script, nothing else");
  t.is(html.match(/<\/script/gi)?.length, 2);
  t.false(/https?:\/\//.test(html.replace(/http:\/\/www\.w3\.org\/2000\/svg/g, "")), "no URL to load anything from");
  const model = embedded(html);
  t.true(model.strings.some((s) => s.includes(HOSTILE)), "the names are kept exactly, as data");
});

test("the document written in pieces is JSON.stringify's text of the model, escaped: long tables split, hostile text kept", async (t) => {
  const raw = generateRaw({ records: 9_000, hostile: true, seed: 17 });
  // 1,500 more declarations: the sites table is longer than one piece.
  raw.allocations.forEach((record, i) => {
    if (i % 3 !== 0) return;
    record.site_id = 100_000 + ((i / 3) % 1_500);
    record.variable_name = `${record.variable_name}_${(i / 3) % 1_500}`;
  });
  const snapshot = buildSnapshot(raw);
  const index = indexSnapshotRecords(snapshot);
  const model = buildHtmlModel(snapshot, index);
  t.true(model.sites.length > 1024, `a table longer than one piece (${model.sites.length} sites)`);
  const pieces = [...htmlDocumentPieces(model)];
  t.true(pieces.length > 10, `${pieces.length} pieces`);
  const html = pieces.join("");
  const data = /<script type="application\/json" id="memscope-data">([\s\S]*?)<\/script>/.exec(html)![1]!;
  t.is(data, scriptSafeJson(model));
  t.deepEqual(embedded(html), JSON.parse(JSON.stringify(model)));
  mkdirSync(work, { recursive: true });
  const file = path.join(work, "pieces_report.html");
  await writeHtmlReport(snapshot, index, file);
  t.is(readFileSync(file, "utf8"), renderHtmlReport(snapshot, index), "the written file is the document");
});

let browser: Browser;
let showcaseReport = "";
let hostileReport = "";
let diffReport = "";
let manyReport = "";

test.before(async () => {
  rmSync(work, { recursive: true, force: true });
  mkdirSync(work, { recursive: true });
  const project = path.join(repoRoot, "fixtures/showcase");
  const built = path.join(work, "showcase");
  compileProject({ project, outDir: built, instrumented: true });
  const out = path.join(work, "out");
  const run = runScript(path.join(built, "showcase.js"), { env: { MEMSCOPE_OUT: out, MEMSCOPE_NAME: "showcase" } });
  if (run.status !== 0) throw new Error(`showcase failed: ${run.stderr}`);
  showcaseReport = path.join(out, "showcase_report.html");

  const hostile = buildSnapshot(generateRaw({ records: 400, hostile: true, seed: 9 }));
  hostileReport = path.join(work, "hostile_report.html");
  writeFileSync(hostileReport, renderHtmlReport(hostile, indexSnapshotRecords(hostile)));

  const base = await readSnapshot(path.join(out, "showcase_snapshot.json"));
  const head = buildSnapshot(generateRaw({ records: 3_000, seed: 5 }));
  diffReport = path.join(work, "diff_report.html");
  writeFileSync(diffReport, renderDiffHtmlReport(compareSnapshots(base, head), head, diffOptions(base)));

  // The bench's synthetic run: 200 declarations over 11 types, so types hold more than a view shows.
  const raw = path.join(work, "many_raw.json");
  writeSyntheticRawSnapshot(raw, 40_000);
  const many = buildSnapshot((await readRawSnapshotWithSource(raw)).raw);
  manyReport = path.join(work, "many_report.html");
  writeFileSync(manyReport, renderHtmlReport(many, indexSnapshotRecords(many)));
  browser = await launchChromium();
});

test.after.always(async () => {
  await browser?.close();
});

interface Opened {
  page: Page;
  problems: string[];
  dialogs: string[];
}

async function open(file: string, hash = ""): Promise<Opened> {
  const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  const problems: string[] = [];
  const dialogs: string[] = [];
  page.on("console", (message) => {
    if (message.type() === "error" || message.type() === "warning") problems.push(`${message.type()}: ${message.text()}`);
  });
  page.on("pageerror", (error) => problems.push(`page error: ${error.message}`));
  page.on("dialog", (dialog) => {
    dialogs.push(dialog.message());
    void dialog.dismiss();
  });
  // Anything leaving the file would be a request: there must be none.
  page.on("request", (request) => {
    if (!request.url().startsWith("file:")) problems.push(`request: ${request.url()}`);
  });
  await page.goto(pathToFileURL(file).href + hash);
  await page.waitForSelector("body[data-ready='1']", { timeout: 20_000 });
  return { page, problems, dialogs };
}

const go = async (page: Page, hash: string): Promise<void> => {
  await page.evaluate(`location.hash = ${JSON.stringify(hash)}`);
  await page.waitForFunction(`document.body.dataset.view === ${JSON.stringify(hash.split("/")[0])}`);
};

test.serial("showcase: the overview shows the eight metrics and the leak candidates first", async (t) => {
  const { page, problems } = await open(showcaseReport);
  t.is(await page.locator(".card").count(), 8);
  t.deepEqual(
    await page.locator(".card-label").allTextContents(),
    ["Active memory", "Peak memory", "Active allocations", "Memory efficiency", "Median allocation", "P95 allocation", "Heap fragmentation", "Allocation density"],
  );
  t.true((await page.locator(".leak-list li").count()) >= 3);
  const firstPanel = await page.locator(".view > section").first().locator("h2").textContent();
  t.regex(firstPanel ?? "", /^Leak and growth candidates/);
  // The heap chart zooms and the two charts share the range.
  await page.locator(".chart").first().locator("button", { hasText: "+" }).click();
  const ranges = await page.locator(".range-text").allTextContents();
  t.is(ranges.length, 2);
  t.false(ranges[0]!.startsWith("whole run"));
  t.is(ranges[0], ranges[1]);
  await page.locator(".chart-svg").first().dblclick();
  t.regex((await page.locator(".range-text").first().textContent()) ?? "", /^whole run/);
  t.deepEqual(problems, []);
  await page.close();
});

test.serial("showcase: the treemap zooms into a category and a subcategory, and the breadcrumbs lead back", async (t) => {
  const { page, problems } = await open(showcaseReport, "#treemap");
  await page.waitForSelector(".tile");
  t.is(await page.locator(".crumbs .crumb").count(), 1);
  // No inner tile's name hides under its group's label (the layout lists tiles level by level).
  const hidden = (await page.evaluate(`(() => {
    const labels = [...document.querySelectorAll(".tile.group > .tile-name")].map((label) => label.getBoundingClientRect());
    return [...document.querySelectorAll(".tile.depth2 > .tile-name")].filter((name) => {
      const r = name.getBoundingClientRect();
      return labels.some((l) => r.left < l.right && r.right > l.left && r.top < l.bottom && r.bottom > l.top);
    }).map((name) => name.textContent);
  })()`)) as string[];
  t.deepEqual(hidden, []);
  t.true((await page.locator(".tile.depth2.under-label").count()) > 0, "the tiles along a group's top edge start below its label");
  // The showcase has sampled declarations: the whole map's figures, and some tile's, carry ≈.
  t.regex((await page.locator(".treemap-view p.quiet").first().textContent()) ?? "", /^≈/);
  const titles = (await page.evaluate(`[...document.querySelectorAll("a.tile")].map((tile) => tile.title)`)) as string[];
  t.true(titles.some((title) => title.includes("\n≈")), "a tile holding sampled declarations says ≈");
  await page.locator("a.tile.depth2").first().click();
  await page.waitForFunction(`location.hash.split("/").length === 3`);
  t.is(await page.locator(".crumbs > *:not(.sep)").count(), 3, "all › category › subcategory");
  await page.waitForSelector(".tile");
  t.true((await page.locator(".tile").count()) > 0);
  await page.locator(".crumbs a.crumb").first().click();
  await page.waitForFunction(`location.hash === "#treemap"`);
  t.is(await page.locator(".crumbs > *:not(.sep)").count(), 1);
  t.deepEqual(problems, []);
  await page.close();
});

test.serial("showcase: the declarations table filters by text, category and alive-only, and sorts", async (t) => {
  const { page, problems } = await open(showcaseReport, "#declarations");
  const rows = page.locator(".vt-row");
  const all = await rows.count();
  t.true(all > 20);
  await page.fill(".filter-text", "sessions.ts");
  const inFile = await rows.count();
  t.true(inFile >= 3 && inFile < all);
  for (const text of await page.locator(".vt-row .vt-td:nth-child(3)").allTextContents()) t.true(text.startsWith("src/sessions.ts:"), text);
  await page.fill(".filter-text", "");
  await page.selectOption("select[aria-label=Category]", "box");
  const boxes = await rows.count();
  t.true(boxes > 0 && boxes < all);
  await page.selectOption("select[aria-label=Category]", "");
  await page.locator("label.check", { hasText: "alive at export only" }).locator("input").check();
  const alive = await page.locator(".vt-row .vt-td:nth-child(7)").allTextContents();
  t.true(alive.length > 0 && alive.length < all);
  t.true(alive.every((text) => Number(text.replace(/[,≈]/g, "")) > 0));
  // Sorting by name puts the rows in order.
  await page.locator(".vt-th", { hasText: "declaration" }).click();
  const names = await page.locator(".vt-row .vt-td:nth-child(1)").allTextContents();
  t.deepEqual(names, [...names].sort((a, b) => (a.toLowerCase() < b.toLowerCase() ? -1 : a.toLowerCase() > b.toLowerCase() ? 1 : 0)));
  t.deepEqual(problems, []);
  await page.close();
});

test.serial("showcase: a leak candidate opens with its instances and its relations as links", async (t) => {
  const { page, problems } = await open(showcaseReport);
  await page.locator(".leak-list a.leak-link", { hasText: /^thumbnail$/ }).click();
  await page.waitForFunction(`document.body.dataset.view === "site"`);
  t.is(await page.locator(".detail-head .name").textContent(), "thumbnail");
  t.regex((await page.locator(".panel.leaks").textContent()) ?? "", /still alive at export/);
  t.is(await page.locator("svg.strip").count(), 1, "the instances as one lifetime strip");
  await page.locator("button", { hasText: /^show each instance/ }).click();
  const instances = await page.locator(".instance").count();
  t.true(instances >= 4, `${instances} instance rows`);
  const relation = page.locator("ul.relations li").first();
  t.regex((await relation.textContent()) ?? "", /move\s*moved from thumbnail src\/thumbnails\.ts:\d+ × [\d,]+/);
  await relation.locator("a").click();
  await page.waitForFunction(`document.body.dataset.view === "site"`);
  t.regex((await page.locator(".detail-head .quiet").textContent()) ?? "", /src\/thumbnails\.ts/);
  t.regex((await page.locator("ul.relations").textContent()) ?? "", /moved to thumbnail/);
  await page.locator(".detail-head a").click();
  await page.waitForFunction(`document.body.dataset.view === "scope"`);
  t.is(await page.locator(".detail-head .name").textContent(), "renderThumbnail");
  t.deepEqual(problems, []);
  await page.close();
});

test.serial("showcase: every scope is listed and searchable", async (t) => {
  const { page, problems } = await open(showcaseReport, "#scopes");
  const model = embedded(readFileSync(showcaseReport, "utf8"));
  t.regex((await page.locator(".counter").textContent()) ?? "", new RegExp(`^${model.scopes.length} of ${model.scopes.length} scopes`));
  await page.fill(".filter-text", "thumbnail");
  const names = await page.locator(".vt-row .vt-td:nth-child(1)").allTextContents();
  const files = await page.locator(".vt-row .vt-td:nth-child(2)").allTextContents();
  for (const name of ["buildThumbnails", "encodeThumbnail", "renderThumbnail"]) t.true(names.includes(name), name);
  names.forEach((name, at) => t.true(`${name} ${files[at]}`.toLowerCase().includes("thumbnail"), `${name} ${files[at]}`));
  t.true(names.length < model.scopes.length);
  t.deepEqual(problems, []);
  await page.close();
});

test.serial("a diff report shows the gate, growth first, and links its sites to the head's declarations", async (t) => {
  const { page, problems } = await open(diffReport);
  t.is(await page.evaluate("document.body.dataset.view"), "diff");
  t.regex((await page.locator(".gate").textContent()) ?? "", /^Gate: growth ≈?[+-][\d.]+%( ±[\d.]+ pp at 95%)? vs --fail-on-growth 10%: (FAIL|pass)$/);
  const changes = await page.locator(".diff .vt-row").first().locator(".vt-td:nth-child(5)").textContent();
  t.regex(changes ?? "", /^≈?\+/, "largest growth first");
  await page.locator(".diff .vt-row a").first().click();
  await page.waitForFunction(`document.body.dataset.view === "site"`);
  t.deepEqual(problems, []);
  await page.close();
});

test.serial("many declarations: an '(N others)' tile opens into its members", async (t) => {
  const { page, problems } = await open(manyReport, "#treemap");
  const model = embedded(readFileSync(manyReport, "utf8"));
  // Find a node with more members than the view shows and open its others tile.
  const path: number[] = [];
  const find = (node: TreeNode, trail: number[]): boolean => {
    if (node.length === 3) return false;
    if (node[3].length > 16) {
      path.push(...trail);
      return true;
    }
    return node[3].some((child, at) => find(child, [...trail, at]));
  };
  t.true(find(model.tree, []), "the generated run has a type with many declarations");
  await go(page, `treemap/${path.join("/")}`);
  const others = page.locator("a.tile.others").first();
  await others.waitFor();
  await others.click();
  await page.waitForFunction(`/\\/o\\d+$/.test(location.hash)`);
  t.regex((await page.locator(".crumb.current").textContent()) ?? "", /^\([\d,]+ others\)$/);
  t.true((await page.locator("a.tile").count()) > 0);
  t.deepEqual(problems, []);
  await page.close();
});

test.serial("hostile names are shown as text and run no script", async (t) => {
  const { page, problems, dialogs } = await open(hostileReport, "#declarations");
  await page.waitForSelector(".vt-row");
  const text = await page.locator(".vt-row").first().textContent();
  t.true(text?.includes("<script>alert(1);window.__pwned=1</script>"), "the name reads as its text");
  for (const view of ["overview", "treemap", "scopes", "site/0", "scope/0"]) {
    await go(page, view);
    await page.mouse.move(400, 500);
  }
  t.is(await page.evaluate("globalThis.__pwned ?? null"), null);
  t.deepEqual(dialogs, []);
  t.is(await page.evaluate("document.scripts.length"), 2);
  t.is(await page.evaluate("document.querySelectorAll('[onload],[onerror],[onclick]').length"), 0);
  t.deepEqual(problems, []);
  await page.close();
});
