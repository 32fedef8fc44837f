/**
 * `memscope summary`: the eight metrics and the largest variables, sites and leak
 * candidates of one snapshot, as aligned text. Pure: snapshot in, text out.
 */
import type { Snapshot } from "../format/snapshot.js";
import {
  exportNotes, formatBytes, formatCount, indexSnapshotRecords, leakBytesText, metricCards, nameSiteRows, peakSourceOf, preciseCells, runtimeCounterNotes, shortText, topSitesFromIndex, topVariablesFromIndex,
} from "../render/index.js";
import { location } from "./records.js";
import { keyValueLines, textTable } from "./table.js";
import { precisionSection } from "./precision-report.js";

/** A precise-mode size, "n/a" where precise mode did not measure the object. */
const measured = (bytes: number | null | undefined): string => (bytes == null ? "n/a" : formatBytes(bytes));

/**
 * The eight metrics as the analysis SVG's cards and the HTML report show them (the same
 * texts: metricCards, ≈ on extrapolated figures), with the CLI's words beside them.
 */
export function metricPairs(snapshot: Snapshot): Array<[string, string]> {
  const s = snapshot.summary;
  const v8Peak = s.v8_peak_heap_used_bytes === null ? "n/a" : formatBytes(s.v8_peak_heap_used_bytes);
  const cards = metricCards({ summary: s, peakSource: peakSourceOf(snapshot, s.total_allocations), sampleCount: snapshot.timeline.length });
  const value = (i: number): string => (cards[i] as { value: string }).value;
  const sampling = s.sampling;
  const margin = (key: "active_memory_bytes" | "active_allocations"): string =>
    !sampling || !sampling.figures.includes(key)
      ? ""
      : ` (±${key === "active_memory_bytes" ? formatBytes(sampling.active_memory_margin_bytes) : String(sampling.active_allocations_margin)} at 95%)`;
  return [
    ["Active memory", `${value(0)}${margin("active_memory_bytes")}`],
    ["Peak memory", `${value(1)} (V8 peak heap used: ${v8Peak})`],
    ["Active allocations", `${value(2)}${margin("active_allocations")}`],
    ["Memory efficiency", `${value(3)} (active ÷ peak tracked bytes)`],
    ["Median allocation size", value(4)],
    ["P95 allocation size", value(5)],
    ["Heap fragmentation", `${value(6)} (V8 old generation: free ÷ committed)`],
    ["Allocation density", `${value(7)} records per site`],
  ];
}

export function formatSummary(snapshot: Snapshot, source: string, top: number): string {
  const m = snapshot.metadata;
  const s = snapshot.summary;
  const sections: string[] = [];

  sections.push(
    [
      `memscope summary: ${m.name} (${source})`,
      `  ${m.timestamp}, node ${m.node_version}, ${(m.duration_ms / 1000).toFixed(2)} s, ` +
        `${m.thread_count} thread${m.thread_count === 1 ? "" : "s"}, ` +
        `${m.precise ? "precise sizes" : m.precise_unavailable !== undefined ? "estimated sizes (precise: n/a, see the notes)" : "estimated sizes"}, ended by ${m.exit_reason}`,
    ].join("\n"),
  );

  sections.push(`Metrics\n${keyValueLines(metricPairs(snapshot))}`);

  const totals: Array<[string, string]> = [
    ["Records", `${s.total_allocations} (${s.sampling?.figures.includes("total_bytes") ? "≈" : ""}${formatBytes(s.total_bytes)})`],
    ["Variable sites", String(s.tracked_sites)],
  ];
  if (snapshot.dropped_records > 0) {
    totals.push(["Folded records", `${snapshot.dropped_records} (kept per site, not individually)`]);
  }
  if (s.sampling) {
    totals.push([
      "Sampled values",
      `${s.sampling.weighted_records} records kept by hot-site sampling stand for ${s.sampling.represented_registrations} values (≈: extrapolated from them)`,
    ]);
  }
  sections.push(`Totals\n${keyValueLines(totals)}`);

  const empty = snapshot.summary.no_records_reason;
  const notes = [...(empty === undefined ? [] : [empty]), ...runtimeCounterNotes(m.runtime_counters ?? null), ...exportNotes(m)];
  if (notes.length > 0) sections.push(`Runtime notes\n${notes.map((note) => `  ${note}`).join("\n")}`);

  const precision = precisionSection(snapshot);
  if (precision !== null) sections.push(precision);

  // The same derivations as the analysis SVG's tables (render/index-models.ts), so every
  // figure that appears in both is the same number.
  const index = indexSnapshotRecords(snapshot);
  const precise = m.precise;
  const largest = topVariablesFromIndex(index, top, precise);
  const cells = preciseCells(index, largest, precise);
  sections.push(
    `Top variables (largest object per declaration${precise ? " by retained size" : ""}, of ${index.siteCount} declarations with records)\n` +
      (largest.length === 0
        ? "  (no records)"
        : textTable(
            [
              { header: "variable" },
              { header: "type" },
              { header: "largest", align: "right" },
              ...(precise
                ? [
                    { header: "exact", align: "right" as const },
                    { header: "retained", align: "right" as const },
                  ]
                : []),
              { header: "records", align: "right" },
              { header: "alive", align: "right" },
              { header: "declared at" },
            ],
            largest.map((v) => [
              v.name,
              shortText(v.type),
              formatBytes(v.largestBytes),
              ...(precise ? [measured(cells?.[v.largestId]?.self), measured(cells?.[v.largestId]?.retained)] : []),
              `${v.extrapolated ? "≈" : ""}${formatCount(v.records)}`,
              `${v.extrapolated ? "≈" : ""}${formatCount(v.alive)}`,
              location(v),
            ]),
            "  ",
          )),
  );

  const sites = topSitesFromIndex(index, snapshot.folded_sites, top);
  const approx = (bytes: number, extrapolated: number): string => `${extrapolated > 0 ? "≈" : ""}${formatBytes(bytes)}`;
  sections.push(
    `Top allocation sites (file:line)\n` +
      (sites.length === 0
        ? "  (no sites)"
        : textTable(
            [
              { header: "declared at" },
              { header: "variables" },
              { header: "records", align: "right" },
              { header: "bytes", align: "right" },
            ],
            sites.map((t) => [location(t), t.names.join(", "), `${t.extrapolated > 0 ? "≈" : ""}${formatCount(t.count)}`, approx(t.bytes, t.extrapolated)]),
            "  ",
          )) +
      (sites.some((t) => t.extrapolated > 0) ? "\n  ≈: includes bytes extrapolated for values left out by hot-site sampling" : ""),
  );

  const names = nameSiteRows(index, snapshot.variable_sites ?? [], snapshot.folded_sites);
  if (names.length > 0) {
    sections.push(
      `Reads (declarations that name existing values: no new bytes, never a leak candidate; ${names.length})\n` +
        textTable(
          [{ header: "declared at" }, { header: "variable" }, { header: "initializer" }, { header: "registrations", align: "right" }],
          names.slice(0, top).map((r) => [location(r), r.name, r.initializer === "reads" ? "reads" : "string literal", String(r.registrations)]),
          "  ",
        ),
    );
  }

  const leaks = snapshot.leaks;
  sections.push(
    `Leak candidates (${leaks.length})\n` +
      (leaks.length === 0
        ? "  (none)"
        : textTable(
            [
              { header: "kind" },
              { header: "variable" },
              { header: "type" },
              { header: "bytes", align: "right" },
              { header: "declared at" },
              { header: "why", wrap: true },
            ],
            leaks.slice(0, top).map((l) => [
              l.kind,
              l.variable_name,
              shortText(l.type_name),
              leakBytesText(l),
              location(l),
              l.reason,
            ]),
            "  ",
          )),
  );

  return sections.join("\n\n") + "\n";
}
