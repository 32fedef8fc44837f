/**
 * What one sampler tick and one metrics collection cost, in process, at a size a
 * long-running service reaches: LIVE records alive (module-level arrays, hot-site
 * sampling off so every registration is a record) and WATCHED collections the sampler
 * re-measures (it takes at most 2,000 per tick). Prints `name: value unit`:
 *
 *   sampler_tick_time          mean time of one sampler tick (memory counters, GC events, ≤ 2,000 re-measurements)
 *   metrics_collect_first_time the first collection (visits every record registered so far)
 *   metrics_collect_time       a later collection (visits the records alive at the previous one)
 *   metrics_collect_records    records visited by a later collection
 *
 *   node dist/scripts/bench/collection-cost.js [--live=N]
 */
import process from "node:process";

const live = Number(process.argv.find((a) => a.startsWith("--live="))?.slice(7) ?? 100_000);
process.env.MEMSCOPE_HOT_SITES = "off";
process.env.MEMSCOPE_EXPORT_AT_EXIT = "0";
// The sampler must not tick on its own while this measures it.
process.env.MEMSCOPE_SAMPLE_MS = "3600000";

const rt = await import("../../runtime/index.js");
const { sharedStore } = await import("../../runtime/store.js");
const { readConfig } = await import("../../runtime/config.js");
const { tick } = await import("../../runtime/sampler.js");
const { LiveFigures } = await import("../../runtime/metrics-view.js");

const store = sharedStore(() => readConfig(process.env, process.argv, process.cwd()));
const base = rt.registerFile("bench/collection-cost.ts", [
  [0, "<module>", 1, 1, -1],
  [1, "row", "number[]", "collection", "Array", 2, 7, 0, -1],
  [1, "index", "Map<number, number>", "collection", "Map", 3, 7, 0, -1],
]);
const scope = rt.enter(base);
const kept: unknown[] = [];
for (let i = 0; i < live; i++) kept.push(rt.track([i, i + 1, i + 2, i + 3], base + 1, scope));
const maps: Array<Map<number, number>> = [];
for (let i = 0; i < 5000; i++) maps.push(rt.track(new Map([[i, i]]), base + 2, scope));
// Let the maps change size so re-measuring does work.
for (const map of maps) map.set(-1, -1);

function timeMs(run: () => void, times: number): number {
  const started = performance.now();
  for (let i = 0; i < times; i++) run();
  return (performance.now() - started) / times;
}

const figures = new LiveFigures(store, 20);
const first = timeMs(() => figures.collect(), 1);
timeMs(() => figures.collect(), 3);
const later = timeMs(() => figures.collect(), 20);
const visited = figures.collect().visited;
timeMs(() => tick(store), 3);
const tickMs = timeMs(() => tick(store), 20);

console.log(`collection_cost_live_records: ${store.count} records`);
console.log(`sampler_tick_time: ${tickMs.toFixed(3)} ms`);
console.log(`metrics_collect_first_time: ${first.toFixed(3)} ms`);
console.log(`metrics_collect_time: ${later.toFixed(3)} ms`);
console.log(`metrics_collect_records: ${visited} records`);
void kept;
rt.exit(scope);
