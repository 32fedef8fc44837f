/**
 * The report page: reads the embedded model, draws the shell (title, run facts, tabs)
 * and routes on the URL fragment, so every view is a link and the back button works:
 *   #overview  #treemap[/path]  #declarations  #site/N  #scopes  #scope/N  #diff
 */
import { formatBytes, formatCount, formatDuration } from "../../units.js";
import { TimeRange } from "./chart.js";
import { readReport, type Report } from "./data.js";
import { declarationsView, defaultFilter } from "./declarations.js";
import { detailView } from "./detail.js";
import { diffView } from "./diff.js";
import { clear, h } from "./dom.js";
import { overviewView } from "./overview.js";
import { scopesView, scopeView, type ScopeFilter } from "./scopes.js";
import { treemapView } from "./treemap.js";

const TABS: Array<[string, string]> = [
  ["overview", "Overview"],
  ["treemap", "Treemap"],
  ["declarations", "Declarations"],
  ["scopes", "Scopes"],
];

function start(): void {
  const app = document.getElementById("app");
  if (!app) return;
  let report: Report;
  try {
    report = readReport();
  } catch (error) {
    app.appendChild(h("p", { class: "fatal" }, `This report cannot be shown: ${error instanceof Error ? error.message : String(error)}`));
    return;
  }
  const m = report.model;
  const tabs = m.diff ? [["diff", "Diff"] as [string, string], ...TABS] : TABS;
  const nav = h("nav", { class: "tabs", ariaLabel: "Views" });
  const tabLinks = new Map<string, HTMLAnchorElement>();
  for (const [key, label] of tabs) {
    const a = h("a", { href: `#${key}`, class: "tab" }, label);
    tabLinks.set(key, a);
    nav.appendChild(a);
  }
  const facts = [
    `${formatCount(m.totals.records)} records`,
    `${formatCount(m.totals.sites)} declarations`,
    `${formatCount(m.totals.scopes)} scopes`,
    `${formatBytes(m.totals.bytes)} tracked`,
    `run ${formatDuration(m.facts.durationMs)}`,
    `Node ${m.facts.nodeVersion}`,
    `exit: ${m.facts.exitReason}`,
    m.facts.threadCount > 1 ? `${m.facts.threadCount} threads` : "",
    m.facts.precise ? "precise sizes" : "",
  ].filter(Boolean);
  const header = h(
    "header",
    { class: "top" },
    h("div", { class: "brand" }, h("span", { class: "logo" }, "memscope"), h("h1", null, m.diff ? `diff · ${report.str(m.diff.baseName)} → ${report.str(m.diff.headName)}` : m.facts.name)),
    h("div", { class: "facts" }, `${m.facts.timestamp} · ${facts.join(" · ")}`),
    nav,
  );
  const main = h("main", { id: "main" });
  app.append(header, main);
  const footer = h("footer", { class: "quiet" }, `memscope-ts ${m.toolVersion} · one self-contained file: no network, nothing loaded from elsewhere.`);
  app.appendChild(footer);

  const range = new TimeRange(m.facts.durationMs);
  const declarationFilter = defaultFilter();
  const scopeFilter: ScopeFilter = { text: "", withMemoryOnly: false };
  const expanded = { open: false };
  let lastSite = -1;

  const route = (): void => {
    const hash = decodeURIComponent(location.hash.replace(/^#/, ""));
    const [view = "", ...rest] = hash.split("/");
    const key = view || (m.diff ? "diff" : "overview");
    clear(main);
    const active = key === "site" ? "declarations" : key === "scope" ? "scopes" : key;
    for (const [tab, a] of tabLinks) a.classList.toggle("active", tab === active);
    let content: HTMLElement;
    if (key === "treemap") content = treemapView(report, rest);
    else if (key === "declarations") content = declarationsView(report, declarationFilter);
    else if (key === "site" && report.sites[Number(rest[0])]) {
      const index = Number(rest[0]);
      if (index !== lastSite) expanded.open = false;
      lastSite = index;
      content = detailView(report, report.sites[index]!, expanded);
    } else if (key === "scopes") content = scopesView(report, scopeFilter);
    else if (key === "scope" && report.scopes[Number(rest[0])]) content = scopeView(report, report.scopes[Number(rest[0])]!);
    else if (key === "diff" && m.diff) content = diffView(report);
    else content = overviewView(report, range);
    main.appendChild(content);
    document.title = `${active === "overview" ? "" : `${active} · `}memscope · ${m.facts.name}`;
    window.scrollTo(0, 0);
    document.body.dataset["view"] = key;
  };
  window.addEventListener("hashchange", route);
  route();
  document.body.dataset["ready"] = "1";
}

start();
