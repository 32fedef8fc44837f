/**
 * `memscope summary`: the eight metrics and the largest variables, sites and leak
 * candidates of one snapshot, as aligned text. Pure: snapshot in, text out.
 */
import type { Snapshot } from "../format/snapshot.js";
import { exportNotes, formatBytes, indexSnapshotRecords, leakBytesText, nameSiteRows, preciseCells, runtimeCounterNotes, topSitesFromIndex, topVariablesFromIndex } from "../render/index.js";
import { location } from "./records.js";
import { keyValueLines, textTable } from "./table.js";
import { precisionSection } from "./precision-report.js";

const percent = (value: number | null): string => (value === null ? "n/a" : `${value.toFixed(1)}%`);
/** A precise-mode size, "n/a" where precise mode did not measure the object. */
const measured = (bytes: number | null | undefined): string => (bytes == null ? "n/a" : formatBytes(bytes));

export function metricPairs(snapshot: Snapshot): Array<[string, string]> {
  const s = snapshot.summary;
  const v8Peak = s.v8_peak_heap_used_bytes === null ? "n/a" : formatBytes(s.v8_peak_heap_used_bytes);
  // ≈ on the figures that count hot-site samples for the values they stand for (summary.sampling).
  const extrapolated = new Set(s.sampling?.figures ?? []);
  const approx = (key: string): string => (extrapolated.has(key) ? "≈" : "");
  const margin = (key: "active_memory_bytes" | "active_allocations"): string =>
    !extrapolated.has(key) || !s.sampling
      ? ""
      : ` (±${key === "active_memory_bytes" ? formatBytes(s.sampling.active_memory_margin_bytes) : String(s.sampling.active_allocations_margin)} at 95%)`;
  return [
    ["Active memory", `${approx("active_memory_bytes")}${formatBytes(s.active_memory_bytes)}${margin("active_memory_bytes")}`],
    ["Peak memory", `${approx("peak_memory_bytes")}${formatBytes(s.peak_memory_bytes)} (V8 peak heap used: ${v8Peak})`],
    ["Active allocations", `${approx("active_allocations")}${s.active_allocations}${margin("active_allocations")}`],
    ["Memory efficiency", `${approx("memory_efficiency_percent")}${percent(s.memory_efficiency_percent)} (active ÷ peak tracked bytes)`],
    ["Median allocation size", `${approx("median_allocation_bytes")}${formatBytes(s.median_allocation_bytes)}`],
    ["P95 allocation size", `${approx("p95_allocation_bytes")}${formatBytes(s.p95_allocation_bytes)}`],
    ["Heap fragmentation", `${percent(s.heap_fragmentation_percent)} (V8 old generation: free ÷ committed)`],
    ["Allocation density", `${s.allocation_density.toFixed(2)} records per site`],
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

  const notes = [...runtimeCounterNotes(m.runtime_counters ?? null), ...exportNotes(m)];
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
              v.type,
              formatBytes(v.largestBytes),
              ...(precise ? [measured(cells?.[v.largestId]?.self), measured(cells?.[v.largestId]?.retained)] : []),
              `${v.extrapolated ? "≈" : ""}${v.records}`,
              `${v.extrapolated ? "≈" : ""}${v.alive}`,
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
            sites.map((t) => [location(t), t.names.join(", "), `${t.extrapolated > 0 ? "≈" : ""}${t.count}`, approx(t.bytes, t.extrapolated)]),
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
              { header: "why" },
            ],
            leaks.slice(0, top).map((l) => [
              l.kind,
              l.variable_name,
              l.type_name,
              leakBytesText(l),
              location(l),
              l.reason,
            ]),
            "  ",
          )),
  );

  return sections.join("\n\n") + "\n";
}
