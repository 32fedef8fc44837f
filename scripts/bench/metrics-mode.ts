/**
 * The cost of the metrics mode (MEMSCOPE_METRICS=otel) on the web server workload: the
 * instrumented fixtures/web_server service (serve.ts, production mode) under the same
 * keep-alive load, without and with metrics exported to a Prometheus endpoint that this
 * process scrapes every SCRAPE_MS (60× more often than Prometheus's default 15 s, so the
 * per-collection cost shows). Rounds alternate the two. Prints `name: value unit`:
 *
 *   metrics_mode_work_ratio       load duration with metrics ÷ without (median of rounds)
 *   metrics_mode_cpu_ratio        the server's CPU time during the load, with metrics ÷ without (median; Linux /proc)
 *   metrics_mode_sdk_only_cpu_ratio  the same with the SDK and exporter loaded and scraped but no memscope instruments:
 *                                 what the OpenTelemetry side costs by itself
 *   metrics_mode_collection_mean  memscope-ts's time per collection (its own gauge), ms
 *   metrics_mode_collection_max
 *   metrics_mode_scrapes          scrapes during the measured loads
 *
 *   node dist/scripts/bench/metrics-mode.js [--requests=N] [--rounds=N] [--quick]
 */
import { spawn } from "node:child_process";
import { mkdirSync, readFileSync, rmSync } from "node:fs";
import { request } from "node:http";
import path from "node:path";
import { freePort } from "../lib/ports.js";
import { compileProject, repoRoot } from "../lib/toolchain.js";
import { runLoad } from "./web-client.js";

const SCRAPE_MS = 250;
const preload = path.join(repoRoot, "dist/scripts/lib/otel-prometheus-preload.js");

function option(name: string, fallback: number): number {
  const arg = process.argv.find((a) => a.startsWith(`--${name}=`));
  const value = arg ? Number(arg.slice(name.length + 3)) : fallback;
  return Number.isInteger(value) && value > 0 ? value : fallback;
}

function scrape(port: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const outgoing = request({ host: "127.0.0.1", port, path: "/metrics", agent: false }, (response) => {
      let body = "";
      response.setEncoding("utf8");
      response.on("data", (chunk: string) => (body += chunk));
      response.on("end", () => resolve(body));
      response.on("error", reject);
    });
    outgoing.on("error", reject);
    outgoing.end();
  });
}

interface Round {
  workMs: number;
  /**
   * The server's CPU time (user + system) during the load, from /proc (Linux): less
   * disturbed by other load on the machine than wall time, and without the start-up
   * (loading the OpenTelemetry SDK is a fixed ~0.1–0.3 s that a long-running service pays once).
   */
  cpuMs: number | null;
  collectionsMs: number[];
}

/** utime + stime of a process in ms (/proc/PID/stat, clock ticks of 10 ms), or null off Linux. */
function cpuTimeMs(pid: number): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return null;
  }
}

/** none: production mode only; sdk: plus the OpenTelemetry SDK and exporter, scraped, without memscope's instruments; metrics: MEMSCOPE_METRICS=otel too. */
type Variant = "none" | "sdk" | "metrics";

async function round(build: string, requests: number, variant: Variant): Promise<Round> {
  const metricsPort = await freePort();
  const metrics = variant !== "none";
  const env: NodeJS.ProcessEnv = { ...process.env, MEMSCOPE_MODE: "production", MEMSCOPE_OUT: path.join(build, "out") };
  delete env["MEMSCOPE_METRICS"];
  const nodeArgs: string[] = [];
  if (metrics) {
    Object.assign(env, { MS_METRICS_PORT: String(metricsPort) });
    if (variant === "metrics") env["MEMSCOPE_METRICS"] = "otel";
    nodeArgs.push("--import", preload);
  }
  const child = spawn(process.execPath, [...nodeArgs, path.join(build, "serve.js")], { env, stdio: ["ignore", "pipe", "inherit"] });
  try {
    const port = await new Promise<number>((resolve, reject) => {
      let seen = "";
      child.stdout!.on("data", (chunk: Buffer) => {
        seen += chunk.toString();
        const match = /listening (\d+)/.exec(seen);
        if (match) resolve(Number(match[1]));
      });
      child.on("exit", (code) => reject(new Error(`serve.js exited (${code})`)));
    });
    const collectionsMs: number[] = [];
    let loading = true;
    const scraper = (async () => {
      while (metrics && loading) {
        const text = await scrape(metricsPort).catch(() => "");
        const match = /^memscope_metrics_collection_duration(?:_seconds)?\{[^}]*\} (\S+)$/m.exec(text);
        if (match) collectionsMs.push(Number(match[1]) * 1000);
        await new Promise((resolve) => setTimeout(resolve, SCRAPE_MS));
      }
    })();
    const cpuBefore = cpuTimeMs(child.pid!);
    const workMs = await runLoad({ port, requests, concurrency: 8, timeoutMs: 600_000 });
    const cpuAfter = cpuTimeMs(child.pid!);
    loading = false;
    await scraper;
    return { workMs, cpuMs: cpuBefore === null || cpuAfter === null ? null : cpuAfter - cpuBefore, collectionsMs };
  } finally {
    child.kill("SIGKILL");
  }
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

const FIGURES = ["metrics_mode_work_ratio", "metrics_mode_cpu_ratio", "metrics_mode_sdk_only_cpu_ratio", "metrics_mode_collection_mean", "metrics_mode_collection_max", "metrics_mode_scrapes"];

async function main(): Promise<void> {
  if (process.argv.includes("--quick")) {
    // A quick run has no time for a tspc build and nine server runs; the figures need many requests anyway.
    for (const name of FIGURES) console.log(`${name}: n/a (measured in full runs only: it builds the web server and serves it nine times)`);
    return;
  }
  const requests = option("requests", 20_000);
  const rounds = option("rounds", 3);
  const build = path.join(repoRoot, ".tmp/bench-metrics-mode");
  rmSync(build, { recursive: true, force: true });
  mkdirSync(build, { recursive: true });
  compileProject({ project: path.join(repoRoot, "fixtures/web_server"), instrumented: true, outDir: build });
  const ratios: number[] = [];
  const cpuRatios: number[] = [];
  const sdkCpuRatios: number[] = [];
  const collections: number[] = [];
  for (let i = 0; i < rounds; i++) {
    const without = await round(build, requests, "none");
    const sdkOnly = await round(build, requests, "sdk");
    const withMetrics = await round(build, requests, "metrics");
    if (sdkOnly.cpuMs !== null && without.cpuMs !== null && without.cpuMs > 0) sdkCpuRatios.push(sdkOnly.cpuMs / without.cpuMs);
    ratios.push(withMetrics.workMs / without.workMs);
    if (withMetrics.cpuMs !== null && without.cpuMs !== null && without.cpuMs > 0) cpuRatios.push(withMetrics.cpuMs / without.cpuMs);
    collections.push(...withMetrics.collectionsMs);
    process.stderr.write(`metrics-mode: round ${i + 1}: ${without.workMs.toFixed(0)} ms without, ${withMetrics.workMs.toFixed(0)} ms with metrics (server CPU ${without.cpuMs} / SDK only ${sdkOnly.cpuMs} / ${withMetrics.cpuMs} ms)\n`);
  }
  const mean = collections.reduce((s, v) => s + v, 0) / Math.max(1, collections.length);
  console.log(`metrics_mode_requests: ${requests} requests`);
  console.log(`metrics_mode_work_ratio: ${median(ratios).toFixed(3)} x`);
  console.log(`metrics_mode_cpu_ratio: ${cpuRatios.length > 0 ? median(cpuRatios).toFixed(3) : "n/a"} x`);
  console.log(`metrics_mode_sdk_only_cpu_ratio: ${sdkCpuRatios.length > 0 ? median(sdkCpuRatios).toFixed(3) : "n/a"} x`);
  console.log(`metrics_mode_collection_mean: ${collections.length > 0 ? mean.toFixed(3) : "n/a"} ms`);
  console.log(`metrics_mode_collection_max: ${collections.length > 0 ? Math.max(...collections).toFixed(3) : "n/a"} ms`);
  console.log(`metrics_mode_scrapes: ${collections.length} scrapes`);
  rmSync(build, { recursive: true, force: true });
}

main().catch((error: unknown) => {
  process.stderr.write(`metrics-mode: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
