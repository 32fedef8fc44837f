/**
 * A crafted snapshot cannot drive the terminal or inject markup: every string the CLI
 * prints from it (the header's name, node version and timestamp included) is shown
 * harmlessly, and diff --markdown writes user text as code spans or escaped text.
 */
import test from "ava";
import { memscope } from "./helpers/cli.js";
import { makeSnapshot, tempDir, writeSnapshot } from "./helpers/snapshots.js";
import { markdownCell, markdownCode, markdownTable } from "../../cli/table.js";

const ESC = "\u001b";
const TERMINAL_ATTACKS = [
  `${ESC}]0;pwned${ESC}\\`, // set the terminal title
  `${ESC}[2J${ESC}[H`, // clear the screen, cursor home
  "\rAll memory checks passed.\n", // overwrite a line, fake a verdict
  "\u202eevil\u202c", // bidi override
  "\u2066iso\u2069",
  "\u009b31m", // C1 CSI
];

function hostileSnapshot(): string {
  const dir = tempDir();
  const snapshot = makeSnapshot(`app${TERMINAL_ATTACKS.join("")}`, [
    { name: `rows${TERMINAL_ATTACKS[1]}`, type: `Row[]${TERMINAL_ATTACKS[3]}`, bytes: 64, line: 3 },
  ]);
  snapshot.metadata.node_version = `v20${TERMINAL_ATTACKS[0]}`;
  snapshot.metadata.timestamp = `2026-01-01T00:00:00.000Z${TERMINAL_ATTACKS[2]}`;
  return writeSnapshot(dir, "app_snapshot.json", snapshot);
}

/** Characters that must never reach a terminal: all C0 but newline, DEL, C1, bidi controls, line separators. */
// eslint-disable-next-line no-control-regex
const UNSAFE = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/;

test("summary of a crafted snapshot prints no control or bidi character, header included", (t) => {
  const file = hostileSnapshot();
  const r = memscope(["summary", file]);
  t.is(r.status, 0, r.stderr);
  t.false(UNSAFE.test(r.stdout), JSON.stringify(r.stdout.slice(0, 400)));
  t.regex(r.stdout, /^memscope summary: app\?/);
  // The fake verdict cannot start a line of its own.
  t.false(r.stdout.split("\n").some((line) => line.startsWith("All memory checks passed.")));
});

test("diff and render of a crafted snapshot print no control or bidi character", (t) => {
  const file = hostileSnapshot();
  for (const args of [["diff", file, file], ["diff", "--markdown", file, file], ["render", file, "--out", tempDir(), "--name", "x"]]) {
    const r = memscope(args);
    t.is(r.status, 0, r.stderr);
    t.false(UNSAFE.test(r.stdout + r.stderr), `${args.join(" ")}: ${JSON.stringify(r.stdout.slice(0, 300))}`);
  }
});

test("an error naming a crafted path or name prints no control character", (t) => {
  const r = memscope(["summary", `missing${ESC}[2J.json`]);
  t.is(r.status, 2);
  t.false(UNSAFE.test(r.stderr), JSON.stringify(r.stderr));
  // render takes its default name from the crafted header and refuses it, in one harmless line.
  const refused = memscope(["render", hostileSnapshot(), "--out", tempDir()]);
  t.is(refused.status, 2);
  t.false(UNSAFE.test(refused.stderr), JSON.stringify(refused.stderr));
});

const MARKDOWN_ATTACKS = [
  "![ok](https://evil.example/pixel.png)",
  "[Approve this PR](https://evil.example/)",
  "@octocat @org/team",
  "https://evil.example/x www.evil.example",
  "<img src=x onerror=alert(1)>",
  "**bold** _em_ ~~del~~ `code`",
  "a | b",
];

test("markdown code spans keep links, images, mentions, autolinks and HTML inert", (t) => {
  for (const attack of MARKDOWN_ATTACKS) {
    const cell = markdownCode(attack);
    t.regex(cell, /^`+ ?[^]*? ?`+$/, attack);
    // The span's fence is longer than any backtick run inside, so nothing escapes it.
    const fence = /^`+/.exec(cell)![0];
    t.false(cell.slice(fence.length, -fence.length).includes(fence), attack);
    t.false(/(^|[^\\])\|/.test(cell.slice(fence.length, -fence.length)), `pipes escaped: ${cell}`);
  }
});

test("markdown text cells escape every construct and break mentions and autolinks", (t) => {
  for (const attack of MARKDOWN_ATTACKS) {
    const cell = markdownCell(attack);
    t.false(/(^|[^\\])[[\]()!*_`~|]/.test(cell), `unescaped markup in ${cell}`);
    t.false(/@[A-Za-z]/.test(cell), `mention in ${cell}`);
    t.false(/https?:\/\//.test(cell) || /www\./i.test(cell), `autolink in ${cell}`);
    t.false(/<|>/.test(cell), `HTML in ${cell}`);
  }
  const table = markdownTable([{ header: "site", code: true }, { header: "n", align: "right" }], [["@admin [x](y)", "1"]]);
  t.is(table, "| site | n |\n| --- | ---: |\n| `@admin [x](y)` | 1 |");
});

test("diff --markdown writes names and types from the snapshots as code spans", (t) => {
  const dir = tempDir();
  const base = writeSnapshot(dir, "base.json", makeSnapshot("x", [{ name: "a", bytes: 1, line: 1 }]));
  const head = writeSnapshot(
    dir,
    "head.json",
    makeSnapshot("x", [
      { name: "a", bytes: 1, line: 1 },
      { name: "[Approve](https://evil.example)", type: '"![ok](https://evil.example/p.png) @octocat"', bytes: 100, line: 2 },
    ]),
  );
  const r = memscope(["diff", "--markdown", base, head]);
  t.is(r.status, 0, r.stderr);
  const row = r.stdout.split("\n").find((line) => line.includes("Approve"))!;
  t.truthy(row);
  t.regex(row, /^\| `src\/app\.ts:2 \[Approve\]\(https:\/\/evil\.example\)` \| `"!\[ok\]\(https:\/\/evil\.example\/p\.png\) @octocat"` \|/);
});
