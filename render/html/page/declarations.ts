/** Declarations: one row per variable site, sortable, filtered by text, category, file, alive-only, leak candidates. */
import { formatBytes, formatCount, shortText } from "../../units.js";
import type { Report, Site } from "./data.js";
import { h } from "./dom.js";
import { categoryDot, leakBadge, siteHref } from "./common.js";
import { virtualTable, type Column } from "./table.js";

export interface DeclarationFilter {
  text: string;
  category: string;
  file: string;
  aliveOnly: boolean;
  leaksOnly: boolean;
  sortColumn: number;
  descending: boolean;
}

export const defaultFilter = (): DeclarationFilter => ({ text: "", category: "", file: "", aliveOnly: false, leaksOnly: false, sortColumn: 4, descending: true });

export function matches(site: Site, filter: DeclarationFilter): boolean {
  if (filter.aliveOnly && site.alive === 0) return false;
  if (filter.leaksOnly && site.leaks.length === 0) return false;
  if (filter.category && site.category !== filter.category) return false;
  if (filter.file && site.file !== filter.file) return false;
  if (filter.text) {
    for (const word of filter.text.toLowerCase().split(/\s+/)) if (word && !site.search.includes(word)) return false;
  }
  return true;
}

export function declarationsView(report: Report, filter: DeclarationFilter): HTMLElement {
  const columns: Array<Column<Site>> = [
    { label: "declaration", width: "minmax(140px, 1.4fr)", cell: (s) => h("span", null, categoryDot(s.category), s.name), sort: (s) => s.name.toLowerCase(), title: (s) => `${s.name}: ${s.type}` },
    { label: "type", width: "minmax(120px, 1.5fr)", cell: (s) => h("span", { class: "mono" }, shortText(s.type)), sort: (s) => s.type.toLowerCase(), title: (s) => s.type },
    { label: "file:line", width: "minmax(140px, 1.5fr)", cell: (s) => h("span", { class: "mono quiet" }, s.where), sort: (s) => `${s.file}\u0000${String(s.line).padStart(9, "0")}`, title: (s) => s.where },
    { label: "records", width: "90px", align: "right", cell: (s) => formatCount(s.records) + (s.folded > 0 ? ` +${formatCount(s.folded)}` : ""), sort: (s) => s.records + s.folded, hint: "Records kept (+ registrations counted without a record)" },
    { label: "live bytes", width: "115px", align: "right", cell: (s) => (s.extrapolated ? "≈" : "") + formatBytes(s.liveBytes), sort: (s) => s.liveBytes, hint: "Bytes of its objects alive at export, each object once (≈: hot-site samples count for the values they stand for)" },
    { label: "peak bytes", width: "115px", align: "right", cell: (s) => (s.extrapolated ? "≈" : "") + formatBytes(s.peakBytes), sort: (s) => s.peakBytes, hint: "Maximum of its live bytes over the run, from its records' events" },
    { label: "alive", width: "70px", align: "right", cell: (s) => (s.extrapolated ? "≈" : "") + formatCount(s.alive), sort: (s) => s.alive, hint: "Objects alive at export" },
    { label: "leak state", width: "190px", cell: (s) => leakBadge(s.leakState) ?? h("span", { class: "quiet" }, "—"), sort: (s) => (s.leakState ? 1 : 0) * 1e18 + s.liveBytes },
  ];
  const view = h("div", { class: "view declarations" });
  const counter = h("span", { class: "quiet counter" });
  const table = virtualTable<Site>({
    columns,
    rows: [],
    href: (s) => siteHref(s.index),
    sortColumn: filter.sortColumn,
    descending: filter.descending,
    onSort: (column, descending) => {
      filter.sortColumn = column;
      filter.descending = descending;
    },
    empty: "No declaration matches the filter.",
    rowClass: (s) => (s.leaks.length > 0 ? "leaky" : ""),
  });
  const apply = (): void => {
    const rows = report.sites.filter((site) => matches(site, filter));
    table.setRows(rows);
    const live = rows.reduce((sum, site) => sum + site.liveBytes, 0);
    counter.textContent = `${formatCount(rows.length)} of ${formatCount(report.sites.length)} declarations · ${formatBytes(live)} live at export`;
  };

  const text = h("input", { type: "search", class: "filter-text", placeholder: "filter: name, type or file (words)", value: filter.text, ariaLabel: "Filter declarations" });
  text.addEventListener("input", () => {
    filter.text = text.value;
    apply();
  });
  const category = h("select", { ariaLabel: "Category" }, h("option", { value: "" }, "every category"), ...report.categories.map((c) => h("option", { value: c }, c)));
  category.value = filter.category;
  category.addEventListener("change", () => {
    filter.category = category.value;
    apply();
  });
  const file = h("select", { class: "file-select", ariaLabel: "File" }, h("option", { value: "" }, `every file (${formatCount(report.files.length)})`), ...report.files.slice(0, 2000).map((f) => h("option", { value: f }, f)));
  file.value = filter.file;
  file.addEventListener("change", () => {
    filter.file = file.value;
    apply();
  });
  const toggle = (label: string, key: "aliveOnly" | "leaksOnly"): HTMLElement => {
    const box = h("input", { type: "checkbox", ariaLabel: label });
    box.checked = filter[key];
    box.addEventListener("change", () => {
      filter[key] = box.checked;
      apply();
    });
    return h("label", { class: "check" }, box, label);
  };
  view.appendChild(h("div", { class: "panel filters" }, text, category, file, toggle("alive at export only", "aliveOnly"), toggle("leak candidates only", "leaksOnly"), counter));
  view.appendChild(h("div", { class: "panel table-panel" }, table.element));
  apply();
  return view;
}
