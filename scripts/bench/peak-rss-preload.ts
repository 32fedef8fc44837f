/**
 * Fallback peak-memory probe when GNU time is not installed: loaded with
 * `node --import`, it writes the process's maximum resident set size in KB
 * (process.resourceUsage().maxRSS: every thread of the process, worker pools included)
 * to $BENCH_PEAK_OUT when the process exits.
 */
import { writeFileSync } from "node:fs";

const outPath = process.env.BENCH_PEAK_OUT;
process.on("exit", () => {
  if (outPath) writeFileSync(outPath, `${process.resourceUsage().maxRSS}\n`);
});
