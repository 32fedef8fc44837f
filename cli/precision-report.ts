/**
 * The `memscope summary` block for precise runs: the O(1) estimator against V8's exact
 * self sizes (summary.precision), overall and per category/subcategory. Pure.
 */
import type { PrecisionSummary, Snapshot } from "../format/snapshot.js";
import { formatBytes, formatSignedPercent } from "../render/index.js";
import { keyValueLines, textTable } from "./table.js";

const percent = (value: number | null): string => (value === null ? "n/a" : `${value.toFixed(1)}%`);

/** The section text, or null when the run was not precise (nothing to say). */
export function precisionSection(snapshot: Snapshot): string | null {
  if (!snapshot.metadata.precise) return null;
  const precision: PrecisionSummary | null | undefined = snapshot.summary.precision;
  const heading = "Estimate vs precise sizes (V8 heap snapshot)";
  if (precision === undefined) return `${heading}\n  n/a: this snapshot's summary has no precision block (written by an older version)`;
  if (precision === null) {
    return `${heading}\n  no object was measured: every tracked object was collected before export or not found in the heap snapshot`;
  }
  const pairs: Array<[string, string]> = [
    ["Objects measured", String(precision.measured)],
    ["Estimated size", formatBytes(precision.estimated_bytes)],
    ["Exact self size", formatBytes(precision.precise_self_bytes)],
    ["Exact retained size", formatBytes(precision.precise_retained_bytes)],
    ["Total error", formatSignedPercent(precision.total_error_percent)],
    ["Mean absolute error", percent(precision.mean_absolute_percentage_error)],
  ];
  const table = textTable(
    [
      { header: "category" },
      { header: "subcategory" },
      { header: "objects", align: "right" },
      { header: "estimate", align: "right" },
      { header: "exact self", align: "right" },
      { header: "retained", align: "right" },
      { header: "total error", align: "right" },
      { header: "mean abs. error", align: "right" },
    ],
    precision.by_subcategory.map((g) => [
      g.category,
      g.subcategory,
      String(g.measured),
      formatBytes(g.estimated_bytes),
      formatBytes(g.precise_self_bytes),
      formatBytes(g.precise_retained_bytes),
      formatSignedPercent(g.total_error_percent),
      percent(g.mean_absolute_percentage_error),
    ]),
    "  ",
  );
  return (
    `${heading}\n${keyValueLines(pairs)}\n` +
    `  (estimates count owned backing stores such as elements and hash tables, which V8 counts as separate objects)\n` +
    table
  );
}
