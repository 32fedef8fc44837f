/** Overview: the eight metrics, leak and growth candidates, the heap and tracked-bytes timeline, the largest declarations. */
import { formatBytes, formatCount, formatDuration, shortText } from "../../units.js";
import { timeChart, TimeRange } from "./chart.js";
import type { Report } from "./data.js";
import { h, link } from "./dom.js";
import { categoryDot, siteHref } from "./common.js";

export function overviewView(report: Report, range: TimeRange): HTMLElement {
  const m = report.model;
  const view = h("div", { class: "view overview" });

  const cards = h("div", { class: "cards" });
  m.cards.forEach((card, at) => {
    cards.appendChild(
      h(
        "div",
        { class: `card${at < 4 ? " memory" : " shape"}${card.value === "n/a" ? " muted" : ""}`, title: card.hint },
        h("div", { class: "card-label" }, card.label),
        h("div", { class: "card-value" }, card.value),
        h("div", { class: "card-note" }, card.note),
      ),
    );
  });
  view.appendChild(cards);

  // Leak and growth candidates come first: they are what a reader came for.
  const leaks = h("section", { class: "panel leaks" }, h("h2", null, `Leak and growth candidates (${formatCount(m.leaks.length)})`));
  if (m.leaks.length === 0) {
    leaks.appendChild(h("p", { class: "quiet" }, "None: no tracked object outlived its scope by more than the threshold, and no collection grew at every re-measurement."));
  } else {
    const list = h("ol", { class: "leak-list" });
    for (const leak of m.leaks.slice(0, 200)) {
      const site = leak.site >= 0 ? report.sites[leak.site] : undefined;
      const title = h("span", { class: "leak-name" }, leak.variable_name);
      list.appendChild(
        h(
          "li",
          { class: `leak ${leak.kind}` },
          h("span", { class: `badge ${leak.kind}` }, leak.kind === "outlived_scope" ? "outlived scope" : "growth"),
          site ? h("a", { href: siteHref(site.index), class: "leak-link" }, title) : title,
          h("span", { class: "mono quiet", title: leak.type_name }, ` ${shortText(leak.type_name)} · ${leak.file}:${leak.line}`),
          h("span", { class: "leak-bytes" }, formatBytes(leak.bytes)),
          h("div", { class: "leak-reason" }, leak.reason),
        ),
      );
    }
    leaks.appendChild(list);
    if (m.leaks.length > 200) leaks.appendChild(h("p", { class: "quiet" }, `+ ${formatCount(m.leaks.length - 200)} more: see the Declarations view, filter "leak candidates".`));
  }
  view.appendChild(leaks);

  const times = m.samples.map((p) => p.time);
  const marks = m.gcMarks.map((g) => ({
    time: g.time,
    label: `${g.type} at ${formatDuration(g.time)}: ${formatDuration(g.duration_ms)}, freed ${formatBytes(g.freed)}`,
    color: g.type.includes("Mark") ? "#C62828" : "#F9A825",
  }));
  const heapPanel = h(
    "section",
    { class: "panel" },
    h("h2", null, "Heap over time"),
    h(
      "p",
      { class: "quiet" },
      `V8 heap used and committed and the process RSS from ${formatCount(m.sampleCount)} samples` +
        (m.gcAvailable ? `, ${formatCount(m.gcCount)} garbage collections as marks (red: mark-compact, yellow: scavenge)` : " (GC events not available on this Node)") +
        ". Wheel to zoom, drag to pan, double-click for the whole run; both charts share the time axis.",
    ),
    timeChart({
      range,
      height: 240,
      marks,
      series: [
        { label: "RSS", color: "#9AA5B1", times, values: m.samples.map((p) => p.rss), dash: "4 3" },
        { label: "heap committed", color: "#90CAF9", times, values: m.samples.map((p) => p.heap_total) },
        { label: "heap used", color: "#1E88E5", times, values: m.samples.map((p) => p.heap_used), area: true },
      ],
      empty: "no heap samples (the run ended before the sampler's first tick)",
    }),
    h("h3", null, "Live tracked bytes"),
    timeChart({
      range,
      height: 150,
      series: [{ label: "live tracked bytes", color: "#E53935", times, values: m.samples.map((p) => p.tracked_live_bytes), area: true }],
      empty: "no samples",
    }),
  );
  view.appendChild(heapPanel);

  const largest = [...report.sites].sort((a, b) => b.liveBytes - a.liveBytes || b.peakBytes - a.peakBytes).slice(0, 12);
  const top = h("section", { class: "panel" }, h("h2", null, "Declarations holding the most at export"));
  const table = h("table", { class: "plain" });
  table.appendChild(h("tr", null, h("th", null, "declaration"), h("th", null, "type"), h("th", null, "where"), h("th", { class: "right" }, "live at export"), h("th", { class: "right" }, "peak"), h("th", { class: "right" }, "records")));
  for (const site of largest) {
    table.appendChild(
      h(
        "tr",
        null,
        h("td", null, categoryDot(site.category), link(siteHref(site.index), site.name)),
        h("td", { class: "mono", title: site.type }, shortText(site.type)),
        h("td", { class: "mono quiet" }, site.where),
        h("td", { class: "right" }, (site.extrapolated ? "≈" : "") + formatBytes(site.liveBytes)),
        h("td", { class: "right" }, (site.extrapolated ? "≈" : "") + formatBytes(site.peakBytes)),
        h("td", { class: "right" }, formatCount(site.records)),
      ),
    );
  }
  top.appendChild(largest.length > 0 ? table : h("p", { class: "quiet" }, "No tracked declarations."));
  view.appendChild(top);

  const notes = [...m.notes, ...m.bounds];
  if (notes.length > 0) {
    const panel = h("section", { class: "panel notes" }, h("h2", null, "How to read this report"));
    for (const note of notes) panel.appendChild(h("p", { class: "quiet" }, note));
    view.appendChild(panel);
  }
  return view;
}
