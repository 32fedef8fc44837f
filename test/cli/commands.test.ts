import test from "ava";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import * as path from "node:path";
import { CLI, memscope } from "./helpers/cli.js";
import { makeSnapshot, tempDir, writeSnapshot } from "./helpers/snapshots.js";

const version = (JSON.parse(readFileSync(path.join(path.dirname(CLI), "../../package.json"), "utf8")) as {
  version: string;
}).version;

for (const args of [[], ["--help"], ["-h"], ["help"]]) {
  test(`memscope ${args.join(" ") || "(no arguments)"} prints the command list`, (t) => {
    const r = memscope(args);
    t.is(r.status, 0);
    for (const command of ["run", "render", "summary", "diff"]) t.regex(r.stdout, new RegExp(`^  ${command}\\s`, "m"));
  });
}

for (const command of ["run", "render", "summary", "diff"]) {
  test(`memscope ${command} --help and --version`, (t) => {
    const help = memscope([command, "--help"]);
    t.is(help.status, 0);
    t.regex(help.stdout, new RegExp(`^Usage: memscope ${command} `));
    const v = memscope([command, "--version"]);
    t.is(v.status, 0);
    t.is(v.stdout, `${version}\n`);
  });
}

test("memscope --version prints package.json's version", (t) => {
  const r = memscope(["--version"]);
  t.is(r.status, 0);
  t.is(r.stdout, `${version}\n`);
});

const growthPair = () => {
  const dir = tempDir();
  const base = writeSnapshot(
    dir,
    "base_snapshot.json",
    makeSnapshot("base", [
      { name: "config", type: "Config", category: "box", subcategory: "object", bytes: 1000, line: 3 },
      { name: "sessions", type: "Map<string, Session>", subcategory: "Map", bytes: 1000, line: 12 },
    ]),
  );
  const head = writeSnapshot(
    dir,
    "head_snapshot.json",
    makeSnapshot(
      "head",
      [
        { name: "config", type: "Config", category: "box", subcategory: "object", bytes: 1000, line: 3 },
        { name: "sessions", type: "Map<string, Session>", subcategory: "Map", bytes: 1200, line: 12 },
      ],
      [{ variable_name: "sessions", line: 12, bytes: 1200, type_name: "Map<string, Session>" }],
    ),
  );
  return { dir, base, head };
};

test("diff prints sites by growth and exits 0 without a gate", (t) => {
  const { base, head } = growthPair();
  const r = memscope(["diff", base, head]);
  t.is(r.status, 0, r.stderr);
  t.regex(r.stdout, /Live tracked bytes: 2\.0 KB → 2\.1 KB \(\+200 B, \+10\.0%\)/);
  t.regex(r.stdout, /new leak candidates: 1/);
  t.regex(r.stdout, /src\/app\.ts:12 sessions\s+Map<string, Session>\s+1000 B\s+1\.2 KB\s+\+200 B\s+\+20\.0%\s+1 → 1\s+1/);
  t.is(r.stderr, "");
});

test("diff --fail-on-growth: exit 1 above the threshold, 0 at or below it", (t) => {
  const { base, head } = growthPair();
  const fail = memscope(["diff", base, head, "--fail-on-growth", "5"]);
  t.is(fail.status, 1);
  t.regex(fail.stdout, /Gate: growth \+10\.0% vs --fail-on-growth 5%: FAIL/);
  t.is(fail.stderr, "memscope: live tracked bytes grew +10.0%, more than --fail-on-growth 5%\n");
  const pass = memscope(["diff", base, head, "--fail-on-growth=10"]);
  t.is(pass.status, 0, "growth equal to the threshold passes");
  t.regex(pass.stdout, /: pass$/m);
});

test("diff --html writes the head's report with the Diff view, its rows and gate as the command prints them", (t) => {
  const { base, head } = growthPair();
  const out = path.join(tempDir(), "html");
  const r = memscope(["diff", base, head, "--html", "--out", out, "--fail-on-growth", "5"]);
  t.is(r.status, 1, "the gate still decides the exit status");
  const file = /^memscope: wrote (.+_diff_report\.html)$/m.exec(r.stderr)?.[1] ?? "";
  t.is(path.dirname(file), out, r.stderr);
  const html = readFileSync(file, "utf8");
  const model = JSON.parse(/id="memscope-data">([\s\S]*?)<\/script>/.exec(html)![1]!) as { strings: string[]; diff: { growth: string; gate: { failed: boolean }; sites: Array<{ label: number; growth: string; change: string }> } };
  t.is(model.diff.growth, "+10.0%");
  t.true(model.diff.gate.failed);
  const sessions = model.diff.sites.find((row) => model.strings[row.label] === "src/app.ts:12 sessions")!;
  t.deepEqual([sessions.change, sessions.growth], ["+200 B", "+20.0%"]);
  t.is(memscope(["diff", base, head, "--out", out]).status, 2, "--out without --html is a usage error");
});

test("render --html adds the HTML report", (t) => {
  const dir = tempDir();
  const file = writeSnapshot(dir, "app_snapshot.json", makeSnapshot("app", [{ name: "rows", bytes: 64, line: 2 }]));
  const r = memscope(["render", file, "--html"]);
  t.is(r.status, 0, r.stderr);
  t.true(r.stdout.includes(`html report         ${path.join(dir, "app_report.html")}`));
  t.regex(readFileSync(path.join(dir, "app_report.html"), "utf8"), /^<!doctype html>/);
});

test("diff --markdown prints Markdown tables for a CI comment", (t) => {
  const { base, head } = growthPair();
  const r = memscope(["diff", "--markdown", base, head]);
  t.is(r.status, 0);
  t.regex(r.stdout, /^### memscope diff: /);
  t.regex(r.stdout, /\| site \| type \| base live \| head live \| change \| % \| records \| new leaks \|/);
  t.regex(r.stdout, /\| `src\/app\.ts:12 sessions` \| `Map<string, Session>` \|/);
});

test("summary prints the eight metrics and tables", (t) => {
  const dir = tempDir();
  const file = writeSnapshot(
    dir,
    "app_snapshot.json",
    makeSnapshot("app", [
      { name: "rows", bytes: 2048, line: 5 },
      { name: "label", type: "string", category: "string", subcategory: "string", bytes: 40, line: 6 },
    ]),
  );
  const r = memscope(["summary", file, "--top", "1"]);
  t.is(r.status, 0, r.stderr);
  t.regex(r.stdout, /^memscope summary: app \(/);
  t.regex(r.stdout, /Active memory\s+2\.0 KB/);
  // The same text as the analysis card (formatRatio: "1", not "1.00").
  t.regex(r.stdout, /Allocation density\s+1 records per site/);
  t.regex(r.stdout, /Top variables \(largest object per declaration, of 2 declarations with records\)\n.*\n.*\n\s+rows\s/);
  t.notRegex(r.stdout, /^\s+label\s/m, "--top 1 keeps one row per table");
});

test("render writes both SVGs and a snapshot copy into --out", (t) => {
  const dir = tempDir();
  const file = writeSnapshot(dir, "app_snapshot.json", makeSnapshot("app", [{ name: "rows", bytes: 64, line: 2 }]));
  const out = path.join(dir, "reports", "nested");
  const r = memscope(["render", file, "--out", out]);
  t.is(r.status, 0, r.stderr);
  t.deepEqual(readdirSync(out).sort(), ["app_lifecycle_timeline.svg", "app_memory_analysis.svg", "app_snapshot.json"]);
  t.regex(readFileSync(path.join(out, "app_memory_analysis.svg"), "utf8"), /<svg/);
  t.true(r.stdout.includes(path.join(out, "app_memory_analysis.svg")));
});

test("render beside the input re-renders the SVGs only", (t) => {
  const dir = tempDir();
  const file = writeSnapshot(dir, "app_snapshot.json", makeSnapshot("app", [{ name: "rows", bytes: 64, line: 2 }]));
  const before = readFileSync(file, "utf8");
  const r = memscope(["render", file]);
  t.is(r.status, 0, r.stderr);
  t.true(existsSync(path.join(dir, "app_memory_analysis.svg")));
  t.true(existsSync(path.join(dir, "app_lifecycle_timeline.svg")));
  t.is(readFileSync(file, "utf8"), before, "the input snapshot is left as it was");
  t.false(r.stdout.includes("snapshot "));
});

test("render --name renames the reports", (t) => {
  const dir = tempDir();
  const file = writeSnapshot(dir, "app_snapshot.json", makeSnapshot("app", [{ name: "rows", bytes: 64, line: 2 }]));
  const r = memscope(["render", file, "--name", "v2"]);
  t.is(r.status, 0, r.stderr);
  t.true(existsSync(path.join(dir, "v2_memory_analysis.svg")));
  t.true(existsSync(path.join(dir, "v2_snapshot.json")));
});

test("summary reads a pretty-printed snapshot (as `jq . file` writes it)", (t) => {
  const dir = tempDir();
  const pretty = JSON.stringify(makeSnapshot("app", [{ name: "rows", bytes: 2048, line: 5 }]), null, 2);
  const file = writeSnapshot(dir, "app_snapshot.json", pretty);
  const r = memscope(["summary", file]);
  t.is(r.status, 0, r.stderr);
  t.regex(r.stdout, /Active memory\s+2\.0 KB/);
});
