/** Scopes: every scope (function, method, module), searchable, with invocations, durations and what it holds; and one scope's page. */
import { formatBytes, formatCount, formatDuration } from "../../units.js";
import type { Report, Scope } from "./data.js";
import { h, link } from "./dom.js";
import { categoryDot, leakBadge, scopeHref, siteHref } from "./common.js";
import { virtualTable, type Column } from "./table.js";

export interface ScopeFilter {
  text: string;
  withMemoryOnly: boolean;
}

/** Whether a scope's memory counts hot-site samples for the values they stand for (≈): a declaration in it does. */
function approxOf(report: Report, scope: Scope): string {
  return scope.sites.some((i) => report.sites[i]?.extrapolated === true) ? "≈" : "";
}

export function scopesView(report: Report, filter: ScopeFilter): HTMLElement {
  const columns: Array<Column<Scope>> = [
    { label: "scope", width: "minmax(160px, 1.6fr)", cell: (s) => s.label, sort: (s) => s.label.toLowerCase(), title: (s) => s.label },
    { label: "file:line", width: "minmax(140px, 1.4fr)", cell: (s) => h("span", { class: "mono quiet" }, s.where), sort: (s) => s.where, title: (s) => s.where },
    { label: "invocations", width: "110px", align: "right", cell: (s) => (s.invocations === null ? "n/a" : formatCount(s.invocations)), sort: (s) => s.invocations ?? -1 },
    { label: "avg", width: "80px", align: "right", cell: (s) => formatDuration(s.avgDurationMs), sort: (s) => s.avgDurationMs ?? -1, hint: "Mean duration of its completed invocations" },
    { label: "min – max", width: "180px", align: "right", cell: (s) => (s.minDurationMs === null ? "n/a" : `${formatDuration(s.minDurationMs)} – ${formatDuration(s.maxDurationMs)}`), sort: (s) => s.maxDurationMs ?? -1 },
    { label: "total time", width: "100px", align: "right", cell: (s) => formatDuration(s.totalDurationMs), sort: (s) => s.totalDurationMs ?? -1 },
    { label: "memory", width: "100px", align: "right", cell: (s) => approxOf(report, s) + formatBytes(s.bytes), sort: (s) => s.bytes, hint: "Bytes of the objects its bindings held, each object once (≈: hot-site samples count for the values they stand for)" },
    { label: "records", width: "90px", align: "right", cell: (s) => formatCount(s.records), sort: (s) => s.records },
    { label: "variables", width: "90px", align: "right", cell: (s) => formatCount(s.variables), sort: (s) => s.variables },
  ];
  const view = h("div", { class: "view scopes" });
  const counter = h("span", { class: "quiet counter" });
  const table = virtualTable<Scope>({ columns, rows: [], href: (s) => scopeHref(s.index), sortColumn: 6, descending: true, empty: "No scope matches." });
  const apply = (): void => {
    const words = filter.text.toLowerCase().split(/\s+/).filter(Boolean);
    const rows = report.scopes.filter((scope) => (!filter.withMemoryOnly || scope.records > 0) && words.every((w) => scope.search.includes(w)));
    table.setRows(rows);
    counter.textContent = `${formatCount(rows.length)} of ${formatCount(report.scopes.length)} scopes`;
  };
  const text = h("input", { type: "search", class: "filter-text", placeholder: "search scopes: name or file", value: filter.text, ariaLabel: "Search scopes" });
  text.addEventListener("input", () => {
    filter.text = text.value;
    apply();
  });
  const memory = h("input", { type: "checkbox", ariaLabel: "with tracked memory only" });
  memory.checked = filter.withMemoryOnly;
  memory.addEventListener("change", () => {
    filter.withMemoryOnly = memory.checked;
    apply();
  });
  view.appendChild(h("div", { class: "panel filters" }, text, h("label", { class: "check" }, memory, "with tracked memory only"), counter));
  view.appendChild(h("div", { class: "panel table-panel" }, table.element));
  apply();
  return view;
}

export function scopeView(report: Report, scope: Scope): HTMLElement {
  const view = h("div", { class: "view scope" });
  const parent = scope.parent >= 0 ? report.scopes[scope.parent] : undefined;
  const timed = scope.timed !== null && scope.completed !== null && scope.timed < scope.completed ? ` (durations from ${formatCount(scope.timed)} timed invocations)` : "";
  view.appendChild(
    h(
      "div",
      { class: "panel detail-head" },
      h("h2", { class: "name" }, scope.label),
      h("div", { class: "quiet" }, h("span", { class: "mono" }, scope.where || "no source location"), ` · thread ${scope.threadId}`, parent ? h("span", null, " · inside ", link(scopeHref(parent.index), parent.label)) : null),
    ),
  );
  const stats: Array<[string, string]> = [
    ["invocations", scope.invocations === null ? "n/a" : formatCount(scope.invocations)],
    ["completed", scope.completed === null ? "n/a" : formatCount(scope.completed)],
    ["average", formatDuration(scope.avgDurationMs)],
    ["min – max", scope.minDurationMs === null ? "n/a" : `${formatDuration(scope.minDurationMs)} – ${formatDuration(scope.maxDurationMs)}`],
    ["memory held", approxOf(report, scope) + formatBytes(scope.bytes)],
    ["records", formatCount(scope.records)],
  ];
  view.appendChild(h("div", { class: "stats" }, ...stats.map(([label, value]) => h("div", { class: "stat" }, h("div", { class: "card-label" }, label), h("div", { class: "stat-value" }, value)))));
  if (timed) view.appendChild(h("p", { class: "quiet" }, timed.trim()));
  const sites = scope.sites.map((i) => report.sites[i]!).sort((a, b) => b.bytes - a.bytes);
  const table = h("table", { class: "plain" });
  table.appendChild(h("tr", null, h("th", null, "declaration"), h("th", null, "type"), h("th", null, "line"), h("th", { class: "right" }, "records"), h("th", { class: "right" }, "live"), h("th", { class: "right" }, "peak"), h("th", null, "")));
  for (const site of sites) {
    table.appendChild(
      h(
        "tr",
        null,
        h("td", null, categoryDot(site.category), link(siteHref(site.index), site.name)),
        h("td", { class: "mono" }, site.type),
        h("td", { class: "mono quiet" }, String(site.line)),
        h("td", { class: "right" }, formatCount(site.records)),
        h("td", { class: "right" }, (site.extrapolated ? "≈" : "") + formatBytes(site.liveBytes)),
        h("td", { class: "right" }, (site.extrapolated ? "≈" : "") + formatBytes(site.peakBytes)),
        h("td", null, leakBadge(site.leakState)),
      ),
    );
  }
  view.appendChild(h("div", { class: "panel" }, h("h2", null, `Declarations (${formatCount(sites.length)})`), sites.length > 0 ? table : h("p", { class: "quiet" }, "No tracked binding recorded in this scope.")));
  if (scope.children.length > 0) {
    const list = h("ul", { class: "relations" });
    for (const child of scope.children.slice(0, 300)) {
      const c = report.scopes[child]!;
      list.appendChild(h("li", null, link(scopeHref(c.index), c.label), h("span", { class: "quiet" }, ` ${approxOf(report, c)}${formatBytes(c.bytes)} · ${c.invocations === null ? "n/a" : formatCount(c.invocations)} invocations`)));
    }
    view.appendChild(h("div", { class: "panel" }, h("h2", null, `Scopes inside (${formatCount(scope.children.length)})`), list));
  }
  return view;
}
