/** Small pieces every view shares: links, colours, badges. */
import { categoryColor } from "../../draw/kit.js";
import { h } from "./dom.js";

export const siteHref = (index: number): string => `#site/${index}`;
export const scopeHref = (index: number): string => `#scope/${index}`;

export function categoryDot(category: string): HTMLElement {
  return h("span", { class: "dot", title: category, style: { background: categoryColor(category) } });
}

export function leakBadge(state: string): HTMLElement | null {
  if (!state) return null;
  return h("span", { class: `badge ${state.includes("outlived") ? "outlived_scope" : "unbounded_growth"}` }, state);
}

export function count(n: number, noun: string): string {
  return `${n.toLocaleString("en-US")} ${noun}${n === 1 ? "" : "s"}`;
}
