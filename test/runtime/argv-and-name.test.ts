/** What of the command line reaches the snapshot, and report names that stay inside MEMSCOPE_OUT. */
import test from "ava";
import * as path from "node:path";
import { REDACTED, argvMode, recordedArgv } from "../../runtime/argv.js";
import { readConfig, safeReportName } from "../../runtime/config.js";
import { safeReportName as reportName } from "../../render/write/reports.js";

const argv = [
  "/usr/bin/node",
  "/app/dist/server.js",
  "--port=8080",
  "--password=hunter2",
  "--token",
  "abc",
  "--api-key=k",
  "postgres://admin:s3cret@db.internal:5432/app",
  "ghp_16C7e42F292c6912E7710c838347Ae178B4a",
  "input.csv",
  "-v",
];

test("by default, arguments that look like secrets are redacted and the rest kept", (t) => {
  t.deepEqual(recordedArgv(argv, argvMode(undefined)), [
    "/usr/bin/node",
    "/app/dist/server.js",
    "--port=8080",
    `--password=${REDACTED}`,
    "--token",
    REDACTED,
    `--api-key=${REDACTED}`,
    REDACTED,
    REDACTED,
    "input.csv",
    "-v",
  ]);
});

test("MEMSCOPE_ARGV=1 records the command line as it is, MEMSCOPE_ARGV=0 only the executable and script", (t) => {
  t.deepEqual(recordedArgv(argv, argvMode("1")), argv);
  t.deepEqual(recordedArgv(argv, argvMode("0")), argv.slice(0, 2));
});

test("MEMSCOPE_NAME cannot leave MEMSCOPE_OUT or hide the reports", (t) => {
  for (const hostile of ["/../../x", "../x", "..", ".", ".hidden", "a/b", "a\\b", "x\u0000y", "\u001b]0;title\u0007", ""]) {
    const name = safeReportName(hostile);
    t.false(/[/\\\u0000-\u001f]/.test(name) || name.startsWith(".") || name === "", JSON.stringify(hostile));
    const out = "/tmp/out";
    t.is(path.dirname(path.join(out, `.${name}.1.raw.json`)), out);
  }
  t.is(safeReportName("my-app.v2"), "my-app.v2");
  t.is(safeReportName("my app"), reportName("my app"), "the same rule as the reports' names");
  const config = readConfig({ MEMSCOPE_NAME: "/../../x", MEMSCOPE_OUT: "/tmp/out" }, ["node", "a.js"], "/");
  t.is(config.name, "_.._.._x");
  t.is(config.outDir, "/tmp/out");
});
