/**
 * `memscope diff`: compare two snapshots per variable site (file:line + name) and per
 * declared type. Pure: two snapshots in, a comparison and its text/Markdown out.
 *
 * Definitions (also in `memscope diff --help`):
 * - live bytes: heap + off-heap bytes of the records still alive at export
 *   (see records.ts for when a record ends);
 * - records: records registered at the site, including records folded per site
 *   past MEMSCOPE_MAX_RECORDS;
 * - new leak candidates: head candidates at a site (of a kind) where base had none
 *   of that kind — records cannot be matched across runs, sites can;
 * - growth: (head live bytes − base live bytes) / base live bytes × 100 over all
 *   tracked records; infinite when base had none and head has some.
 */
import type { LeakKind, Snapshot } from "../format/snapshot.js";
import { formatBytes, indexSnapshotRecords, shortText, siteFiguresFromIndex } from "../render/index.js";
import { siteKey } from "./records.js";
import { markdownCell, markdownCode, markdownTable, textTable, type Column } from "./table.js";

export interface Side {
  liveBytes: number;
  /** Values registered: records, each `weight` times, plus folded registrations no record stands for. */
  records: number;
  leaks: number;
  /** Its figures count hot-site samples for the values they stand for (≈). */
  extrapolated: boolean;
}

export interface DiffRow {
  key: string;
  label: string;
  type: string;
  base: Side;
  head: Side;
  newLeaks: number;
}

export interface DiffResult {
  sites: DiffRow[];
  types: DiffRow[];
  base: Side;
  head: Side;
  newLeaks: number;
  /** Growth of total live bytes in percent; Infinity when base had none and head has some. */
  growthPercent: number;
  /**
   * When either side's live bytes are extrapolated (hot-site sampling): the 95% margin of
   * the growth in percentage points, from both sides' sampling margins; null otherwise.
   */
  growthMarginPercent: number | null;
  /** The two runs sampled hot sites differently (MEMSCOPE_HOT_SITES): the figures are still comparable (weighted), but say so. */
  samplingDiffers: boolean;
}

const emptySide = (): Side => ({ liveBytes: 0, records: 0, leaks: 0, extrapolated: false });

interface Accumulated {
  label: string;
  type: string;
  side: Side;
  leakKinds: Set<LeakKind>;
  leaksByKind: Map<LeakKind, number>;
}

function accumulate(snapshot: Snapshot, keyOf: "site" | "type"): Map<string, Accumulated> {
  const rows = new Map<string, Accumulated>();
  const row = (key: string, label: string, type: string): Accumulated => {
    let found = rows.get(key);
    if (!found) {
      found = { label, type, side: emptySide(), leakKinds: new Set(), leaksByKind: new Map() };
      rows.set(key, found);
    }
    return found;
  };
  // Types of a site, so leak candidates and folded sites land on the right type row.
  const typeOfSite = new Map<string, string>();
  // Live bytes once per object and values per record weight, from the index every report's figures come from.
  for (const figures of siteFiguresFromIndex(indexSnapshotRecords(snapshot), snapshot.folded_sites)) {
    const site = siteKey({ file: figures.file, line: figures.line, variable_name: figures.name });
    const type = figures.type !== "" ? figures.type : (typeOfSite.get(site) ?? "(folded)");
    if (figures.type !== "") typeOfSite.set(site, figures.type);
    const target = keyOf === "site" ? row(site, site, type) : row(type, type, figures.category);
    target.side.records += figures.values;
    target.side.liveBytes += figures.liveBytes;
    if (figures.extrapolated) target.side.extrapolated = true;
  }
  for (const leak of snapshot.leaks) {
    const site = siteKey(leak);
    const target = keyOf === "site" ? row(site, site, leak.type_name) : row(leak.type_name, leak.type_name, "");
    target.side.leaks += 1;
    target.leakKinds.add(leak.kind);
    target.leaksByKind.set(leak.kind, (target.leaksByKind.get(leak.kind) ?? 0) + 1);
  }
  return rows;
}

function compareRows(base: Map<string, Accumulated>, head: Map<string, Accumulated>): DiffRow[] {
  const keys = new Set([...base.keys(), ...head.keys()]);
  const rows: DiffRow[] = [];
  for (const key of keys) {
    const b = base.get(key);
    const h = head.get(key);
    let newLeaks = 0;
    for (const [kind, count] of h?.leaksByKind ?? []) {
      if (!b?.leakKinds.has(kind)) newLeaks += count;
    }
    rows.push({
      key,
      label: (h ?? b)!.label,
      type: h?.type || b?.type || "",
      base: b?.side ?? emptySide(),
      head: h?.side ?? emptySide(),
      newLeaks,
    });
  }
  return rows.sort(byGrowth);
}

/** Largest growth first: live bytes, then record count, then new leaks; key breaks ties. */
export function byGrowth(a: DiffRow, b: DiffRow): number {
  return (
    b.head.liveBytes - b.base.liveBytes - (a.head.liveBytes - a.base.liveBytes) ||
    b.head.records - b.base.records - (a.head.records - a.base.records) ||
    b.newLeaks - a.newLeaks ||
    (a.key < b.key ? -1 : a.key > b.key ? 1 : 0)
  );
}

export function growthPercent(base: number, head: number): number {
  if (base === 0) return head > 0 ? Infinity : 0;
  return ((head - base) / base) * 100;
}

export function compareSnapshots(base: Snapshot, head: Snapshot): DiffResult {
  const sites = compareRows(accumulate(base, "site"), accumulate(head, "site"));
  const types = compareRows(accumulate(base, "type"), accumulate(head, "type"));
  const total = (rows: DiffRow[], pick: "base" | "head"): Side =>
    rows.reduce(
      (sum, row) => ({
        liveBytes: sum.liveBytes + row[pick].liveBytes,
        records: sum.records + row[pick].records,
        leaks: sum.leaks + row[pick].leaks,
        extrapolated: sum.extrapolated || row[pick].extrapolated,
      }),
      emptySide(),
    );
  const baseTotal = total(sites, "base");
  const headTotal = total(sites, "head");
  return {
    sites,
    types,
    base: baseTotal,
    head: headTotal,
    newLeaks: sites.reduce((sum, row) => sum + row.newLeaks, 0),
    growthPercent: growthPercent(baseTotal.liveBytes, headTotal.liveBytes),
    growthMarginPercent: growthMargin(base, head, baseTotal.liveBytes, headTotal.liveBytes),
    samplingDiffers: JSON.stringify(base.metadata.hot_site_sampling ?? null) !== JSON.stringify(head.metadata.hot_site_sampling ?? null),
  };
}

/**
 * 95% margin of (head − base) / base × 100 from the live bytes' sampling margins
 * (independent runs: the relative errors add in quadrature); null when neither is extrapolated.
 */
function growthMargin(base: Snapshot, head: Snapshot, baseBytes: number, headBytes: number): number | null {
  const b = base.summary.sampling?.figures.includes("active_memory_bytes") ? base.summary.sampling.active_memory_margin_bytes : null;
  const h = head.summary.sampling?.figures.includes("active_memory_bytes") ? head.summary.sampling.active_memory_margin_bytes : null;
  if (b === null && h === null) return null;
  if (!(baseBytes > 0)) return null;
  const ratio = headBytes / baseBytes;
  return 100 * ratio * Math.sqrt(((h ?? 0) / Math.max(headBytes, 1)) ** 2 + ((b ?? 0) / baseBytes) ** 2);
}

export function formatPercent(value: number): string {
  if (value === Infinity) return "new";
  if (value === 0) return "0.0%";
  return `${value > 0 ? "+" : ""}${value.toFixed(1)}%`;
}

export function signedBytes(delta: number): string {
  if (delta === 0) return "0 B";
  return `${delta > 0 ? "+" : "-"}${formatBytes(Math.abs(delta))}`;
}

/** "≈" before a side's figures when they are extrapolated from hot-site samples. */
export const approxSide = (side: Side): string => (side.extrapolated ? "≈" : "");

function tableRows(rows: DiffRow[]): string[][] {
  return rows.map((row) => [
    shortText(row.label),
    shortText(row.type),
    `${approxSide(row.base)}${formatBytes(row.base.liveBytes)}`,
    `${approxSide(row.head)}${formatBytes(row.head.liveBytes)}`,
    `${row.base.extrapolated || row.head.extrapolated ? "≈" : ""}${signedBytes(row.head.liveBytes - row.base.liveBytes)}`,
    `${row.base.extrapolated || row.head.extrapolated ? "≈" : ""}${formatPercent(growthPercent(row.base.liveBytes, row.head.liveBytes))}`,
    `${approxSide(row.base)}${row.base.records} → ${approxSide(row.head)}${row.head.records}`,
    row.newLeaks === 0 ? "" : String(row.newLeaks),
  ]);
}

function columns(first: string, second: string): Column[] {
  return [
    { header: first, code: true },
    { header: second, code: true },
    { header: "base live", align: "right" },
    { header: "head live", align: "right" },
    { header: "change", align: "right" },
    { header: "%", align: "right" },
    { header: "records", align: "right" },
    { header: "new leaks", align: "right" },
  ];
}

/** Rows worth showing: anything that changed, largest growth first, at most `top`. */
function shown(rows: DiffRow[], top: number): DiffRow[] {
  return rows
    .filter(
      (r) => r.head.liveBytes !== r.base.liveBytes || r.head.records !== r.base.records || r.newLeaks > 0,
    )
    .slice(0, top);
}

export interface FormatOptions {
  baseName: string;
  headName: string;
  top: number;
  markdown: boolean;
  /** When a gate was asked for: its threshold and whether it failed. */
  gate?: { thresholdPercent: number; failed: boolean };
}

export function formatDiff(result: DiffResult, options: FormatOptions): string {
  const { top, markdown } = options;
  const either = result.base.extrapolated || result.head.extrapolated ? "≈" : "";
  const margin = result.growthMarginPercent === null || !Number.isFinite(result.growthPercent) ? "" : ` ±${result.growthMarginPercent.toFixed(1)} pp at 95%`;
  const headline =
    `Live tracked bytes: ${approxSide(result.base)}${formatBytes(result.base.liveBytes)} → ${approxSide(result.head)}${formatBytes(result.head.liveBytes)} ` +
    `(${either}${signedBytes(result.head.liveBytes - result.base.liveBytes)}, ${either}${formatPercent(result.growthPercent)}${margin}); ` +
    `records: ${approxSide(result.base)}${result.base.records} → ${approxSide(result.head)}${result.head.records}; ` +
    `new leak candidates: ${result.newLeaks}`;
  const gate = options.gate
    ? `Gate: growth ${either}${formatPercent(result.growthPercent)}${margin} vs --fail-on-growth ${options.gate.thresholdPercent}%: ` +
      (options.gate.failed ? "FAIL" : "pass") +
      (either ? " (extrapolated: hot-site samples count for the values they stand for)" : "")
    : undefined;
  const samplingNote = either
    ? `≈: extrapolated from hot-site sampling (each kept record counts for the values it stands for)${result.samplingDiffers ? "; the two runs sampled hot sites differently, both weighted the same way" : ""}`
    : undefined;
  const sites = shown(result.sites, top);
  const types = shown(result.types, top);
  const changedSites = shown(result.sites, Infinity).length;
  const changedTypes = shown(result.types, Infinity).length;

  if (markdown) {
    const parts = [
      `### memscope diff: ${markdownCode(options.baseName, false)} → ${markdownCode(options.headName, false)}`,
      markdownCell(headline),
      ...(gate ? [`**${gate}**`] : []),
      ...(samplingNote ? [markdownCell(samplingNote)] : []),
      `#### Variable sites (${sites.length} of ${changedSites} changed, by growth)`,
      sites.length ? markdownTable(columns("site", "type"), tableRows(sites)) : "_No changes._",
      `#### Types (${types.length} of ${changedTypes} changed, by growth)`,
      types.length ? markdownTable(columns("type", "category"), tableRows(types)) : "_No changes._",
    ];
    return parts.join("\n\n") + "\n";
  }
  const parts = [
    `memscope diff: ${options.baseName} → ${options.headName}`,
    headline,
    ...(gate ? [gate] : []),
    ...(samplingNote ? [samplingNote] : []),
    "",
    `Variable sites (${sites.length} of ${changedSites} changed, by growth)`,
    sites.length ? textTable(columns("site", "type"), tableRows(sites), "  ") : "  (no changes)",
    "",
    `Types (${types.length} of ${changedTypes} changed, by growth)`,
    types.length ? textTable(columns("type", "category"), tableRows(types), "  ") : "  (no changes)",
  ];
  return parts.join("\n") + "\n";
}
