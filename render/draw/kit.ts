/**
 * Small SVG building blocks shared by both reports: escaped text, attribute lists,
 * approximate text metrics for truncation and wrapping, number formatting for
 * coordinates, and the palette.
 */
import { escapeXml } from "./escape.js";

export const SANS = "'Inter', 'Segoe UI', 'Helvetica Neue', Helvetica, Arial, 'DejaVu Sans', sans-serif";
export const MONO = "'JetBrains Mono', 'SFMono-Regular', Menlo, Consolas, 'DejaVu Sans Mono', monospace";

export const INK = "#1F2933";
export const MUTED = "#637083";
export const FAINT = "#9AA5B1";
export const RULE = "#E4E7EB";
export const PAPER = "#F5F7FA";
export const CARD = "#FFFFFF";

/** Coordinates with at most one decimal: smaller files, no visible difference. */
export function n(value: number): string {
  if (!Number.isFinite(value)) return "0";
  return String(Math.round(value * 10) / 10);
}

export type AttrValue = string | number | null | undefined | false;

/** ` a="1" b="x"` with every value escaped; null/undefined/false attributes are left out. */
export function attrs(values: Record<string, AttrValue>): string {
  let out = "";
  for (const [key, value] of Object.entries(values)) {
    if (value === null || value === undefined || value === false) continue;
    out += ` ${key}="${typeof value === "number" ? n(value) : escapeXml(value)}"`;
  }
  return out;
}

export function el(tag: string, values: Record<string, AttrValue>, inner?: string): string {
  return inner === undefined ? `<${tag}${attrs(values)}/>` : `<${tag}${attrs(values)}>${inner}</${tag}>`;
}

export function text(x: number, y: number, content: string, values: Record<string, AttrValue> = {}): string {
  return el("text", { x, y, ...values }, escapeXml(content));
}

export function title(content: string): string {
  return `<title>${escapeXml(content)}</title>`;
}

/**
 * Approximate advance width: proportional fonts average ~0.56 em per character (wide
 * letters and digits a bit more), monospace is 0.6 em. Used to truncate and wrap so
 * labels stay inside their boxes; erring wide keeps text from overflowing.
 */
export function textWidth(content: string, size: number, mono = false): number {
  if (mono) return content.length * size * 0.61;
  let width = 0;
  for (const ch of content) {
    if ("il.,:;'|!ftjI() ".includes(ch)) width += 0.32;
    else if ("mwMW@%".includes(ch)) width += 0.86;
    else if (ch >= "A" && ch <= "Z") width += 0.68;
    else if (ch.charCodeAt(0) > 0x2e80) width += 1.0;
    else width += 0.57;
  }
  return width * size;
}

/** The content, or its longest prefix + "…" that fits in maxWidth ("" when not even "…" fits). */
export function truncate(content: string, maxWidth: number, size: number, mono = false): string {
  if (textWidth(content, size, mono) <= maxWidth) return content;
  const chars = [...content];
  let low = 0;
  let high = chars.length;
  while (low < high) {
    const mid = Math.ceil((low + high) / 2);
    if (textWidth(chars.slice(0, mid).join("") + "…", size, mono) <= maxWidth) low = mid;
    else high = mid - 1;
  }
  if (low === 0) return textWidth("…", size, mono) <= maxWidth ? "…" : "";
  return chars.slice(0, low).join("") + "…";
}

/** Greedy word wrap into at most maxLines lines (the last one truncated with "…"). */
export function wrap(content: string, maxWidth: number, size: number, maxLines = 3): string[] {
  const words = content.split(/\s+/).filter(Boolean);
  const lines: string[] = [];
  let current = "";
  for (let i = 0; i < words.length; i++) {
    const word = words[i] as string;
    const candidate = current ? `${current} ${word}` : word;
    if (textWidth(candidate, size) <= maxWidth || current === "") {
      current = candidate;
      continue;
    }
    lines.push(current);
    current = word;
    if (lines.length === maxLines - 1) {
      current = words.slice(i).join(" ");
      break;
    }
  }
  if (current) lines.push(current);
  return lines.map((line) => truncate(line, maxWidth, size));
}

/** Hex colour mixed toward white (amount > 0) or black (amount < 0). */
export function shade(hex: string, amount: number): string {
  const value = parseInt(hex.slice(1), 16);
  const channels = [(value >> 16) & 255, (value >> 8) & 255, value & 255];
  const target = amount >= 0 ? 255 : 0;
  const t = Math.min(1, Math.abs(amount));
  const mixed = channels.map((c) => Math.round(c + (target - c) * t));
  return `#${mixed.map((c) => c.toString(16).padStart(2, "0")).join("")}`;
}

/** Readable text colour on a given fill (WCAG relative luminance). */
export function inkOn(hex: string): string {
  const value = parseInt(hex.slice(1), 16);
  const lin = [(value >> 16) & 255, (value >> 8) & 255, value & 255].map((c) => {
    const s = c / 255;
    return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  });
  const luminance = 0.2126 * (lin[0] as number) + 0.7152 * (lin[1] as number) + 0.0722 * (lin[2] as number);
  return luminance > 0.36 ? INK : "#FFFFFF";
}

/** Base colour per record category (format/categories.ts), used by the treemap and legends. */
export { CATEGORY_COLORS, categoryColor } from "../../format/categories.js";

/** Round tick values for an axis from 0 to max: 1, 2 or 5 × 10^k steps. */
export function niceTicks(max: number, count = 5): number[] {
  if (!(max > 0)) return [0];
  const raw = max / count;
  const power = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * power).find((s) => s >= raw) ?? raw;
  const ticks: number[] = [];
  for (let v = 0; v <= max * 1.0001; v += step) ticks.push(v);
  return ticks;
}

/** Byte ticks on power-of-two-friendly steps (so labels read "256 KB", "512 KB"). */
export function byteTicks(max: number, count = 4): number[] {
  if (!(max > 0)) return [0];
  const raw = max / count;
  const unit = 1024 ** Math.max(0, Math.floor(Math.log(raw) / Math.log(1024)));
  const scaled = raw / unit;
  const step = ([1, 2, 4, 5, 8, 10, 16, 20, 25, 32, 50, 64, 100, 128, 200, 256, 500, 512, 1024].find((s) => s >= scaled) ?? scaled) * unit;
  const ticks: number[] = [];
  for (let v = 0; v <= max * 1.0001; v += step) ticks.push(v);
  return ticks;
}

export function svgDocument(width: number, height: number, label: string, body: string, defs = ""): string {
  return (
    `<?xml version="1.0" encoding="UTF-8"?>\n` +
    `<svg xmlns="http://www.w3.org/2000/svg"${attrs({ width, height, viewBox: `0 0 ${n(width)} ${n(height)}`, role: "img", "aria-label": label })} font-family="${escapeXml(SANS)}">\n` +
    `${title(label)}\n` +
    (defs ? `<defs>${defs}</defs>\n` : "") +
    el("rect", { x: 0, y: 0, width, height, fill: PAPER }) +
    "\n" +
    body +
    `</svg>\n`
  );
}
