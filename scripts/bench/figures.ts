/**
 * The bench's one output format: one line per figure, `name: value unit`, or
 * `name: n/a (reason)` when it was not measured, followed by the target
 * and whether it was met where there is one. Pure functions only.
 */

export interface Target {
  /** The figure must be at most this value. */
  max: number;
}

export interface Figure {
  name: string;
  unit: string;
  /** Measured value, or null when not measured (then `reason` says why). */
  value: number | null;
  reason?: string;
  target?: Target;
  /** Digits after the decimal point when printed. */
  digits?: number;
}

export type Verdict = "met" | "missed" | "not measured";

export function measured(name: string, value: number, unit: string, extra: Partial<Figure> = {}): Figure {
  return { ...extra, name, value, unit };
}

export function notMeasured(name: string, unit: string, reason: string, extra: Partial<Figure> = {}): Figure {
  return { ...extra, name, unit, value: null, reason };
}

export function verdict(figure: Figure): Verdict | null {
  if (!figure.target) return null;
  if (figure.value === null || !Number.isFinite(figure.value)) return "not measured";
  return figure.value <= figure.target.max ? "met" : "missed";
}

function formatNumber(value: number, digits: number): string {
  return value.toFixed(digits);
}

/** Reasons are single-line and never contain the closing bracket of the target part. */
function oneLine(reason: string): string {
  return reason.replace(/\s+/g, " ").replace(/[()[\]]/g, "").trim() || "no reason given";
}

export function formatFigure(figure: Figure): string {
  const value =
    figure.value === null || !Number.isFinite(figure.value)
      ? `n/a (${oneLine(figure.reason ?? "not measured")})`
      : `${formatNumber(figure.value, figure.digits ?? 2)} ${figure.unit}`;
  const judged = verdict(figure);
  const target = figure.target && judged ? ` [target <= ${figure.target.max} ${figure.unit}: ${judged}]` : "";
  return `${figure.name}: ${value}${target}`;
}

/** Matches one formatted line; used by the test and by the parser of sub-bench output. */
export const FIGURE_LINE =
  /^([a-z0-9_]+): (?:(-?\d+(?:\.\d+)?(?:e[+-]?\d+)?) (\S+)|n\/a \(([^()]+)\))(?: \[target <= (\d+(?:\.\d+)?) (\S+): (met|missed|not measured)\])?$/;

export interface ParsedLine {
  name: string;
  value: number | null;
  unit: string | null;
  reason: string | null;
  targetMax: number | null;
  verdict: Verdict | null;
}

export function parseFigureLine(line: string): ParsedLine | null {
  const match = FIGURE_LINE.exec(line.trim());
  if (!match) return null;
  return {
    name: match[1]!,
    value: match[2] === undefined ? null : Number(match[2]),
    unit: match[3] ?? match[6] ?? null,
    reason: match[4] ?? null,
    targetMax: match[5] === undefined ? null : Number(match[5]),
    verdict: (match[7] as Verdict | undefined) ?? null,
  };
}

/** Median of a non-empty list (mean of the middle two for an even count). */
export function median(values: readonly number[]): number {
  if (values.length === 0) throw new Error("median of an empty list");
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

/** Short size label used in figure names: 1000 → "1k", 1000000 → "1m". */
export function sizeLabel(count: number): string {
  if (count >= 1_000_000 && count % 1_000_000 === 0) return `${count / 1_000_000}m`;
  if (count >= 1000 && count % 1000 === 0) return `${count / 1000}k`;
  return String(count);
}
