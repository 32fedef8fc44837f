/**
 * `memscope summary`: the eight metrics and the largest variables, sites and leak
 * candidates of one snapshot, as aligned text. Pure: snapshot in, text out.
 */
import type { Snapshot } from "../format/snapshot.js";
import { formatBytes, runtimeCounterNotes } from "../render/index.js";
import { indexObjects, isAliveAtExport, location, objectBytes, recordBytes } from "./records.js";
import { keyValueLines, textTable } from "./table.js";
import { precisionSection } from "./precision-report.js";

const percent = (value: number | null): string => (value === null ? "n/a" : `${value.toFixed(1)}%`);
/** A precise-mode size, "n/a" where precise mode did not measure the object. */
const measured = (bytes: number | null | undefined): string => (bytes == null ? "n/a" : formatBytes(bytes));

export function metricPairs(snapshot: Snapshot): Array<[string, string]> {
  const s = snapshot.summary;
  const v8Peak = s.v8_peak_heap_used_bytes === null ? "n/a" : formatBytes(s.v8_peak_heap_used_bytes);
  return [
    ["Active memory", formatBytes(s.active_memory_bytes)],
    ["Peak memory", `${formatBytes(s.peak_memory_bytes)} (V8 peak heap used: ${v8Peak})`],
    ["Active allocations", String(s.active_allocations)],
    ["Memory efficiency", percent(s.memory_efficiency_percent)],
    ["Median allocation size", formatBytes(s.median_allocation_bytes)],
    ["P95 allocation size", formatBytes(s.p95_allocation_bytes)],
    ["Heap fragmentation", percent(s.heap_fragmentation_percent)],
    ["Allocation density", `${s.allocation_density.toFixed(2)} records per site`],
  ];
}

interface SiteTotals {
  name: string;
  type: string;
  where: string;
  records: number;
  bytes: number;
  liveBytes: number;
}

export function siteTotals(snapshot: Snapshot): SiteTotals[] {
  const bySite = new Map<string, SiteTotals>();
  const entry = (key: string, name: string, type: string, where: string): SiteTotals => {
    let totals = bySite.get(key);
    if (!totals) {
      totals = { name, type, where, records: 0, bytes: 0, liveBytes: 0 };
      bySite.set(key, totals);
    }
    return totals;
  };
  // Bytes are counted once per object, as the reports count them: a later holder of an
  // object registered before (alias, move) adds its record but no bytes.
  const objects = indexObjects(snapshot.allocations, snapshot.relations);
  for (const record of snapshot.allocations) {
    const where = location(record);
    const totals = entry(`${where} ${record.variable_name}`, record.variable_name, record.type_name, where);
    const bytes = objectBytes(record, objects);
    totals.records += 1;
    totals.bytes += bytes;
    if (isAliveAtExport(record)) totals.liveBytes += bytes;
  }
  for (const folded of snapshot.folded_sites) {
    const where = location(folded);
    const totals = entry(`${where} ${folded.variable_name}`, folded.variable_name, "", where);
    totals.records += folded.count;
    totals.bytes += folded.bytes;
  }
  return [...bySite.values()].sort((a, b) => b.bytes - a.bytes || a.where.localeCompare(b.where));
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
        `${m.precise ? "precise sizes" : "estimated sizes"}, ended by ${m.exit_reason}`,
    ].join("\n"),
  );

  sections.push(`Metrics\n${keyValueLines(metricPairs(snapshot))}`);

  const totals: Array<[string, string]> = [
    ["Records", `${s.total_allocations} (${formatBytes(s.total_bytes)})`],
    ["Variable sites", String(s.tracked_sites)],
  ];
  if (snapshot.dropped_records > 0) {
    totals.push(["Folded records", `${snapshot.dropped_records} (kept per site, not individually)`]);
  }
  sections.push(`Totals\n${keyValueLines(totals)}`);

  const notes = runtimeCounterNotes(m.runtime_counters ?? null);
  if (notes.length > 0) sections.push(`Runtime notes\n${notes.map((note) => `  ${note}`).join("\n")}`);

  const precision = precisionSection(snapshot);
  if (precision !== null) sections.push(precision);

  const precise = m.precise;
  const largest = [...snapshot.allocations]
    .sort((a, b) => recordBytes(b) - recordBytes(a) || a.id - b.id)
    .slice(0, top);
  sections.push(
    `Top variables (largest of ${snapshot.allocations.length} records)\n` +
      (largest.length === 0
        ? "  (no records)"
        : textTable(
            [
              { header: "variable" },
              { header: "type" },
              { header: "size", align: "right" },
              ...(precise
                ? [
                    { header: "exact", align: "right" as const },
                    { header: "retained", align: "right" as const },
                  ]
                : []),
              { header: "state" },
              { header: "declared at" },
            ],
            largest.map((r) => [
              r.variable_name,
              r.type_name,
              formatBytes(recordBytes(r)),
              ...(precise ? [measured(r.precise_self_bytes), measured(r.precise_retained_bytes)] : []),
              isAliveAtExport(r) ? (r.scope_exit_time === null ? "live" : "live, scope exited") : "ended",
              location(r),
            ]),
            "  ",
          )),
  );

  const sites = siteTotals(snapshot);
  sections.push(
    `Top allocation sites (of ${sites.length})\n` +
      (sites.length === 0
        ? "  (no sites)"
        : textTable(
            [
              { header: "declared at" },
              { header: "variable" },
              { header: "records", align: "right" },
              { header: "bytes", align: "right" },
              { header: "live bytes", align: "right" },
            ],
            sites.slice(0, top).map((t) => [
              t.where,
              t.name,
              String(t.records),
              formatBytes(t.bytes),
              formatBytes(t.liveBytes),
            ]),
            "  ",
          )),
  );

  const leaks = [...snapshot.leaks].sort((a, b) => b.bytes - a.bytes || a.record_id - b.record_id);
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
              formatBytes(l.bytes),
              location(l),
              l.reason,
            ]),
            "  ",
          )),
  );

  return sections.join("\n\n") + "\n";
}
