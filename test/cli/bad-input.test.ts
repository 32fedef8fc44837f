import test from "ava";
import { chmodSync, mkdirSync, readdirSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import { isOneLineError, memscope } from "./helpers/cli.js";
import { makeSnapshot, tempDir, writeSnapshot } from "./helpers/snapshots.js";

/** Every file under dir, relative, so "no partial output" can be checked exactly. */
function listFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => path.relative(dir, path.join(e.parentPath ?? e.path, e.name)))
    .sort();
}

function inputs() {
  const dir = tempDir();
  const valid = makeSnapshot("app", [{ name: "rows", bytes: 64, line: 2 }]);
  const text = JSON.stringify(valid);
  return {
    dir,
    good: writeSnapshot(dir, "good_snapshot.json", valid),
    missing: path.join(dir, "missing_snapshot.json"),
    notJson: writeSnapshot(dir, "notjson_snapshot.json", "<html>not a snapshot</html>\n"),
    truncated: writeSnapshot(dir, "truncated_snapshot.json", text.slice(0, Math.floor(text.length / 2))),
    otherVersion: writeSnapshot(dir, "v99_snapshot.json", {
      ...valid,
      metadata: { ...valid.metadata, format_version: 99 },
    }),
    empty: writeSnapshot(dir, "empty_snapshot.json", ""),
  };
}

const cases: Array<[string, (i: ReturnType<typeof inputs>) => string, RegExp]> = [
  ["a missing file", (i) => i.missing, /missing_snapshot\.json/],
  ["a file that is not JSON", (i) => i.notJson, /notjson_snapshot\.json/],
  ["a truncated file", (i) => i.truncated, /truncated_snapshot\.json/],
  ["another format_version", (i) => i.otherVersion, /format.?version|99/i],
  ["an empty file", (i) => i.empty, /empty_snapshot\.json/],
];

for (const [what, pick, pattern] of cases) {
  for (const command of ["summary", "render", "diff-base", "diff-head"]) {
    test(`${command} on ${what}: one line, exit 2, nothing written`, (t) => {
      const i = inputs();
      const out = path.join(i.dir, "out");
      const bad = pick(i);
      const args =
        command === "summary"
          ? ["summary", bad]
          : command === "render"
            ? ["render", bad, "--out", out]
            : command === "diff-base"
              ? ["diff", bad, i.good]
              : ["diff", i.good, bad];
      const before = listFiles(i.dir);
      const r = memscope(args);
      t.is(r.status, 2);
      t.true(isOneLineError(r.stderr), r.stderr);
      t.regex(r.stderr, pattern);
      t.is(r.stdout, "");
      t.deepEqual(listFiles(i.dir), before, "no file was created");
    });
  }
}

test("render into a directory that cannot be written: exit 2, no partial file", (t) => {
  const i = inputs();
  const blocker = path.join(i.dir, "blocker");
  writeFileSync(blocker, "a file where a directory should be");
  const before = listFiles(i.dir);
  const r = memscope(["render", i.good, "--out", path.join(blocker, "reports")]);
  t.is(r.status, 2);
  t.true(isOneLineError(r.stderr), r.stderr);
  t.regex(r.stderr, /cannot write to output directory .*blocker/);
  t.deepEqual(listFiles(i.dir), before);
});

test("render into a read-only directory: exit 2, nothing written", (t) => {
  const i = inputs();
  const readOnly = path.join(i.dir, "ro");
  mkdirSync(readOnly);
  chmodSync(readOnly, 0o555);
  // root ignores permission bits; the file-as-parent case above covers that user.
  if (process.getuid?.() === 0) {
    t.pass("running as root: permission bits do not apply");
    return;
  }
  const r = memscope(["render", i.good, "--out", readOnly]);
  t.is(r.status, 2);
  t.regex(r.stderr, /permission denied/);
  t.deepEqual(readdirSync(readOnly), []);
});

const usageCases: Array<[string, string[], RegExp]> = [
  ["unknown command", ["frobnicate"], /unknown command 'frobnicate' \(see: memscope --help\)/],
  ["unknown global flag", ["--frob"], /unknown option '--frob'/],
  ["summary unknown flag", ["summary", "x.json", "--frob"], /unknown option '--frob' \(see: memscope summary --help\)/],
  ["diff unknown flag", ["diff", "a", "b", "--fail-on-growt", "1"], /unknown option '--fail-on-growt'/],
  ["render unknown flag", ["render", "x.json", "-z"], /unknown option '-z'/],
  ["run unknown flag", ["run", "--frob", "--", "app.js"], /unknown option '--frob' \(see: memscope run --help\)/],
  ["summary missing argument", ["summary"], /missing argument <snapshot\.json>/],
  ["render missing argument", ["render"], /missing argument <snapshot\.json>/],
  ["diff missing both", ["diff"], /missing argument <base\.json>/],
  ["diff missing head", ["diff", "a.json"], /missing argument <head\.json>/],
  ["diff extra argument", ["diff", "a", "b", "c"], /unexpected argument 'c'/],
  ["run missing script", ["run"], /missing argument <script\.js>/],
  ["run missing script after --", ["run", "--out", "x", "--"], /missing argument <script\.js>/],
  ["diff bad threshold", ["diff", "a", "b", "--fail-on-growth", "ten"], /--fail-on-growth must be a number >= 0, got 'ten'/],
  ["diff negative threshold", ["diff", "a", "b", "--fail-on-growth=-1"], /--fail-on-growth must be a number >= 0/],
  ["diff threshold without value", ["diff", "a", "b", "--fail-on-growth"], /argument missing/],
  ["run bad sample-ms", ["run", "--sample-ms", "0.5", "--", "x.js"], /--sample-ms must be an integer >= 1/],
  ["summary bad top", ["summary", "x.json", "--top", "0"], /--top must be an integer >= 1/],
  ["run missing script file", ["run", "--", "does/not/exist.js"], /script not found: does\/not\/exist\.js/],
];

for (const [what, args, pattern] of usageCases) {
  test(`usage error: ${what}`, (t) => {
    const dir = tempDir();
    const r = memscope(args, { cwd: dir });
    t.is(r.status, 2);
    t.true(isOneLineError(r.stderr), r.stderr);
    t.regex(r.stderr, pattern);
    t.is(r.stdout, "");
    t.deepEqual(readdirSync(dir), [], "no output directory or file was created");
  });
}

test("run into a directory that cannot be written fails before starting the program", (t) => {
  const dir = tempDir();
  const script = path.join(dir, "app.js");
  writeFileSync(script, "require('node:fs').writeFileSync(__dirname + '/ran', 'yes');\n");
  writeFileSync(path.join(dir, "blocker"), "");
  const r = memscope(["run", "--out", path.join(dir, "blocker", "out"), "--", script]);
  t.is(r.status, 2);
  t.true(isOneLineError(r.stderr), r.stderr);
  t.regex(r.stderr, /cannot write to output directory/);
  t.deepEqual(readdirSync(dir).sort(), ["app.js", "blocker"], "the program did not run");
});
