/**
 * The runtime's clock: monotonic milliseconds (performance.now()). Called unbound on
 * the performance object: the cheapest monotonic clock Node 20 offers from JS
 * (~0.1 µs; a bound copy or process.hrtime() cost more, measured in
 * scripts/bench/hot-loop.ts notes).
 */
import { performance } from "node:perf_hooks";

const perf = performance;

export function monotonicNow(): number {
  return perf.now();
}
