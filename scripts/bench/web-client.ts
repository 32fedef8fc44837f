/**
 * The load generator for the web-server workload: a fixed number of requests from a
 * keep-alive client on 127.0.0.1, a bounded number in flight, a deterministic mix of
 * product listings, searches, order placements and stats reads. Resolves with the
 * duration of the load (first request sent to last response read).
 */
import { Agent, request } from "node:http";

export interface LoadOptions {
  port: number;
  requests: number;
  concurrency: number;
  /** The whole load must finish within this; otherwise the promise rejects. */
  timeoutMs: number;
}

interface PlannedRequest {
  method: "GET" | "POST";
  path: string;
  body?: string;
}

/** The n-th request of the mix (pure, so every run sends the same traffic). */
export function plannedRequest(n: number): PlannedRequest {
  const kind = n % 10;
  if (kind < 4) return { method: "GET", path: `/products?page=${n % 50}` };
  if (kind < 6) return { method: "GET", path: `/products?q=${encodeURIComponent(n % 2 === 0 ? "deluxe" : "product 1")}&page=${n % 5}` };
  if (kind < 9) {
    const lines = Array.from({ length: 1 + (n % 4) }, (_, i) => ({ sku: `SKU-${(n * 31 + i * 17) % 2000}`, quantity: 1 + (i % 3) }));
    return { method: "POST", path: "/orders", body: JSON.stringify({ lines }) };
  }
  return { method: "GET", path: "/stats" };
}

function send(agent: Agent, port: number, planned: PlannedRequest): Promise<number> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string | number> = planned.body
      ? { "content-type": "application/json", "content-length": Buffer.byteLength(planned.body) }
      : {};
    const outgoing = request({ host: "127.0.0.1", port, method: planned.method, path: planned.path, agent, headers }, (response) => {
      response.resume();
      response.on("end", () => resolve(response.statusCode ?? 0));
      response.on("error", reject);
    });
    outgoing.on("error", reject);
    outgoing.end(planned.body);
  });
}

export async function runLoad(options: LoadOptions): Promise<number> {
  const agent = new Agent({ keepAlive: true, maxSockets: options.concurrency });
  const started = process.hrtime.bigint();
  let next = 0;
  let failed = 0;
  const worker = async (): Promise<void> => {
    while (next < options.requests) {
      const status = await send(agent, options.port, plannedRequest(next++));
      if (status < 200 || status >= 300) failed++;
    }
  };
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`load did not finish within ${options.timeoutMs / 1000} s`)), options.timeoutMs);
  });
  try {
    await Promise.race([Promise.all(Array.from({ length: options.concurrency }, worker)), deadline]);
  } finally {
    clearTimeout(timer);
    agent.destroy();
  }
  if (failed > 0) throw new Error(`${failed} of ${options.requests} requests failed`);
  return Number(process.hrtime.bigint() - started) / 1e6;
}

/** Asks the server to stop; it answers, then closes its listener and connections. */
export function requestShutdown(port: number): Promise<number> {
  const agent = new Agent({ keepAlive: false });
  return send(agent, port, { method: "POST", path: "/shutdown" }).finally(() => agent.destroy());
}
