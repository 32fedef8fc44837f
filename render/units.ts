/**
 * Human-readable formatting shared by every report. One byte formatter for the whole
 * project so a size reads the same in the JSON summary, both SVGs and the CLI.
 */

const BYTE_UNITS = ["B", "KB", "MB", "GB", "TB", "PB"] as const;

/** "0 B", "512 B", "1.2 KB", "5.4 MB", "1.1 GB" (1 KB = 1024 B, one decimal above bytes). */
export function formatBytes(bytes: number): string {
  if (!Number.isFinite(bytes)) return "n/a";
  const sign = bytes < 0 ? "-" : "";
  let value = Math.abs(bytes);
  if (value < 1024) return `${sign}${Math.round(value)} B`;
  let unit = 0;
  while (value >= 1024 && unit < BYTE_UNITS.length - 1) {
    value /= 1024;
    unit++;
  }
  // 1023.96 KB would print as "1024.0 KB": carry into the next unit instead.
  if (Number(value.toFixed(1)) >= 1024 && unit < BYTE_UNITS.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${sign}${value.toFixed(1)} ${BYTE_UNITS[unit]}`;
}

/** Milliseconds as "850 µs", "12.3 ms", "4.20 s", "3 min 12 s". */
export function formatDuration(ms: number | null): string {
  if (ms === null || !Number.isFinite(ms)) return "n/a";
  const abs = Math.abs(ms);
  if (ms === 0) return "0";
  if (abs < 1) return `${Math.round(ms * 1000)} µs`;
  if (abs < 1000) return `${trimFixed(ms, abs < 10 ? 2 : 1)} ms`;
  if (abs < 60_000) return `${trimFixed(ms / 1000, 2)} s`;
  const minutes = Math.floor(abs / 60_000);
  const seconds = Math.round((abs - minutes * 60_000) / 1000);
  return `${ms < 0 ? "-" : ""}${minutes} min ${seconds} s`;
}

/** A percentage with one decimal: "42.5%"; "n/a" for null. */
export function formatPercent(percent: number | null): string {
  if (percent === null || !Number.isFinite(percent)) return "n/a";
  return `${percent.toFixed(1)}%`;
}

/** An integer with thousands separators: "1,000,000". */
export function formatCount(count: number): string {
  if (!Number.isFinite(count)) return "n/a";
  return formatEnUs(Math.round(count));
}

/**
 * Exactly `value.toLocaleString("en-US")`. Integers (every count and byte figure) are
 * grouped here, because the first toLocaleString call in a process initialises ICU's
 * number formatting, ~15 ms of the export at exit; anything else goes to ICU.
 */
export function formatEnUs(value: number): string {
  if (!Number.isSafeInteger(value) || Object.is(value, -0)) return value.toLocaleString("en-US");
  const digits = String(Math.abs(value));
  let end = digits.length % 3 || 3;
  let grouped = digits.slice(0, end);
  for (; end < digits.length; end += 3) grouped += `,${digits.slice(end, end + 3)}`;
  return value < 0 ? `-${grouped}` : grouped;
}

/** A ratio with up to two decimals, trailing zeros dropped: "3", "2.5", "1.33"; "52,631.6" when large. */
export function formatRatio(value: number): string {
  if (!Number.isFinite(value)) return "n/a";
  if (Math.abs(value) >= 1000) return formatOneDecimalEnUs(value);
  return trimFixed(value, 2);
}

/**
 * Exactly `value.toLocaleString("en-US", { maximumFractionDigits: 1 })` without ICU (see
 * formatEnUs). ICU rounds the shortest decimal that round-trips to the double (what
 * String() prints), half away from zero: so does this, on that string's digits.
 */
function formatOneDecimalEnUs(value: number): string {
  const magnitude = Math.abs(value);
  if (magnitude >= Number.MAX_SAFE_INTEGER) return value.toLocaleString("en-US", { maximumFractionDigits: 1 });
  const [whole, fraction = ""] = String(magnitude).split(".") as [string, string?];
  const roundUp = fraction.length > 1 && fraction[1]! >= "5";
  const tenths = BigInt(whole) * 10n + BigInt(fraction[0] ?? "0") + (roundUp ? 1n : 0n);
  const grouped = formatEnUs(Number(tenths / 10n));
  const digit = tenths % 10n;
  const text = digit === 0n ? grouped : `${grouped}.${digit}`;
  return value < 0 ? `-${text}` : text;
}

function trimFixed(value: number, digits: number): string {
  return value.toFixed(digits).replace(/\.?0+$/, "");
}

/** Longest type text a table shows; the JSON and tooltips keep the whole text. */
export const TABLE_TYPE_CHARS = 80;

/** `text` cut to `max` characters with a closing "…" (type text in tables: `TABLE_TYPE_CHARS`). */
export function shortText(text: string, max: number = TABLE_TYPE_CHARS): string {
  const chars = [...text];
  return chars.length <= max ? text : `${chars.slice(0, Math.max(1, max - 1)).join("")}…`;
}
