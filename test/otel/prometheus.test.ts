/**
 * End to end with a real Prometheus (Debian's `prometheus`; .ci/install-prometheus.sh):
 * two instrumented web servers (fixtures/web_server/src/serve.ts, built with tspc) run
 * in production mode with MEMSCOPE_METRICS=otel and the Prometheus exporter of
 * @opentelemetry/exporter-prometheus (set up by a preload, as an operator would). One
 * leaks its sessions, the other closes them. Prometheus, started by the test on a
 * loopback port, scrapes both every 250 ms while a bounded load runs; the test then
 * asks Prometheus's HTTP API for the `scratch` declaration's series (src/sessions.ts:28)
 * and finds it growing on the leaking server and flat on the fixed one.
 */
import test from "ava";
import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { request } from "node:http";
import path from "node:path";
import { freePort } from "../../scripts/lib/ports.js";
import { compileProject, repoRoot } from "../../scripts/lib/toolchain.js";

const work = path.join(repoRoot, ".tmp/otel-prometheus");
const buildDir = path.join(work, "build");
const preload = path.join(repoRoot, "dist/scripts/lib/otel-prometheus-preload.js");
const SCRAPE_MS = 250;
const SCRATCH_BYTES = 16 * 1024;

const children: ChildProcess[] = [];

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function httpGet(port: number, pathAndQuery: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const outgoing = request({ host: "127.0.0.1", port, path: pathAndQuery, agent: false, timeout: 5000 }, (response) => {
      const chunks: Buffer[] = [];
      response.on("data", (chunk: Buffer) => chunks.push(chunk));
      response.on("end", () => resolve({ status: response.statusCode ?? 0, body: Buffer.concat(chunks).toString("utf8") }));
      response.on("error", reject);
    });
    outgoing.on("timeout", () => outgoing.destroy(new Error(`GET ${pathAndQuery}: timeout`)));
    outgoing.on("error", reject);
    outgoing.end();
  });
}

async function until<T>(what: string, timeoutMs: number, probe: () => Promise<T | null>): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      const value = await probe();
      if (value !== null) return value;
    } catch {
      // not up yet
    }
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(100);
  }
}

/** Starts serve.js with the metrics preload; resolves with its HTTP port once it listens. */
function startServer(metricsPort: number, fixLeak: boolean): Promise<number> {
  const child = spawn(process.execPath, ["--expose-gc", "--import", preload, path.join(buildDir, "serve.js")], {
    cwd: work,
    env: {
      ...process.env,
      MEMSCOPE_MODE: "production",
      MEMSCOPE_METRICS: "otel",
      MEMSCOPE_OUT: path.join(work, "out"),
      MS_METRICS_PORT: String(metricsPort),
      MS_TEST_GC_MS: "100",
      FIX_LEAK: fixLeak ? "1" : "0",
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  children.push(child);
  let stderr = "";
  child.stderr!.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve, reject) => {
    let stdout = "";
    child.stdout!.on("data", (chunk: Buffer) => {
      stdout += chunk.toString();
      const match = /listening (\d+)/.exec(stdout);
      if (match) resolve(Number(match[1]));
    });
    child.on("exit", (code) => reject(new Error(`server exited (${code}): ${stderr}`)));
  });
}

interface Series {
  metric: Record<string, string>;
  values: Array<[number, string]>;
}

async function promQuery(port: number, query: string): Promise<Series[]> {
  const { status, body } = await httpGet(port, `/api/v1/query?query=${encodeURIComponent(query)}`);
  if (status !== 200) throw new Error(`Prometheus answered ${status}: ${body}`);
  const parsed = JSON.parse(body) as { status: string; data: { resultType: string; result: Series[] } };
  if (parsed.status !== "success") throw new Error(body);
  return parsed.data.result;
}

test.after.always(() => {
  for (const child of children) child.kill("SIGKILL");
});

test("Prometheus scrapes memscope-ts's gauges: the leaking declaration's series grows, the fixed one's stays flat", async (t) => {
  const which = spawnSync("prometheus", ["--version"], { encoding: "utf8" });
  if (which.error) {
    t.fail("the prometheus binary is missing: run .ci/install-prometheus.sh (Debian package `prometheus`)");
    return;
  }
  rmSync(work, { recursive: true, force: true });
  mkdirSync(work, { recursive: true });
  compileProject({ project: path.join(repoRoot, "fixtures/web_server"), instrumented: true, outDir: buildDir });

  const [leakyMetrics, fixedMetrics, promPort] = [await freePort(), await freePort(), await freePort()];
  const [leakyPort, fixedPort] = await Promise.all([startServer(leakyMetrics, false), startServer(fixedMetrics, true)]);

  const config = [
    "global:",
    `  scrape_interval: ${SCRAPE_MS}ms`,
    `  scrape_timeout: ${SCRAPE_MS - 50}ms`,
    "scrape_configs:",
    "  - job_name: leaky",
    "    static_configs:",
    `      - targets: ["127.0.0.1:${leakyMetrics}"]`,
    "  - job_name: fixed",
    "    static_configs:",
    `      - targets: ["127.0.0.1:${fixedMetrics}"]`,
    "",
  ].join("\n");
  writeFileSync(path.join(work, "prometheus.yml"), config);
  const prometheus = spawn(
    "prometheus",
    [`--config.file=${path.join(work, "prometheus.yml")}`, `--storage.tsdb.path=${path.join(work, "tsdb")}`, `--web.listen-address=127.0.0.1:${promPort}`, "--log.level=warn"],
    { cwd: work, stdio: ["ignore", "ignore", "pipe"] },
  );
  children.push(prometheus);
  let promLog = "";
  prometheus.stderr!.on("data", (chunk: Buffer) => (promLog += chunk.toString()));

  await until("Prometheus to be ready", 20_000, async () => ((await httpGet(promPort, "/-/ready")).status === 200 ? true : null)).catch((error: Error) => {
    throw new Error(`${error.message}\n${promLog}`);
  });
  // One request each (a declaration has a series once it has a record), then both series
  // scraped before the load starts.
  await Promise.all([httpGet(leakyPort, "/search?q=tiny&user=first"), httpGet(fixedPort, "/search?q=tiny&user=first")]);
  await until("both targets to be scraped", 20_000, async () => {
    const scratch = await promQuery(promPort, 'memscope_declaration_live_bytes{memscope_variable="scratch"}');
    return scratch.length === 2 ? true : null;
  });

  // Bounded load: 3 s, 8 requests to each server every 50 ms (~480 per server).
  const loadEnd = Date.now() + 3000;
  let sent = 0;
  while (Date.now() < loadEnd) {
    const batch: Array<Promise<unknown>> = [];
    for (let i = 0; i < 8; i++, sent++) {
      const q = `/search?q=kettle&user=user${sent % 25}`;
      batch.push(httpGet(leakyPort, q), httpGet(fixedPort, q));
    }
    await Promise.all(batch);
    await sleep(50);
  }
  // A few more scrapes after the load (and past MEMSCOPE_LEAK_MS for the leak count).
  await sleep(1500);

  const series = await promQuery(promPort, 'memscope_declaration_live_bytes{memscope_variable="scratch"}[60s]');
  const byJob = new Map(series.map((s) => [s.metric.job, s]));
  const leaky = byJob.get("leaky");
  const fixed = byJob.get("fixed");
  t.truthy(leaky && fixed, JSON.stringify(series.map((s) => s.metric)));
  t.is(leaky!.metric.code_filepath, "src/sessions.ts");
  t.is(leaky!.metric.code_lineno, "28");
  t.is(leaky!.metric.memscope_category, "collection");
  const values = (s: Series) => s.values.map(([, v]) => Number(v));
  const leakyValues = values(leaky!);
  const fixedValues = values(fixed!);
  t.true(leakyValues.length >= 8, `a sample per scrape (${leakyValues.length})`);
  t.log(`requests per server: ${sent}; leaky scratch bytes ${leakyValues.join(" ")}; fixed ${fixedValues.join(" ")}`);

  // Growing: every session the leaking server opened is live (hot-site sampling keeps the first 100
  // of a declaration, then 1 in 100: past 100 requests the series grows by the kept ones), never down.
  const leakyLast = leakyValues[leakyValues.length - 1]!;
  const leakyGrowth = leakyLast - leakyValues[0]!;
  t.true(leakyLast >= Math.min(sent + 1, 100) * SCRATCH_BYTES, `leaky series ends at ${leakyLast} B after ${sent + 1} requests`);
  t.true(leakyGrowth >= Math.min(sent, 99) * SCRATCH_BYTES * 0.5, `leaky series grew by ${leakyGrowth} B`);
  for (let i = 1; i < leakyValues.length; i++) t.true(leakyValues[i]! >= leakyValues[i - 1]!, "the leaking series never goes down");
  // Flat: the fixed server's scratches die with their requests; what is live at a scrape is at most the
  // ones answered since the last GC (every 100 ms here). Past the first 100, a kept scratch record
  // stands for the 100 values sampling left out (its weight), so a scrape that catches one alive
  // reads ≈100 scratches: one such scrape is sampling noise, a series that stays up is not.
  const fixedLow = Math.min(...fixedValues);
  const fixedHigh = fixedValues.filter((v) => v - fixedLow > leakyGrowth / 4);
  t.true(fixedHigh.length <= 1, `fixed series moved by more than a quarter of the leak's growth at ${fixedHigh.length} scrapes`);
  t.true(fixedValues[fixedValues.length - 1]! <= 20 * SCRATCH_BYTES, "the fixed series ends near zero");

  const leaks = await promQuery(promPort, 'memscope_leak_candidates{memscope_leak_kind="outlived_scope",job="leaky"}');
  t.true(Number((leaks[0] as unknown as { value: [number, string] }).value[1]) >= 1, "the leaking server reports an outlived-scope declaration");
});
