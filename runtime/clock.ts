/** The runtime's clocks: monotonic milliseconds since the store was created. */
import { performance } from "node:perf_hooks";

export const monotonicNow: () => number = performance.now.bind(performance);
