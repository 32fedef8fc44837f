/**
 * Preload (`node --import`) for the Prometheus end-to-end test and the metrics bench: what an operator's
 * OpenTelemetry setup does before the service starts — a global MeterProvider with the
 * Prometheus exporter on 127.0.0.1:MS_METRICS_PORT. With MS_TEST_GC_MS it also runs a
 * full GC that often (needs --expose-gc): a service under real traffic sees major GCs
 * all the time, a test server idling at a few MB would not within the test's seconds,
 * and the live figures, like any liveness, change only when V8 collects.
 */
import { metrics } from "@opentelemetry/api";
import { PrometheusExporter } from "@opentelemetry/exporter-prometheus";
import { MeterProvider } from "@opentelemetry/sdk-metrics";

const exporter = new PrometheusExporter({ host: "127.0.0.1", port: Number(process.env.MS_METRICS_PORT) });
metrics.setGlobalMeterProvider(new MeterProvider({ readers: [exporter] }));

const gcEvery = Number(process.env.MS_TEST_GC_MS ?? 0);
const gc = (globalThis as { gc?: () => void }).gc;
if (gcEvery > 0 && typeof gc === "function") setInterval(gc, gcEvery).unref();
