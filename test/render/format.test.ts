import test from "ava";
import { formatBytes, formatDuration, formatPercent } from "../../render/index.js";
import { formatRatio } from "../../render/units.js";

test("formatBytes follows the one documented format (1 KB = 1024 B)", (t) => {
  t.is(formatBytes(0), "0 B");
  t.is(formatBytes(1), "1 B");
  t.is(formatBytes(512), "512 B");
  t.is(formatBytes(1023), "1023 B");
  t.is(formatBytes(1024), "1.0 KB");
  t.is(formatBytes(1229), "1.2 KB");
  t.is(formatBytes(5.4 * 1024 * 1024), "5.4 MB");
  t.is(formatBytes(1.1 * 1024 ** 3), "1.1 GB");
  t.is(formatBytes(2 * 1024 ** 4), "2.0 TB");
});

test("formatBytes carries into the next unit instead of printing 1024.0", (t) => {
  t.is(formatBytes(1024 * 1024 - 1), "1.0 MB");
  t.is(formatBytes(1024 * 1023.97), "1.0 MB");
});

test("formatBytes handles negatives and non-finite input without NaN text", (t) => {
  t.is(formatBytes(-2048), "-2.0 KB");
  t.is(formatBytes(Number.NaN), "n/a");
  t.is(formatBytes(Infinity), "n/a");
});

test("formatDuration and formatPercent say n/a for null", (t) => {
  t.is(formatDuration(null), "n/a");
  t.is(formatDuration(0), "0");
  t.is(formatDuration(0.25), "250 µs");
  t.is(formatDuration(12.34), "12.3 ms");
  t.is(formatDuration(4200), "4.2 s");
  t.is(formatDuration(192_000), "3 min 12 s");
  t.is(formatPercent(null), "n/a");
  t.is(formatPercent(42.456), "42.5%");
});

test("formatRatio trims zeros and groups large values", (t) => {
  t.is(formatRatio(3), "3");
  t.is(formatRatio(2.5), "2.5");
  t.is(formatRatio(4 / 3), "1.33");
  t.is(formatRatio(52631.578), "52,631.6");
  t.is(formatRatio(Number.NaN), "n/a");
});
