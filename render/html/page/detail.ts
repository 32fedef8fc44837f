/**
 * One declaration: its figures, leak reasons, live bytes over the run, its instances as
 * one lifetime strip (expandable into one row per instance), its scope, and its
 * relations (aliases, moves, clones) as a list of links to the other declarations.
 */
import { formatBytes, formatCount, formatDuration } from "../../units.js";
import { categoryColor } from "../../draw/kit.js";
import { timeChart, TimeRange } from "./chart.js";
import { endOf, instancesOf, type Instance, type Report, type Site } from "./data.js";
import { h, link, s, tip } from "./dom.js";
import { categoryDot, leakBadge, scopeHref, siteHref } from "./common.js";

const RELATION_WORDS: Record<string, [string, string]> = {
  // [this declaration holds the first record, this declaration is the second holder]
  alias: ["the same object is also held by", "the same object as"],
  move: ["moved to", "moved from"],
  clone: ["cloned into", "cloned from"],
};

export function relationPhrase(kind: string, direction: 0 | 1): string {
  const words = RELATION_WORDS[kind] ?? [kind, kind];
  return direction === 1 ? words[0] : words[1];
}

export function detailView(report: Report, site: Site, expanded: { open: boolean }): HTMLElement {
  const m = report.model;
  const duration = Math.max(m.facts.durationMs, 1);
  const view = h("div", { class: "view detail" });
  const scope = site.scope >= 0 ? report.scopes[site.scope] : undefined;

  view.appendChild(
    h(
      "div",
      { class: "panel detail-head" },
      h("div", { class: "detail-title" }, categoryDot(site.category), h("h2", { class: "name" }, site.name), leakBadge(site.leakState)),
      h("div", { class: "mono type" }, site.type),
      h(
        "div",
        { class: "quiet" },
        h("span", { class: "mono" }, site.where),
        ` · ${site.category} / ${site.subcategory} · declared in `,
        scope ? link(scopeHref(scope.index), scope.label) : "an unknown scope",
      ),
    ),
  );

  const stats: Array<[string, string, string]> = [
    [
      "live at export",
      (site.extrapolated ? "≈" : "") + formatBytes(site.liveBytes),
      `${site.extrapolated ? "≈" : ""}${formatCount(site.alive)} object${site.alive === 1 ? "" : "s"} alive` +
        (site.sharedAlive > 0 ? `; it also holds ${formatCount(site.sharedAlive)} alive object${site.sharedAlive === 1 ? "" : "s"} (${formatBytes(site.sharedAliveBytes)}) counted where first registered (see Relations)` : ""),
    ],
    ["peak", (site.extrapolated ? "≈" : "") + formatBytes(site.peakBytes), "max of its live bytes over the run"],
    ["all its objects", (site.extrapolated ? "≈" : "") + formatBytes(site.bytes), site.extrapolated ? "each object counted once; ≈: each record kept by hot-site sampling counts for the values it stands for" : "each object counted once"],
    ["records", formatCount(site.records), site.folded > 0 ? `+ ${formatCount(site.folded)} counted without a record` : site.shared > 0 ? `${formatCount(site.shared)} holding another's object` : "every registration recorded"],
    ["size range", site.records - site.shared > 0 ? `${formatBytes(site.minBytes)} – ${formatBytes(site.largestBytes)}` : "n/a", "smallest – largest object"],
  ];
  view.appendChild(h("div", { class: "stats" }, ...stats.map(([label, value, note]) => h("div", { class: "stat" }, h("div", { class: "card-label" }, label), h("div", { class: "stat-value" }, value), h("div", { class: "card-note" }, note)))));

  if (site.leaks.length > 0) {
    const panel = h("div", { class: "panel leaks" }, h("h2", null, "Why it is a candidate"));
    for (const at of site.leaks) {
      const leak = m.leaks[at];
      if (!leak) continue;
      panel.appendChild(h("p", { class: `leak ${leak.kind}` }, h("span", { class: `badge ${leak.kind}` }, leak.kind === "outlived_scope" ? "outlived scope" : "growth"), ` ${leak.reason}`));
    }
    view.appendChild(panel);
  }

  // Live bytes over the run: the model's per-slice maxima, drawn as steps.
  const times = site.series.map((_, b) => (b * duration) / m.seriesBuckets);
  view.appendChild(
    h(
      "div",
      { class: "panel" },
      h("h2", null, "Live bytes over the run"),
      h(
        "p",
        { class: "quiet" },
        `Its objects alive at each moment (each object once), maximum per 1/${m.seriesBuckets} of the run; every record counts, sampled or not.` +
          (site.shared > 0 ? ` ${formatCount(site.shared)} of its records hold objects first registered at another declaration: their bytes count there.` : ""),
      ),
      timeChart({ range: new TimeRange(duration), height: 180, series: [{ label: site.name, color: categoryColor(site.category), times, values: site.series, area: true, step: true }] }),
    ),
  );

  // Instances: one strip, expandable into rows.
  const instances = instancesOf(report, site);
  const lifetimes = h("div", { class: "panel" });
  const sampled = instances.length < site.records;
  lifetimes.appendChild(h("h2", null, `Instances (${formatCount(site.records)})`));
  lifetimes.appendChild(
    h(
      "p",
      { class: "quiet" },
      sampled
        ? `${formatCount(instances.length)} of ${formatCount(site.records)} records shown: its largest objects (alive ones first) and a spread over time. `
        : `Every record of this declaration. `,
      "Solid: created → scope exit; faded: after its scope exited, until V8 collected it; a red tip: still alive at export.",
    ),
  );
  lifetimes.append(strip(site, instances, duration, 34), axisLabels(duration));
  const rows = h("div", { class: "instance-rows" });
  const button = h("button", { class: "small", on: { click: () => toggle() } });
  const toggle = (): void => {
    expanded.open = !expanded.open;
    fill();
  };
  const fill = (): void => {
    button.textContent = expanded.open ? "hide the instances" : `show each instance (${formatCount(instances.length)})`;
    while (rows.firstChild) rows.removeChild(rows.firstChild);
    if (!expanded.open) return;
    const largest = Math.max(1, ...instances.map((i) => i.bytes));
    for (const instance of instances) rows.appendChild(instanceRow(report, site, instance, duration, largest));
  };
  fill();
  lifetimes.append(button, rows);
  view.appendChild(lifetimes);

  // Relations: a list of links, never arrows across the page.
  const relations = h("div", { class: "panel" }, h("h2", null, "Relations"));
  if (site.relations.length === 0) {
    relations.appendChild(h("p", { class: "quiet" }, "No alias, move or clone relation recorded for its objects."));
  } else {
    const list = h("ul", { class: "relations" });
    for (const [kind, direction, other, times] of site.relations) {
      const target = other >= 0 ? report.sites[other] : undefined;
      list.appendChild(
        h(
          "li",
          null,
          h("span", { class: `badge rel ${kind}` }, kind),
          ` ${relationPhrase(kind, direction)} `,
          target ? link(siteHref(target.index), target.index === site.index ? `${target.name} (itself)` : target.name) : h("span", { class: "quiet" }, "a record outside the report"),
          target ? h("span", { class: "mono quiet" }, ` ${target.where}`) : null,
          ` × ${formatCount(times)}`,
        ),
      );
    }
    relations.appendChild(list);
  }
  view.appendChild(relations);
  return view;
}

/** The run's time axis under a strip, as text (an SVG stretched to the width would distort it). */
function axisLabels(duration: number): HTMLElement {
  const axis = h("div", { class: "strip-axis" });
  for (let k = 0; k <= 4; k++) axis.appendChild(h("span", { style: { left: `${k * 25}%` } }, formatDuration((duration * k) / 4)));
  return axis;
}

function strip(site: Site, instances: Instance[], duration: number, height: number): SVGSVGElement {
  const width = 1000;
  const svg = s("svg", { class: "strip", viewBox: `0 0 ${width} ${height}`, preserveAspectRatio: "none", role: "img" });
  const x = (t: number): number => (Math.min(Math.max(t, 0), duration) / duration) * width;
  const color = categoryColor(site.category);
  svg.appendChild(s("rect", { x: 0, y: 0, width, height, class: "strip-bg" }));
  const alpha = instances.length > 12 ? 0.35 : 0.7;
  for (const instance of instances) {
    const end = endOf(instance);
    const start = x(instance.created);
    const finish = end === null ? width : x(end);
    const exit = instance.scopeExit === null ? finish : x(instance.scopeExit);
    const bar = s("g", {}, tip(`#${instance.id}: ${formatBytes(instance.bytes)}, created ${formatDuration(instance.created)}, ${end === null ? "alive at export" : `ended ${formatDuration(end)}`}`));
    // In scope: the full bar; after its scope exited: a thinner, fainter one.
    bar.appendChild(s("rect", { x: start, y: height * 0.18, width: Math.max(1.5, Math.min(exit, finish) - start), height: height * 0.64, fill: color, "fill-opacity": alpha }));
    if (finish > exit) bar.appendChild(s("rect", { x: exit, y: height * 0.3, width: finish - exit, height: height * 0.4, fill: color, "fill-opacity": alpha * 0.45 }));
    if (end === null) bar.appendChild(s("rect", { x: width - 5, y: height * 0.1, width: 5, height: height * 0.8, fill: "#C62828" }));
    svg.appendChild(bar);
  }
  return svg;
}

function instanceRow(report: Report, site: Site, instance: Instance, duration: number, largest: number): HTMLElement {
  const end = endOf(instance);
  const state = end === null ? "alive at export" : instance.collected !== null ? `collected ${formatDuration(instance.collected)}` : `ended with its scope ${formatDuration(end)}`;
  const relationLinks = instance.relations.map(([kind, direction, otherId, otherSite]) => {
    const target = otherSite >= 0 ? report.sites[otherSite] : undefined;
    return h(
      "span",
      { class: "inst-rel" },
      h("span", { class: `badge rel ${kind}` }, kind),
      ` ${relationPhrase(kind, direction)} `,
      target ? link(siteHref(target.index), `${target.name} #${otherId}`) : `#${otherId}`,
    );
  });
  return h(
    "div",
    { class: `instance${end === null ? " alive" : ""}` },
    h("span", { class: "mono inst-id" }, `#${instance.id}`),
    h("span", { class: "inst-bytes" }, formatBytes(instance.bytes), instance.shared ? h("span", { class: "quiet", title: "Its bytes count at the first record of the same object" }, " (shared)") : null),
    h("span", { class: "inst-size" }, h("span", { class: "inst-size-bar", style: { width: `${Math.max(2, (instance.bytes / largest) * 100)}%`, background: categoryColor(site.category) } })),
    h("span", { class: "inst-strip" }, strip(site, [instance], duration, 16)),
    h("span", { class: "quiet inst-when" }, `created ${formatDuration(instance.created)} · ${instance.scopeExit === null ? "scope open at export" : `scope exit ${formatDuration(instance.scopeExit)}`} · ${state}`),
    relationLinks.length > 0 ? h("span", { class: "inst-rels" }, ...relationLinks) : null,
  );
}

