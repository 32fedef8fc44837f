/**
 * memscope-ts/otel against the export: the gauges a MeterProvider collects equal the
 * figures the export derives from the same store (per declaration, totals, leak
 * candidates), the series stay bounded and stable, and "(other)" sums the rest.
 * In-process: ava runs each test file in a process of its own.
 */
import test from "ava";
import { MeterProvider, MetricReader, type ResourceMetrics } from "@opentelemetry/sdk-metrics";
import { SITE_SCOPE, SITE_VAR, type SiteTuple } from "../../format/protocol.js";
import type { RawSnapshot } from "../../format/snapshot.js";
import { buildSnapshot } from "../../render/derive/snapshot.js";
import { indexRecordObjects } from "../../render/derive/record-index.js";

process.env.MEMSCOPE_EXPORT_AT_EXIT = "0";
process.env.MEMSCOPE_LEAK_MS = "40";
process.env.MEMSCOPE_SAMPLE_MS = "10";
const rt = await import("../../runtime/index.js");
const { startMetrics, OTHER_VARIABLE } = await import("../../otel/index.js");

class TestReader extends MetricReader {
  protected override async onForceFlush(): Promise<void> {}
  protected override async onShutdown(): Promise<void> {}
}

interface Point {
  value: number;
  attributes: Record<string, unknown>;
}

async function read(reader: TestReader): Promise<Map<string, Point[]>> {
  const { resourceMetrics, errors } = await reader.collect();
  if (errors.length > 0) throw errors[0];
  return pointsByName(resourceMetrics);
}

function pointsByName(resourceMetrics: ResourceMetrics): Map<string, Point[]> {
  const byName = new Map<string, Point[]>();
  for (const scope of resourceMetrics.scopeMetrics) {
    for (const metric of scope.metrics) {
      const points = metric.dataPoints.map((p) => ({ value: p.value as number, attributes: p.attributes as Record<string, unknown> }));
      byName.set(metric.descriptor.name, points);
    }
  }
  return byName;
}

const FILE = "/app/src/sessions.ts";
const SITES: SiteTuple[] = [
  [SITE_SCOPE, "openSession", 10, 1, -1],
  [SITE_VAR, "scratch", "Uint8Array", "collection", "Uint8Array", 12, 11, 0, -1],
  [SITE_VAR, "label", "string", "string", "string", 13, 11, 0, -1],
  [SITE_VAR, "temp", "number[]", "collection", "Array", 14, 11, 0, -1],
  [SITE_VAR, "registry", "Map<string, Uint8Array>", "collection", "Map", 3, 7, -1, -1],
  [SITE_VAR, "held", "Uint8Array", "collection", "Uint8Array", 5, 7, -1, -1],
];
const base = rt.registerFile(FILE, SITES);
const SCRATCH = base + 1;
const LABEL = base + 2;
const TEMP = base + 3;
const REGISTRY = base + 4;
const HELD = base + 5;

const registry = rt.track(new Map<string, Uint8Array>(), REGISTRY, 0);
function openSession(i: number, leak: boolean): void {
  const scope = rt.enter(base);
  try {
    const scratch = rt.track(new Uint8Array(1024 + i), SCRATCH, scope);
    rt.track(`session-${i}`, LABEL, scope);
    rt.track([i, i + 1, i + 2], TEMP, scope);
    if (leak) registry.set(`s${i}`, scratch);
  } finally {
    rt.exit(scope);
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Per declaration (file:line name), live bytes and objects as the export counts them. */
function exportFigures(raw: RawSnapshot): Map<string, { bytes: number; objects: number }> {
  const index = indexRecordObjects(raw.allocations, raw.relations);
  const figures = new Map<string, { bytes: number; objects: number }>();
  raw.allocations.forEach((record, row) => {
    if (index.alive[row] !== 1 || index.shared[row] === 1) return;
    const key = `${record.file}:${record.line} ${record.variable_name}`;
    const entry = figures.get(key) ?? { bytes: 0, objects: 0 };
    entry.bytes += index.objectBytes[row]!;
    entry.objects += 1;
    figures.set(key, entry);
  });
  return figures;
}

test.serial("gauges equal the export's figures per declaration, in total and for leak candidates", async (t) => {
  const reader = new TestReader();
  const provider = new MeterProvider({ readers: [reader] });
  const metrics = startMetrics({ meterProvider: provider, topDeclarations: 10 });
  t.is(startMetrics({ meterProvider: provider }), metrics, "one registration per provider");

  for (let i = 0; i < 60; i++) openSession(i, i % 3 === 0);
  const held = rt.track(new Uint8Array(64 * 1024), HELD, 0);
  // Let the sampler re-measure the growing registry, and the leaked scratches outlive MEMSCOPE_LEAK_MS.
  for (let round = 0; round < 5; round++) {
    for (let i = 0; i < 4; i++) openSession(1000 + round * 10 + i, true);
    await sleep(25);
  }
  await sleep(80);

  // collectRaw settles liveness (full GC) and is what an export writes.
  const raw = rt.collectRaw();
  const points = await read(reader);
  const snapshot = buildSnapshot(raw, { leakThresholdMs: 40 });
  const expected = exportFigures(raw);

  const bytes = points.get("memscope.declaration.live_bytes")!;
  const objects = points.get("memscope.declaration.live_objects")!;
  t.truthy(bytes && objects);
  let declared = 0;
  for (const point of bytes) {
    const attrs = point.attributes;
    if (attrs["memscope.variable"] === OTHER_VARIABLE) continue;
    const key = `${attrs["code.filepath"]}:${attrs["code.lineno"]} ${attrs["memscope.variable"]}`;
    const want = expected.get(key) ?? { bytes: 0, objects: 0 };
    t.is(point.value, want.bytes, `live bytes of ${key}`);
    const objectPoint = objects.find((p) => p.attributes["memscope.variable"] === attrs["memscope.variable"] && p.attributes["code.lineno"] === attrs["code.lineno"]);
    t.is(objectPoint?.value, want.objects, `live objects of ${key}`);
    declared++;
  }
  t.is(declared, 5, "one series per declaration with records (5 < top 10)");
  const scratch = bytes.find((p) => p.attributes["memscope.variable"] === "scratch")!;
  t.deepEqual(scratch.attributes, {
    "code.filepath": FILE,
    "code.lineno": 12,
    "code.column": 11,
    "memscope.variable": "scratch",
    "memscope.type": "Uint8Array",
    "memscope.category": "collection",
  });
  t.true(scratch.value > 40 * 1024, "the leaked scratches are live");
  t.is(bytes.find((p) => p.attributes["memscope.variable"] === "label")!.value, 0, "strings end with their scope");
  t.is(bytes.find((p) => p.attributes["memscope.variable"] === OTHER_VARIABLE)!.value, 0);

  const total = points.get("memscope.tracked.live_bytes")![0]!.value;
  t.is(total, snapshot.summary.active_memory_bytes, "tracked live bytes = the export's active memory");
  t.is(points.get("memscope.tracked.live_objects")![0]!.value, snapshot.summary.active_allocations);
  t.is(points.get("memscope.tracked.records")![0]!.value, raw.allocations.length);
  t.is(points.get("memscope.tracked.folded")![0]!.value + points.get("memscope.tracked.dropped")![0]!.value, raw.dropped_records);

  const candidates = points.get("memscope.leak.candidates")!;
  const byKind = (kind: string) => candidates.find((p) => p.attributes["memscope.leak.kind"] === kind)!.value;
  t.is(byKind("outlived_scope"), snapshot.leaks.filter((l) => l.kind === "outlived_scope").length);
  t.is(byKind("unbounded_growth"), snapshot.leaks.filter((l) => l.kind === "unbounded_growth").length);
  t.true(byKind("outlived_scope") >= 1, "the leaked scratches are an outlived-scope candidate");

  const figures = metrics.lastFigures!;
  t.true(figures.visited > 0 && figures.durationMs >= 0);
  t.true(points.get("memscope.metrics.collection.duration")![0]!.value >= 0);
  void held;
  metrics.shutdown();
  await provider.shutdown();
});

test.serial("bounded cardinality: top N series plus (other), which sums the rest; series stay across collections", async (t) => {
  const reader = new TestReader();
  const provider = new MeterProvider({ readers: [reader] });
  const metrics = startMetrics({ meterProvider: provider, topDeclarations: 2 });
  const first = await read(reader);
  const names = (points: Map<string, Point[]>) => points.get("memscope.declaration.live_bytes")!.map((p) => `${p.attributes["memscope.variable"]}`).sort();
  t.is(first.get("memscope.declaration.live_bytes")!.length, 3, "two declarations and (other)");
  const sum = first.get("memscope.declaration.live_bytes")!.reduce((s, p) => s + p.value, 0);
  t.is(sum, first.get("memscope.tracked.live_bytes")![0]!.value, "the series sum to the total");
  // Nothing changed much: the same series come back.
  for (let i = 0; i < 3; i++) openSession(5000 + i, false);
  const second = await read(reader);
  t.deepEqual(names(second), names(first));
  t.true(metrics.lastFigures!.declarations.length === 2);
  metrics.shutdown();
  await provider.shutdown();
});
