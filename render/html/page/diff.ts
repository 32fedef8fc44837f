/** Diff: two snapshots per declaration site and per type, growth first, new leak candidates, the gate figure of `memscope diff`. */
import { formatBytes, formatCount } from "../../units.js";
import type { DiffRowModel } from "../model.js";
import type { Report } from "./data.js";
import { h, link } from "./dom.js";
import { siteHref } from "./common.js";
import { virtualTable, type Column } from "./table.js";

export function diffView(report: Report): HTMLElement {
  const d = report.model.diff!;
  const str = report.str;
  const view = h("div", { class: "view diff" });
  const gate = d.gate
    ? h("div", { class: `gate ${d.gate.failed ? "fail" : "pass"}` }, `Gate: growth ${d.growth} vs --fail-on-growth ${d.gate.thresholdPercent}%: ${d.gate.failed ? "FAIL" : "pass"}`)
    : null;
  view.appendChild(
    h(
      "div",
      { class: "panel diff-head" },
      h("h2", null, "What changed between two runs"),
      h("div", { class: "mono quiet" }, `base ${str(d.baseName)} (${d.baseFacts.timestamp}) → head ${str(d.headName)} (${report.model.facts.timestamp})`),
      h(
        "div",
        { class: "stats" },
        stat("live tracked bytes", `${d.extrapolated ? "≈" : ""}${formatBytes(d.base[0])} → ${d.extrapolated ? "≈" : ""}${formatBytes(d.head[0])}`, `${d.change} (${d.growth})${d.extrapolated ? "; ≈: extrapolated from hot-site samples" : ""}`),
        stat("growth", d.growth, "(head − base) ÷ base × 100, over every object alive at export"),
        stat("records", `${formatCount(d.base[1])} → ${formatCount(d.head[1])}`, "kept + counted per site"),
        stat("new leak candidates", formatCount(d.newLeaks), "at sites where base had none of that kind"),
      ),
      gate,
    ),
  );

  if (d.newLeakCandidates.length > 0) {
    const list = h("ol", { class: "leak-list" });
    for (const at of d.newLeakCandidates) {
      const leak = report.model.leaks[at]!;
      const site = leak.site >= 0 ? report.sites[leak.site] : undefined;
      list.appendChild(
        h(
          "li",
          { class: `leak ${leak.kind}` },
          h("span", { class: `badge ${leak.kind}` }, leak.kind === "outlived_scope" ? "outlived scope" : "growth"),
          site ? link(siteHref(site.index), leak.variable_name, "leak-link") : leak.variable_name,
          h("span", { class: "mono quiet" }, ` ${leak.type_name} · ${leak.file}:${leak.line}`),
          h("span", { class: "leak-bytes" }, formatBytes(leak.bytes)),
          h("div", { class: "leak-reason" }, leak.reason),
        ),
      );
    }
    view.appendChild(h("div", { class: "panel leaks" }, h("h2", null, `New leak candidates (${formatCount(d.newLeakCandidates.length)})`), list));
  }

  const columns = (first: string, second: string, linked: boolean): Array<Column<DiffRowModel>> => [
    {
      label: first,
      width: "minmax(200px, 2fr)",
      cell: (r) => (linked && r.site >= 0 ? link(siteHref(r.site), str(r.label)) : str(r.label)),
      sort: (r) => str(r.label).toLowerCase(),
      title: (r) => str(r.label),
    },
    { label: second, width: "minmax(120px, 1.2fr)", cell: (r) => h("span", { class: "mono" }, str(r.type)), sort: (r) => str(r.type).toLowerCase(), title: (r) => str(r.type) },
    { label: "base live", width: "100px", align: "right", cell: (r) => formatBytes(r.base[0]), sort: (r) => r.base[0] },
    { label: "head live", width: "100px", align: "right", cell: (r) => formatBytes(r.head[0]), sort: (r) => r.head[0] },
    { label: "change", width: "100px", align: "right", cell: (r) => h("span", { class: r.head[0] > r.base[0] ? "grew" : r.head[0] < r.base[0] ? "shrank" : "" }, r.change), sort: (r) => r.head[0] - r.base[0] },
    { label: "%", width: "80px", align: "right", cell: (r) => r.growth },
    { label: "records", width: "140px", align: "right", cell: (r) => `${formatCount(r.base[1])} → ${formatCount(r.head[1])}`, sort: (r) => r.head[1] - r.base[1] },
    { label: "new leaks", width: "80px", align: "right", cell: (r) => (r.newLeaks === 0 ? "" : formatCount(r.newLeaks)), sort: (r) => r.newLeaks },
  ];
  const siteTable = virtualTable({ columns: columns("site (file:line name)", "type", true), rows: d.sites, maxHeight: () => Math.min(window.innerHeight * 0.6, 560), empty: "No site changed." });
  const typeTable = virtualTable({ columns: columns("type", "category", false), rows: d.types, maxHeight: () => Math.min(window.innerHeight * 0.5, 420), empty: "No type changed." });
  const shownNote = (shown: number, changed: number, noun: string): string => `${formatCount(changed)} ${noun} changed, by growth${shown < changed ? ` (the first ${formatCount(shown)} embedded)` : ""}`;
  view.appendChild(h("div", { class: "panel table-panel" }, h("h2", null, "Variable sites"), h("p", { class: "quiet" }, shownNote(d.sites.length, d.siteRowsChanged, "sites")), siteTable.element));
  view.appendChild(h("div", { class: "panel table-panel" }, h("h2", null, "Types"), h("p", { class: "quiet" }, shownNote(d.types.length, d.typeRowsChanged, "types")), typeTable.element));
  return view;
}

function stat(label: string, value: string, note: string): HTMLElement {
  return h("div", { class: "stat" }, h("div", { class: "card-label" }, label), h("div", { class: "stat-value" }, value), h("div", { class: "card-note" }, note));
}
