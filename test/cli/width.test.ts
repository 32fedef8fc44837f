/**
 * The CLI never prints a line wider than the terminal: the width it fits to, tables that
 * shorten their text columns and wrap (or move under the row) the one marked `wrap`,
 * and print()'s last pass over anything else.
 */
import test from "ava";
import fc from "fast-check";
import { spawnSync } from "node:child_process";
import * as path from "node:path";
import { fitLines, terminalWidth, DEFAULT_WIDTH, MIN_WIDTH } from "../../cli/width.js";
import { textTable } from "../../cli/table.js";
import { shortText, TABLE_TYPE_CHARS } from "../../render/units.js";
import { repoRoot } from "../../scripts/lib/toolchain.js";

const chars = (line: string): number => [...line].length;

test("the width: the terminal's columns on a TTY (80 when it does not say), else COLUMNS, else no limit; never below 40", (t) => {
  t.is(terminalWidth({ isTTY: true, columns: 132 }, { COLUMNS: "60" }), 132);
  t.is(terminalWidth({ isTTY: true }, {}), DEFAULT_WIDTH);
  t.is(terminalWidth({ isTTY: false, columns: 132 }, { COLUMNS: "60" }), 60);
  t.is(terminalWidth({ isTTY: false }, {}), Number.POSITIVE_INFINITY);
  t.is(terminalWidth({ isTTY: false }, { COLUMNS: "wide" }), Number.POSITIVE_INFINITY);
  t.is(terminalWidth({ isTTY: true, columns: 12 }, {}), MIN_WIDTH);
});

test("fitLines: every line fits and no word is lost", (t) => {
  fc.assert(
    fc.property(fc.array(fc.string({ maxLength: 300 }), { maxLength: 8 }), fc.integer({ min: MIN_WIDTH, max: 200 }), (lines, width) => {
      const text = lines.map((l) => l.replace(/\n/g, " ")).join("\n");
      const fitted = fitLines(text, width);
      for (const line of fitted.split("\n")) if (line.length > width) return false;
      return fitted.replace(/\s+/g, "") === text.replace(/\s+/g, "");
    }),
  );
  t.pass();
});

const LONG_TYPE = "Map<string, { id: number; name: string; tags: readonly string[]; owner: { id: number; email: string } }>";
const REASON =
  "3 objects from this declaration are still alive at export, up to 3.54 s after lookUp exited, holding 120 B (largest 40 B); the largest is held through `searchMemo` Map<string, User> (src/cache.ts:3) → entry value.";

test("a table fits its width: text columns shortened with …, the wrap column wrapped or moved under its row", (t) => {
  const columns = [{ header: "kind" }, { header: "variable" }, { header: "type" }, { header: "bytes", align: "right" as const }, { header: "why", wrap: true }];
  const rows = [["outlived_scope", "searchMemo", shortText(LONG_TYPE), "15.8 KB", REASON]];
  for (const width of [60, 80, 120, 200]) {
    const table = textTable(columns, rows, "  ", width);
    for (const line of table.split("\n")) t.true(chars(line) <= width, `${width}: ${line}`);
    t.true(table.replace(/\s+/g, " ").includes("`searchMemo` Map<string, User>"), `${width}: the reason is kept whole`);
    t.true(table.includes("15.8 KB"), "numbers are never shortened");
  }
  t.is(textTable(columns, rows, "  ", Infinity).split("\n").length, 3, "unlimited: one line a row");
});

test("type text longer than 80 characters is shortened in tables", (t) => {
  t.is(shortText("Map<string, number>"), "Map<string, number>");
  const short = shortText(LONG_TYPE);
  t.is([...short].length, TABLE_TYPE_CHARS);
  t.true(short.endsWith("…"));
  t.true(LONG_TYPE.startsWith(short.slice(0, -1)));
});

test("memscope --help with COLUMNS=50: no line wider than 50; piped without COLUMNS: lines whole", (t) => {
  const cli = path.join(repoRoot, "dist", "cli", "main.js");
  const { COLUMNS: _ignored, ...withoutColumns } = process.env;
  const piped = spawnSync(process.execPath, [cli, "--help"], { encoding: "utf8", env: withoutColumns });
  t.true(piped.stdout.split("\n").some((line) => chars(line) > 50), "the help has lines longer than 50");
  const run = spawnSync(process.execPath, [cli, "--help"], { encoding: "utf8", env: { ...process.env, COLUMNS: "50" } });
  t.is(run.status, 0, run.stderr);
  for (const line of run.stdout.split("\n")) t.true(chars(line) <= 50, line);
});
