/**
 * @opentelemetry/api is an optional peer dependency: the runtime bundle holds none of it,
 * a program that does not ask for metrics never loads it, and one that asks without it
 * installed gets one line on stderr and otherwise runs as before.
 */
import test from "ava";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const dist = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const bundle = path.join(dist, "runtime/index.bundle.js");

test("the runtime bundle holds no OpenTelemetry code; it loads memscope-ts/otel by path, only when asked", (t) => {
  const text = fs.readFileSync(bundle, "utf8");
  // (its one mention is the message for a program that asks for metrics without the package)
  t.false(text.includes("node_modules/@opentelemetry"), "no OpenTelemetry module bundled");
  t.false(/(from\s*|require\(|import\()["']@opentelemetry/.test(text), "no import of OpenTelemetry");
  t.false(/createObservableGauge/.test(text));
  t.true(text.includes('new URL("../otel/index.js", import.meta.url)'));
});

/** dist/runtime and dist/otel in a directory where @opentelemetry/api cannot be resolved. */
function isolatedCopy(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "memscope-otel-peer-"));
  for (const sub of ["runtime", "otel"]) fs.cpSync(path.join(dist, sub), path.join(dir, sub), { recursive: true, filter: (p) => !p.endsWith(".map") });
  fs.writeFileSync(path.join(dir, "package.json"), JSON.stringify({ name: "isolated", version: "0.0.0", type: "module" }));
  const runtimeUrl = pathToFileURL(path.join(dir, "runtime/index.bundle.js")).href;
  fs.writeFileSync(
    path.join(dir, "app.js"),
    `import * as rt from ${JSON.stringify(runtimeUrl)};\nconst list = rt.trackVar([1, 2, 3], "list");\nsetTimeout(() => console.log("sum", list.reduce((a, b) => a + b, 0)), 100);\n`,
  );
  return dir;
}

function run(dir: string, env: Record<string, string>) {
  return spawnSync(process.execPath, [path.join(dir, "app.js")], {
    cwd: dir,
    encoding: "utf8",
    env: { ...process.env, MEMSCOPE_EXPORT_AT_EXIT: "0", ...env },
    timeout: 30_000,
  });
}

test("without MEMSCOPE_METRICS nothing is loaded; with it and no @opentelemetry/api: one line, the program unchanged", (t) => {
  const dir = isolatedCopy();
  const quiet = run(dir, {});
  t.is(quiet.status, 0, quiet.stderr);
  t.is(quiet.stdout, "sum 6\n");
  t.is(quiet.stderr, "", "memscope-ts/otel (and with it @opentelemetry/api) was not loaded");
  const asked = run(dir, { MEMSCOPE_METRICS: "otel" });
  t.is(asked.status, 0, asked.stderr);
  t.is(asked.stdout, "sum 6\n");
  const lines = asked.stderr.split("\n").filter(Boolean);
  t.is(lines.length, 1, asked.stderr);
  t.regex(lines[0]!, /^memscope: MEMSCOPE_METRICS=otel needs @opentelemetry\/api \(npm install @opentelemetry\/api\): /);
  fs.rmSync(dir, { recursive: true, force: true });
});
