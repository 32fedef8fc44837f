/**
 * memscope-ts/otel: live memory per declaration as OpenTelemetry metrics.
 *
 *   import { startMetrics } from "memscope-ts/otel";
 *   startMetrics({ meterProvider });           // or the global MeterProvider
 *
 * or MEMSCOPE_METRICS=otel in the environment (the global MeterProvider). Observable
 * instruments, all observed by one batch callback, so the store is read once per
 * collection (runtime/metrics-view.ts says what that costs). @opentelemetry/api is an
 * optional peer dependency: only this module imports it, and only a program that asks
 * for metrics loads this module.
 */
import process from "node:process";
import { type Attributes, type MeterProvider, metrics, ValueType } from "@opentelemetry/api";
import { readConfig } from "../runtime/config.js";
import { type Store, sharedStore } from "../runtime/store.js";
import { type MetricsFigures, LiveFigures } from "../runtime/metrics-view.js";

export interface MetricsOptions {
  /** The MeterProvider to register with (default: the global one, `metrics.getMeterProvider()`). */
  meterProvider?: MeterProvider;
  /** Declarations with a series of their own (default MEMSCOPE_METRICS_TOP, 20); the rest are summed in `memscope.variable="(other)"`. */
  topDeclarations?: number;
}

export interface MemscopeMetrics {
  /** The figures of the latest collection (null before the first). */
  readonly lastFigures: MetricsFigures | null;
  /** Stops observing (the instruments stay registered, reporting nothing). */
  shutdown(): void;
}

/** The series of the declarations not reported one by one. */
export const OTHER_VARIABLE = "(other)";
export const METER_NAME = "memscope-ts";

const REGISTRY_KEY = Symbol.for("memscope-ts.otel-registrations");

type Registrations = WeakMap<MeterProvider, MemscopeMetrics>;

function registrations(): Registrations {
  const holder = globalThis as unknown as { [key: symbol]: Registrations | undefined };
  let found = holder[REGISTRY_KEY];
  if (found === undefined) {
    found = new WeakMap();
    Object.defineProperty(globalThis, REGISTRY_KEY, { value: found, configurable: true, enumerable: false, writable: false });
  }
  return found;
}

function theStore(): Store {
  return sharedStore(() => readConfig(process.env, process.argv, process.cwd()));
}

/** The attributes of a declaration's series: OpenTelemetry's code.* attributes and memscope.*. */
function declarationAttributes(store: Store, site: number): Attributes {
  return {
    "code.filepath": store.siteFile[site]!,
    "code.lineno": store.siteLine[site]!,
    "code.column": store.siteColumn[site]!,
    "memscope.variable": store.siteName[site]!,
    "memscope.type": store.siteType[site]!,
    "memscope.category": store.siteCategory[site]!,
  };
}

const OTHER_ATTRIBUTES: Attributes = Object.freeze({ "memscope.variable": OTHER_VARIABLE });
const OUTLIVED: Attributes = Object.freeze({ "memscope.leak.kind": "outlived_scope" });
const GROWTH: Attributes = Object.freeze({ "memscope.leak.kind": "unbounded_growth" });

/**
 * Registers memscope-ts's instruments with a MeterProvider (once per provider: a second
 * call returns the first registration). With MEMSCOPE=off nothing is registered.
 */
export function startMetrics(options: MetricsOptions = {}): MemscopeMetrics {
  const provider = options.meterProvider ?? metrics.getMeterProvider();
  const known = registrations().get(provider);
  if (known !== undefined) return known;
  const store = theStore();
  if (store.config.off) return { lastFigures: null, shutdown: () => undefined };
  const top = Math.max(1, Math.floor(options.topDeclarations ?? store.config.metricsTop));
  const view = new LiveFigures(store, top);
  const meter = provider.getMeter(METER_NAME);
  const gauge = (name: string, unit: string, description: string, valueType = ValueType.INT) =>
    meter.createObservableGauge(name, { unit, description, valueType });
  const counter = (name: string, unit: string, description: string) =>
    meter.createObservableCounter(name, { unit, description, valueType: ValueType.INT });
  const declarationBytes = gauge("memscope.declaration.live_bytes", "By", "Live bytes held by the objects first bound to this declaration (heap estimate + off-heap backing stores), each object once.");
  const declarationObjects = gauge("memscope.declaration.live_objects", "{object}", "Live objects first bound to this declaration.");
  const trackedBytes = gauge("memscope.tracked.live_bytes", "By", "Live bytes of every tracked object, each object once.");
  const trackedObjects = gauge("memscope.tracked.live_objects", "{object}", "Live tracked objects.");
  const records = counter("memscope.tracked.records", "{record}", "Registrations kept as individual records.");
  const folded = counter("memscope.tracked.folded", "{registration}", "Registrations left out by hot-site sampling, counted per declaration.");
  const dropped = counter("memscope.tracked.dropped", "{registration}", "Registrations past MEMSCOPE_MAX_RECORDS, counted per declaration.");
  const candidates = gauge("memscope.leak.candidates", "{declaration}", "Declarations with leak candidates, by kind (outlived_scope, unbounded_growth), as the export would list them.");
  const duration = gauge("memscope.metrics.collection.duration", "s", "Time memscope-ts spent computing these figures in the latest collection.", ValueType.DOUBLE);
  const attributes = new Map<number, Attributes>();
  let lastFigures: MetricsFigures | null = null;
  let stopped = false;
  const callback: Parameters<typeof meter.addBatchObservableCallback>[0] = (result) => {
    if (stopped) return;
    try {
      const figures = view.collect();
      lastFigures = figures;
      for (const declaration of figures.declarations) {
        let attrs = attributes.get(declaration.site);
        if (attrs === undefined) {
          attrs = Object.freeze(declarationAttributes(store, declaration.site));
          attributes.set(declaration.site, attrs);
        }
        result.observe(declarationBytes, declaration.liveBytes, attrs);
        result.observe(declarationObjects, declaration.liveObjects, attrs);
      }
      result.observe(declarationBytes, figures.other.liveBytes, OTHER_ATTRIBUTES);
      result.observe(declarationObjects, figures.other.liveObjects, OTHER_ATTRIBUTES);
      result.observe(trackedBytes, figures.liveBytes);
      result.observe(trackedObjects, figures.liveObjects);
      result.observe(records, figures.records);
      result.observe(folded, figures.sampledOut);
      result.observe(dropped, figures.capped);
      result.observe(candidates, figures.outlivedDeclarations, OUTLIVED);
      result.observe(candidates, figures.growthDeclarations, GROWTH);
      result.observe(duration, figures.durationMs / 1000);
    } catch {
      store.internalErrors++;
    }
  };
  const observables = [declarationBytes, declarationObjects, trackedBytes, trackedObjects, records, folded, dropped, candidates, duration];
  meter.addBatchObservableCallback(callback, observables);
  const handle: MemscopeMetrics = {
    get lastFigures() {
      return lastFigures;
    },
    shutdown() {
      if (stopped) return;
      stopped = true;
      meter.removeBatchObservableCallback(callback, observables);
      registrations().delete(provider);
    },
  };
  registrations().set(provider, handle);
  return handle;
}

/** How long MEMSCOPE_METRICS=otel waits for the program to set a global MeterProvider. */
export const GLOBAL_PROVIDER_WAIT_MS = 60_000;
const GLOBAL_PROVIDER_POLL_MS = 1000;

function isNoopProvider(provider: MeterProvider): boolean {
  return provider.constructor.name === "NoopMeterProvider";
}

/**
 * MEMSCOPE_METRICS=otel (called by the runtime when it starts): registers with the global
 * MeterProvider, once the program has set one — an SDK started in a preload is there
 * already; one set up by the program's main module a moment later is found by checking
 * once a second (unref'd timer) for up to a minute.
 */
export function startMetricsFromEnvironment(): void {
  if (!isNoopProvider(metrics.getMeterProvider())) {
    startMetrics();
    return;
  }
  const started = Date.now();
  const timer = setInterval(() => {
    if (!isNoopProvider(metrics.getMeterProvider())) {
      clearInterval(timer);
      startMetrics();
    } else if (Date.now() - started >= GLOBAL_PROVIDER_WAIT_MS) clearInterval(timer);
  }, GLOBAL_PROVIDER_POLL_MS);
  timer.unref();
}
