/**
 * A time chart in SVG: step or line series on one or two byte axes, marks (GC events) on
 * the time axis, and a time range shared by every chart on the page that is zoomed
 * with the wheel or the buttons, panned by dragging, and reset by double-click.
 */
import { formatBytes, formatDuration } from "../../units.js";
import { byteTicks } from "../../draw/kit.js";
import { h, s, tip } from "./dom.js";

export interface Series {
  label: string;
  color: string;
  times: ArrayLike<number>;
  values: ArrayLike<number>;
  /** Filled to the axis. */
  area?: boolean;
  /** Steps (the value holds until the next time) instead of straight lines. */
  step?: boolean;
  axis?: "left" | "right";
  dash?: string;
}

export interface Mark {
  time: number;
  label: string;
  color: string;
}

/** A visible time window [from, to] within [0, max], shared by linked charts. */
export class TimeRange {
  from: number;
  to: number;
  private readonly listeners = new Set<() => void>();
  constructor(readonly max: number) {
    this.from = 0;
    this.to = max > 0 ? max : 1;
  }
  set(from: number, to: number): void {
    const full = this.max > 0 ? this.max : 1;
    const minimum = full / 2000;
    let width = Math.max(minimum, Math.min(full, to - from));
    let start = Math.max(0, Math.min(from, full - width));
    if (!Number.isFinite(start)) start = 0;
    if (!Number.isFinite(width)) width = full;
    this.from = start;
    this.to = start + width;
    for (const listener of this.listeners) listener();
  }
  zoom(factor: number, around = (this.from + this.to) / 2): void {
    this.set(around - (around - this.from) * factor, around + (this.to - around) * factor);
  }
  reset(): void {
    this.set(0, this.max);
  }
  get zoomed(): boolean {
    return this.from > 0 || this.to < (this.max > 0 ? this.max : 1);
  }
  listen(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}

export interface ChartOptions {
  series: Series[];
  marks?: Mark[];
  range: TimeRange;
  height?: number;
  /** Axis captions. */
  leftLabel?: string;
  rightLabel?: string;
  empty?: string;
}

const PAD = { left: 70, right: 70, top: 12, bottom: 28 };

export function timeChart(options: ChartOptions): HTMLElement {
  const height = options.height ?? 240;
  const holder = h("div", { class: "chart" });
  const legend = h("div", { class: "chart-legend" });
  for (const series of options.series) {
    const swatch = h("span", { class: "swatch", style: { background: series.color } });
    legend.appendChild(h("span", { class: "legend-item" }, swatch, series.label));
  }
  if (options.marks && options.marks.length > 0) legend.appendChild(h("span", { class: "legend-item" }, h("span", { class: "swatch mark" }), "GC"));
  const zoomIn = h("button", { class: "small", title: "Zoom in (or use the mouse wheel over the chart)", on: { click: () => options.range.zoom(0.5) } }, "+");
  const zoomOut = h("button", { class: "small", title: "Zoom out", on: { click: () => options.range.zoom(2) } }, "−");
  const reset = h("button", { class: "small", title: "Whole run (or double-click the chart)", on: { click: () => options.range.reset() } }, "whole run");
  const rangeText = h("span", { class: "range-text" });
  legend.append(h("span", { class: "chart-tools" }, rangeText, zoomOut, zoomIn, reset));
  const svg = s("svg", { class: "chart-svg", height, role: "img" });
  const hover = h("div", { class: "chart-hover" });
  holder.append(legend, svg, hover);

  let width = 900;
  const draw = (): void => {
    width = Math.max(320, holder.clientWidth || 900);
    svg.setAttribute("width", String(width));
    svg.setAttribute("viewBox", `0 0 ${width} ${height}`);
    while (svg.firstChild) svg.removeChild(svg.firstChild);
    const { from, to } = options.range;
    rangeText.textContent = options.range.zoomed ? `${formatDuration(from)} – ${formatDuration(to)}` : `whole run, ${formatDuration(to)}`;
    const innerW = width - PAD.left - PAD.right;
    const innerH = height - PAD.top - PAD.bottom;
    const x = (t: number): number => PAD.left + ((t - from) / (to - from || 1)) * innerW;
    const maxOf = (axis: "left" | "right"): number => {
      let max = 0;
      for (const series of options.series) {
        if ((series.axis ?? "left") !== axis) continue;
        for (let i = 0; i < series.values.length; i++) {
          const t = series.times[i] as number;
          const next = i + 1 < series.times.length ? (series.times[i + 1] as number) : t;
          if (next < from || t > to) continue;
          max = Math.max(max, series.values[i] as number);
        }
      }
      return max;
    };
    const maxima = { left: maxOf("left"), right: maxOf("right") };
    const y = (axis: "left" | "right", v: number): number => PAD.top + innerH - (maxima[axis] > 0 ? (v / maxima[axis]) * innerH : 0);
    const clip = `clip-${Math.random().toString(36).slice(2)}`;
    svg.appendChild(s("defs", {}, s("clipPath", { id: clip }, s("rect", { x: PAD.left, y: 0, width: innerW, height }))));
    // Axes and grid.
    for (const tick of timeTicks(from, to, Math.max(2, Math.floor(innerW / 110)))) {
      svg.appendChild(s("line", { x1: x(tick), x2: x(tick), y1: PAD.top, y2: PAD.top + innerH, class: "grid" }));
      svg.appendChild(s("text", { x: x(tick), y: height - 8, class: "axis", "text-anchor": "middle" }, formatDuration(tick)));
    }
    for (const axis of ["left", "right"] as const) {
      if (!options.series.some((series) => (series.axis ?? "left") === axis)) continue;
      for (const tick of byteTicks(maxima[axis], 4)) {
        if (axis === "left") svg.appendChild(s("line", { x1: PAD.left, x2: PAD.left + innerW, y1: y(axis, tick), y2: y(axis, tick), class: "grid" }));
        svg.appendChild(
          s("text", { x: axis === "left" ? PAD.left - 8 : PAD.left + innerW + 8, y: y(axis, tick) + 4, class: "axis", "text-anchor": axis === "left" ? "end" : "start" }, formatBytes(tick)),
        );
      }
    }
    const plot = s("g", { "clip-path": `url(#${clip})` });
    svg.appendChild(plot);
    for (const series of options.series) {
      const axis = series.axis ?? "left";
      let d = "";
      let first = -1;
      let lastX = 0;
      for (let i = 0; i < series.values.length; i++) {
        const t = series.times[i] as number;
        const next = i + 1 < series.times.length ? (series.times[i + 1] as number) : Infinity;
        if (next < from && series.step) continue;
        if (t > to && first >= 0 && !series.step) {
          d += `L${n(x(t))} ${n(y(axis, series.values[i] as number))}`;
          lastX = x(t);
          break;
        }
        if (t > to) break;
        const px = x(t);
        const py = y(axis, series.values[i] as number);
        if (first < 0) {
          first = i;
          d += `M${n(px)} ${n(py)}`;
        } else if (series.step) {
          d += `H${n(px)}V${n(py)}`;
        } else {
          d += `L${n(px)} ${n(py)}`;
        }
        lastX = px;
        if (series.step && i === series.values.length - 1) lastX = x(Math.min(to, options.range.max));
      }
      if (series.step && first >= 0) d += `H${n(lastX)}`;
      if (!d) continue;
      if (series.area) {
        const base = y(axis, 0);
        const startX = first >= 0 ? x(series.times[first] as number) : PAD.left;
        plot.appendChild(s("path", { d: `${d}V${n(base)}H${n(startX)}Z`, fill: series.color, "fill-opacity": 0.16, stroke: "none" }));
      }
      plot.appendChild(s("path", { d, fill: "none", stroke: series.color, "stroke-width": 1.8, "stroke-dasharray": series.dash ?? null }));
    }
    for (const mark of options.marks ?? []) {
      if (mark.time < from || mark.time > to) continue;
      plot.appendChild(s("line", { x1: x(mark.time), x2: x(mark.time), y1: PAD.top + innerH - 10, y2: PAD.top + innerH, stroke: mark.color, "stroke-width": 1.5 }, tip(mark.label)));
    }
    svg.appendChild(s("rect", { x: PAD.left, y: PAD.top, width: innerW, height: innerH, class: "frame" }));
    if (options.series.every((series) => series.values.length === 0)) {
      svg.appendChild(s("text", { x: width / 2, y: height / 2, class: "empty", "text-anchor": "middle" }, options.empty ?? "no samples"));
    }
  };

  // Zoom around the pointer, pan by dragging, double-click for the whole run.
  const timeAt = (clientX: number): number => {
    const box = svg.getBoundingClientRect();
    const innerW = width - PAD.left - PAD.right;
    const fraction = Math.min(1, Math.max(0, (clientX - box.left - PAD.left) / innerW));
    return options.range.from + fraction * (options.range.to - options.range.from);
  };
  svg.addEventListener(
    "wheel",
    (event) => {
      event.preventDefault();
      options.range.zoom(event.deltaY < 0 ? 0.8 : 1.25, timeAt(event.clientX));
    },
    { passive: false },
  );
  let drag: { x: number; from: number; to: number } | null = null;
  svg.addEventListener("pointerdown", (event) => {
    drag = { x: event.clientX, from: options.range.from, to: options.range.to };
    svg.setPointerCapture(event.pointerId);
  });
  svg.addEventListener("pointermove", (event) => {
    if (drag) {
      const innerW = width - PAD.left - PAD.right;
      const shift = ((event.clientX - drag.x) / innerW) * (drag.to - drag.from);
      options.range.set(drag.from - shift, drag.to - shift);
      return;
    }
    showHover(event.clientX);
  });
  svg.addEventListener("pointerup", () => (drag = null));
  svg.addEventListener("pointerleave", () => hover.classList.remove("shown"));
  svg.addEventListener("dblclick", () => options.range.reset());

  const showHover = (clientX: number): void => {
    const t = timeAt(clientX);
    const lines: string[] = [formatDuration(t)];
    for (const series of options.series) {
      const at = lastAtOrBefore(series.times, t);
      if (at >= 0) lines.push(`${series.label}: ${formatBytes(series.values[at] as number)}`);
    }
    hover.textContent = lines.join("  ·  ");
    hover.classList.add("shown");
  };

  const unlisten = options.range.listen(draw);
  const observer = new ResizeObserver(() => {
    if (!holder.isConnected) {
      unlisten();
      observer.disconnect();
      return;
    }
    if (Math.abs((holder.clientWidth || 900) - width) > 2) draw();
  });
  observer.observe(holder);
  requestAnimationFrame(draw);
  draw();
  return holder;
}

function n(value: number): string {
  return String(Math.round(value * 10) / 10);
}

function lastAtOrBefore(times: ArrayLike<number>, t: number): number {
  let low = 0;
  let high = times.length - 1;
  let found = -1;
  while (low <= high) {
    const mid = (low + high) >> 1;
    if ((times[mid] as number) <= t) {
      found = mid;
      low = mid + 1;
    } else high = mid - 1;
  }
  return found;
}

/** Round ticks inside [from, to]: 1, 2, 2.5 or 5 × 10^k steps. */
export function timeTicks(from: number, to: number, count: number): number[] {
  const span = to - from;
  if (!(span > 0)) return [from];
  const raw = span / count;
  const power = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * power).find((v) => v >= raw) ?? raw;
  const ticks: number[] = [];
  for (let v = Math.ceil(from / step) * step; v <= to + step * 1e-6; v += step) ticks.push(v);
  return ticks;
}
