import test from "ava";
import { compareSnapshots, formatDiff, growthPercent } from "../../cli/diff-report.js";
import { isAliveAtExport, siteKey } from "../../cli/records.js";
import { renderBar } from "../../cli/progress.js";
import { defaultReportName, splitRunArgs } from "../../cli/run-args.js";
import { formatSummary } from "../../cli/summary-report.js";
import { markdownTable, textTable } from "../../cli/table.js";
import { makeSnapshot } from "./helpers/snapshots.js";

test("splitRunArgs: everything after -- belongs to the program", (t) => {
  t.deepEqual(splitRunArgs(["--out", "x", "--", "app.js", "--port", "1"]), {
    own: ["--out", "x"],
    program: ["app.js", "--port", "1"],
  });
});

test("splitRunArgs: without --, the first non-option starts the program", (t) => {
  t.deepEqual(splitRunArgs(["--precise", "--name", "n", "app.js", "--fix-leak"]), {
    own: ["--precise", "--name", "n"],
    program: ["app.js", "--fix-leak"],
  });
  t.deepEqual(splitRunArgs(["--out=o", "app.js"]), { own: ["--out=o"], program: ["app.js"] });
});

test("defaultReportName drops only the last extension", (t) => {
  t.is(defaultReportName("dist/server.js"), "server");
  t.is(defaultReportName("a/b/foo.test.mjs"), "foo.test");
  t.is(defaultReportName("noext"), "noext");
  t.is(defaultReportName("dir/.hidden"), "memscope", "same as the runtime: nothing left means the default name");
});

test("textTable aligns columns, right-aligns numbers, neutralises control characters", (t) => {
  const text = textTable(
    [{ header: "name" }, { header: "bytes", align: "right" }],
    [
      ["a", "1 B"],
      ["long\x1b[31mname", "1.5 KB"],
    ],
  );
  t.is(
    text,
    ["name            bytes", "-------------  ------", "a                 1 B", "long?[31mname  1.5 KB"].join("\n"),
  );
});

test("markdownTable escapes pipes and markup from user text", (t) => {
  const md = markdownTable([{ header: "type" }, { header: "n", align: "right" }], [["Map<string, A | B>", "1"]]);
  t.is(md, "| type | n |\n| --- | ---: |\n| Map&lt;string, A \\| B&gt; | 1 |");
});

test("isAliveAtExport: objects until collected, primitive strings until scope exit", (t) => {
  const s = makeSnapshot("x", [
    { name: "live", bytes: 1, line: 1 },
    { name: "gone", bytes: 1, line: 2, collected: true },
    { name: "str", bytes: 1, line: 3, category: "string", subcategory: "string", scopeExited: true },
    { name: "held", bytes: 1, line: 4, scopeExited: true },
  ]);
  t.deepEqual(
    s.allocations.map((r) => isAliveAtExport(r)),
    [true, false, false, true],
  );
  t.is(siteKey(s.allocations[0]!), "src/app.ts:1 live");
});

test("growthPercent: relative growth; infinite from nothing; zero for nothing to nothing", (t) => {
  t.is(growthPercent(100, 150), 50);
  t.is(growthPercent(100, 50), -50);
  t.is(growthPercent(0, 1), Infinity);
  t.is(growthPercent(0, 0), 0);
});

test("compareSnapshots: sites sorted by live-byte growth, new leaks per site, total growth", (t) => {
  const base = makeSnapshot(
    "base",
    [
      { name: "cache", bytes: 1000, line: 10 },
      { name: "rows", bytes: 500, line: 20 },
      { name: "tmp", bytes: 300, line: 30, collected: true },
    ],
    [{ variable_name: "rows", line: 20, bytes: 500 }],
  );
  const head = makeSnapshot(
    "head",
    [
      { name: "cache", bytes: 1100, line: 10 },
      { name: "rows", bytes: 400, line: 20 },
      { name: "sessions", type: "Map<string, Session>", subcategory: "Map", bytes: 5000, line: 40 },
      { name: "sessions", type: "Map<string, Session>", subcategory: "Map", bytes: 100, external: 900, line: 40 },
    ],
    [
      { variable_name: "rows", line: 20, bytes: 400 },
      { variable_name: "sessions", line: 40, bytes: 5000, type_name: "Map<string, Session>" },
      { variable_name: "sessions", line: 40, bytes: 1000, type_name: "Map<string, Session>", kind: "unbounded_growth" },
    ],
  );
  const diff = compareSnapshots(base, head);
  t.deepEqual(
    diff.sites.map((r) => [r.key, r.head.liveBytes - r.base.liveBytes, r.newLeaks]),
    [
      ["src/app.ts:40 sessions", 6000, 2],
      ["src/app.ts:10 cache", 100, 0],
      ["src/app.ts:30 tmp", 0, 0],
      ["src/app.ts:20 rows", -100, 0],
    ],
  );
  t.is(diff.base.liveBytes, 1500);
  t.is(diff.head.liveBytes, 7500);
  t.is(diff.growthPercent, 400);
  t.is(diff.newLeaks, 2);
  t.is(diff.types[0]!.key, "Map<string, Session>");
  t.is(diff.types[0]!.head.records, 2);
});

test("formatDiff: text and markdown name the top site first and show the gate verdict", (t) => {
  const base = makeSnapshot("b", [{ name: "a", bytes: 100, line: 1 }]);
  const head = makeSnapshot("h", [
    { name: "a", bytes: 100, line: 1 },
    { name: "grown", bytes: 900, line: 2 },
  ]);
  const result = compareSnapshots(base, head);
  const text = formatDiff(result, {
    baseName: "b.json",
    headName: "h.json",
    top: 20,
    markdown: false,
    gate: { thresholdPercent: 10, failed: true },
  });
  t.regex(text, /Gate: growth \+900\.0% vs --fail-on-growth 10%: FAIL/);
  const firstRow = text.split("\n").find((line) => line.includes("src/app.ts:"));
  t.truthy(firstRow?.includes("src/app.ts:2 grown"));
  t.false(text.includes("src/app.ts:1 a"), "unchanged sites are not listed");
  const md = formatDiff(result, { baseName: "b.json", headName: "h.json", top: 20, markdown: true });
  t.regex(md, /^### memscope diff: `b\.json` → `h\.json`/);
  // User text (sites, types) as code spans; figures as escaped text.
  t.regex(md, /\| `src\/app\.ts:2 grown` \| `number\[\]` \| 0 B \| 900 B \| \\\+900 B \| new \| 0 → 1 \|  \|/);
});

test("formatSummary lists the eight metrics, top variables, sites and leaks", (t) => {
  const s = makeSnapshot(
    "app",
    [
      { name: "big", bytes: 4096, line: 3 },
      { name: "small", bytes: 16, line: 4, collected: true },
    ],
    [{ variable_name: "big", line: 3, bytes: 4096 }],
  );
  const text = formatSummary(s, "app_snapshot.json", 10);
  for (const label of [
    "Active memory",
    "Peak memory",
    "Active allocations",
    "Memory efficiency",
    "Median allocation size",
    "P95 allocation size",
    "Heap fragmentation",
    "Allocation density",
  ]) {
    t.regex(text, new RegExp(`^  ${label}\\s+\\S`, "m"), label);
  }
  t.regex(text, /Active memory\s+4\.0 KB/);
  t.regex(text, /Heap fragmentation\s+33\.3%/);
  t.regex(text, /big\s+number\[\]\s+4\.0 KB\s+1\s+1\s+src\/app\.ts:3/);
  t.regex(text, /Leak candidates \(1\)\n.*\n.*\n\s+outlived_scope\s+big/);
});

test("renderBar shows fraction, percent and counts", (t) => {
  t.is(renderBar("x", 1, 4), `x [${"#".repeat(8)}${"-".repeat(22)}] 25% (1/4)`);
  t.is(renderBar("x", 0, 0), `x [${"-".repeat(30)}] 0% (0/0)`);
});

test("createProgress draws on a terminal only, and clears its line when finished", async (t) => {
  const { createProgress } = await import("../../cli/progress.js");
  const writes: string[] = [];
  const fake = (isTTY: boolean) =>
    ({ isTTY, write: (text: string) => writes.push(text) }) as unknown as NodeJS.WriteStream;
  const silent = createProgress("x", fake(false), 0);
  silent.update(1, 2);
  silent.finish();
  t.deepEqual(writes, []);
  const shown = createProgress("x", fake(true), 0);
  shown.update(1, 2);
  shown.update(2, 2);
  shown.finish();
  t.is(writes.length, 3);
  t.true(writes[0]!.startsWith("\r\x1b[2Kx [") && writes[0]!.includes("50% (1/2)"));
  t.true(writes[1]!.includes("100% (2/2)"));
  t.is(writes[2], "\r\x1b[2K");
});

test("showStatus writes a status line on a terminal only and clears it", async (t) => {
  const { showStatus } = await import("../../cli/progress.js");
  const writes: string[] = [];
  const fake = (isTTY: boolean) =>
    ({ isTTY, write: (text: string) => writes.push(text) }) as unknown as NodeJS.WriteStream;
  showStatus("quiet", fake(false))();
  t.deepEqual(writes, []);
  const clear = showStatus("reading", fake(true));
  clear();
  t.deepEqual(writes, ["\r\x1b[2Kreading", "\r\x1b[2K"]);
});

test("formatSummary prints the runtime's counters as notes, and nothing when they are all zero", (t) => {
  const s = makeSnapshot("app", [{ name: "big", bytes: 4096, line: 3 }], []);
  t.false(formatSummary(s, "app_snapshot.json", 10).includes("Runtime notes"), "no counters from this writer: no section");
  s.metadata.runtime_counters = { internal_errors: 0, invalid_site_calls: 0, invalid_scope_calls: 0, untracked_values: 3, unwatched_collections: 0 };
  t.false(formatSummary(s, "app_snapshot.json", 10).includes("Runtime notes"), "untracked values change no figure");
  s.metadata.runtime_counters = { internal_errors: 2, invalid_site_calls: 0, invalid_scope_calls: 0, untracked_values: 0, unwatched_collections: 12 };
  const text = formatSummary(s, "app_snapshot.json", 10);
  t.regex(text, /^Runtime notes\n  The runtime caught 2 errors of its own .*\n  12 collections were not re-measured after registration/m);
});
