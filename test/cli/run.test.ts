/**
 * `memscope run` against small plain-JS programs: the CLI's own behaviour (env, stdio,
 * exit codes, signals, report discovery) without depending on the transformer. The
 * "instrumented" program here writes the three files itself, as the runtime would.
 */
import test from "ava";
import { existsSync, mkdirSync, readdirSync, utimesSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import { isOneLineError, memscope } from "./helpers/cli.js";
import { makeSnapshot, tempDir } from "./helpers/snapshots.js";

function program(dir: string, source: string, name = "app.cjs"): string {
  const file = path.join(dir, name);
  writeFileSync(file, source);
  return file;
}

test("run passes the MEMSCOPE_* configuration and the program's arguments, inherits stdio", (t) => {
  const dir = tempDir();
  const script = program(
    dir,
    `const e = process.env;
     console.log(JSON.stringify({ out: e.MEMSCOPE_OUT, name: e.MEMSCOPE_NAME, precise: e.MEMSCOPE_PRECISE ?? null,
       sample: e.MEMSCOPE_SAMPLE_MS ?? null, leak: e.MEMSCOPE_LEAK_MS ?? null, export: e.MEMSCOPE_EXPORT ?? null,
       args: process.argv.slice(2) }));
     console.error("to stderr");`,
  );
  const r = memscope(["run", "--out", "reports", "--name", "trial", "--precise", "--sample-ms", "20", "--", script, "--port", "1"], {
    cwd: dir,
    // run reads the reports right after the program exits: a detached export is turned off.
    env: { MEMSCOPE_LEAK_MS: "77", MEMSCOPE_EXPORT: "detached" },
  });
  t.is(r.status, 0);
  t.deepEqual(JSON.parse(r.stdout.split("\n")[0]!), {
    out: path.join(dir, "reports"),
    name: "trial",
    precise: "1",
    sample: "20",
    leak: "77",
    export: "wait",
    args: ["--port", "1"],
  });
  t.true(r.stderr.startsWith("to stderr\n"));
});

test("run without -- hands everything from the script on to the program", (t) => {
  const dir = tempDir();
  const script = program(dir, `console.log(process.argv.slice(2).join(","), process.env.MEMSCOPE_NAME)`);
  const r = memscope(["run", script, "--fix-leak", "--out", "x"], { cwd: dir });
  t.is(r.stdout, "--fix-leak,--out,x app\n");
  t.true(existsSync(path.join(dir, "memscope-out")), "default output directory is ./memscope-out");
});

test("run on a program not built with the transformer says so, and keeps its exit code", (t) => {
  const dir = tempDir();
  const script = program(dir, `console.log("plain"); process.exitCode = 3;`);
  const r = memscope(["run", "--", script], { cwd: dir });
  t.is(r.status, 3);
  t.is(r.stdout, "plain\n");
  t.true(isOneLineError(r.stderr), r.stderr);
  t.regex(r.stderr, /no report was written: .*app\.cjs was not built with the memscope-ts transformer/);
});

test("run with MEMSCOPE=off says tracking was off", (t) => {
  const dir = tempDir();
  const script = program(dir, `console.log("off")`);
  const r = memscope(["run", "--", script], { cwd: dir, env: { MEMSCOPE: "off" } });
  t.is(r.status, 0);
  t.regex(r.stderr, /MEMSCOPE=off is set/);
});

test("run exits with the program's signal", (t) => {
  const dir = tempDir();
  const script = program(dir, `process.kill(process.pid, "SIGTERM"); setTimeout(() => {}, 10000);`);
  const r = memscope(["run", "--", script], { cwd: dir });
  t.is(r.status, null);
  t.is(r.signal, "SIGTERM");
});

test("run forwards SIGTERM to the program", async (t) => {
  const { spawn } = await import("node:child_process");
  const { CLI } = await import("./helpers/cli.js");
  const dir = tempDir();
  const script = program(
    dir,
    `process.on("SIGTERM", () => { console.log("program got SIGTERM"); process.exit(7); });
     console.log("ready"); setTimeout(() => {}, 20000);`,
  );
  const child = spawn(process.execPath, [CLI, "run", "--", script], { cwd: dir, stdio: ["ignore", "pipe", "pipe"] });
  let stdout = "";
  let sent = false;
  child.stdout.on("data", (chunk: Buffer) => {
    stdout += chunk.toString();
    if (!sent && stdout.includes("ready")) {
      sent = true; // once: a second signal after the program ended would end memscope itself
      child.kill("SIGTERM");
    }
  });
  const status = await new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  t.is(status, 7);
  t.regex(stdout, /program got SIGTERM/);
});

test("run lists the four reports the program wrote", (t) => {
  const dir = tempDir();
  const snapshot = JSON.stringify(makeSnapshot("app", [{ name: "rows", bytes: 64, line: 2 }]));
  const script = program(
    dir,
    `const fs = require("node:fs"), p = require("node:path");
     const out = process.env.MEMSCOPE_OUT, n = process.env.MEMSCOPE_NAME;
     fs.writeFileSync(p.join(out, n + "_snapshot.json"), ${JSON.stringify(snapshot)});
     fs.writeFileSync(p.join(out, n + "_memory_analysis.svg"), "<svg/>");
     fs.writeFileSync(p.join(out, n + "_lifecycle_timeline.svg"), "<svg/>");
     fs.writeFileSync(p.join(out, n + "_report.html"), "<!doctype html>");`,
  );
  const r = memscope(["run", "--out", "o", "--", script], { cwd: dir });
  t.is(r.status, 0);
  const out = path.join(dir, "o");
  t.is(
    r.stderr,
    [
      "memscope: reports written",
      `  memory analysis     ${path.join(out, "app_memory_analysis.svg")}`,
      `  lifecycle timeline  ${path.join(out, "app_lifecycle_timeline.svg")}`,
      `  snapshot            ${path.join(out, "app_snapshot.json")}`,
      `  html report         ${path.join(out, "app_report.html")}`,
      "",
    ].join("\n"),
  );
});

test("run flags missing reports and an empty snapshot, and ignores stale files", (t) => {
  const dir = tempDir();
  const out = path.join(dir, "memscope-out");
  const empty = JSON.stringify(makeSnapshot("app", []));
  const script = program(
    dir,
    `const fs = require("node:fs"), p = require("node:path");
     fs.writeFileSync(p.join(process.env.MEMSCOPE_OUT, "app_snapshot.json"), ${JSON.stringify(empty)});`,
  );
  // A stale SVG from an earlier run must not be reported as written by this one.
  mkdirSync(out);
  const stale = path.join(out, "app_memory_analysis.svg");
  writeFileSync(stale, "<svg/>");
  utimesSync(stale, new Date(2000, 0, 1), new Date(2000, 0, 1));
  const r = memscope(["run", "--", script], { cwd: dir });
  t.is(r.status, 0);
  t.regex(r.stderr, /snapshot\s+.*app_snapshot\.json/);
  t.notRegex(r.stderr, /memory analysis\s+\//);
  t.regex(r.stderr, /missing: app_memory_analysis\.svg, app_lifecycle_timeline\.svg, app_report\.html/);
  t.regex(r.stderr, /no tracked binding ran: the program's files declare no binding memscope-ts tracks, so the reports hold no records\n/);
  t.deepEqual(readdirSync(out).sort(), ["app_memory_analysis.svg", "app_snapshot.json"]);
});

test("run on an instrumented program whose runtime wrote nothing says the runtime did not export", (t) => {
  const dir = tempDir();
  // Stands in for an instrumented build whose runtime failed to export.
  const script = program(dir, `// import * as __memscope from "memscope-ts/runtime";\nconsole.log("ran");`);
  const r = memscope(["run", "--", script], { cwd: dir });
  t.is(r.status, 0);
  t.true(isOneLineError(r.stderr), r.stderr);
  t.regex(r.stderr, /no report was written although .*app\.cjs is instrumented: the memscope-ts runtime did not export/);
});

test("run treats an empty MEMSCOPE_OUT or MEMSCOPE_NAME as unset, like the runtime", (t) => {
  const dir = tempDir();
  const script = program(dir, `console.log(process.env.MEMSCOPE_OUT, process.env.MEMSCOPE_NAME)`, "tool.cjs");
  const r = memscope(["run", "--", script], { cwd: dir, env: { MEMSCOPE_OUT: "", MEMSCOPE_NAME: "" } });
  t.is(r.status, 0, r.stderr);
  t.is(r.stdout, `${path.join(dir, "memscope-out")} tool\n`);
});

test("run --precise asks the runtime for precise mode's progress (MEMSCOPE_PROGRESS=1) unless set; plain run does not", (t) => {
  const dir = tempDir();
  const script = program(dir, `console.log(JSON.stringify([process.env.MEMSCOPE_PRECISE ?? null, process.env.MEMSCOPE_PROGRESS ?? null]))`);
  const env = { MEMSCOPE_PROGRESS: undefined, MEMSCOPE_PRECISE: undefined };
  const precise = memscope(["run", "--precise", "--", script], { cwd: dir, env });
  t.is(precise.stdout, '["1","1"]\n');
  const plain = memscope(["run", "--", script], { cwd: dir, env });
  t.is(plain.stdout, "[null,null]\n");
  const hidden = memscope(["run", "--precise", "--", script], { cwd: dir, env: { ...env, MEMSCOPE_PROGRESS: "0" } });
  t.is(hidden.stdout, '["1","0"]\n');
});

test("run names the real cause when the runtime's export failed (the runtime's status line), not 'did not export'", (t) => {
  const dir = tempDir();
  // Stands in for the runtime: its exit export failed and said why in the status file.
  const script = program(
    dir,
    `// memscope-ts/runtime
     require("fs").writeFileSync(process.env.MEMSCOPE_EXPORT_STATUS, "export failed while rendering the reports: the export child was killed by SIGKILL, perhaps by the kernel for lack of memory; no report written\\n");`,
  );
  const r = memscope(["run", "--", script], { cwd: dir });
  t.is(r.status, 0);
  t.is(
    r.stderr,
    "memscope: no report was written: export failed while rendering the reports: the export child was killed by SIGKILL, perhaps by the kernel for lack of memory; no report written\n",
  );
});

test("run says an instrumented program killed by a signal before its export was cut short by it", (t) => {
  const dir = tempDir();
  const script = program(dir, `// memscope-ts/runtime\nprocess.kill(process.pid, "SIGTERM"); setTimeout(() => {}, 5000);`);
  const r = memscope(["run", "--", script], { cwd: dir });
  t.is(r.signal, "SIGTERM");
  t.regex(r.stderr, /^memscope: no report was written: .*app\.cjs was killed by SIGTERM before it could export/);
  t.true(isOneLineError(r.stderr), r.stderr);
});
