/**
 * The Diff view's part of the model, from the comparison `memscope diff` computes
 * (cli/diff-report.ts's compareSnapshots, passed in: render/ never imports the CLI), so
 * the page shows the very rows, totals and gate figure the command prints. Rows that
 * did not change are left out, as the command leaves them out; each site row links to
 * the head's declaration with the same file:line and name.
 */
import type { LeakKind } from "../../format/snapshot.js";
import { runFacts } from "../draw/model.js";
import type { DiffModel, DiffRowModel, HtmlModel, ReportSections, StringTable } from "./model.js";

/** Rows per table embedded at most (largest growth first, as sorted by the comparison). */
export const DIFF_ROWS = 5_000;

export interface DiffSide {
  liveBytes: number;
  records: number;
  leaks: number;
  /** Its figures count hot-site samples for the values they stand for (≈). */
  extrapolated?: boolean;
}

export interface DiffRowInput {
  key: string;
  label: string;
  type: string;
  base: DiffSide;
  head: DiffSide;
  newLeaks: number;
}

/** The shape of cli/diff-report.ts's DiffResult. */
export interface DiffInput {
  sites: DiffRowInput[];
  types: DiffRowInput[];
  base: DiffSide;
  head: DiffSide;
  newLeaks: number;
  growthPercent: number;
  /** The growth's 95% sampling margin in percentage points when a side is extrapolated, as `memscope diff` prints it. */
  growthMarginPercent?: number | null;
}

export interface DiffOptions {
  baseName: string;
  headName: string;
  base: Pick<ReportSections, "metadata" | "leaks">;
  gate?: { thresholdPercent: number; failed: boolean };
  /** The command's own wording of a growth (base → head live bytes) and of a change in bytes. */
  growthText: (baseBytes: number, headBytes: number) => string;
  changeText: (deltaBytes: number) => string;
}

const changed = (row: DiffRowInput): boolean => row.head.liveBytes !== row.base.liveBytes || row.head.records !== row.base.records || row.newLeaks > 0;
const side = (s: DiffSide): [number, number, number] => [s.liveBytes, s.records, s.leaks];
/** "≈" before a comparison when either side is extrapolated from hot-site samples, as `memscope diff` prints it. */
const approx = (base: DiffSide, head: DiffSide): string => (base.extrapolated || head.extrapolated ? "≈" : "");

/** Identity of a declaration across runs, as cli/records.ts's siteKey spells it. */
export function siteKeyOf(file: string, line: number, name: string): string {
  return `${file}:${line} ${name}`;
}

export function diffModel(result: DiffInput, head: HtmlModel, options: DiffOptions, table: StringTable): DiffModel {
  const headSite = new Map<string, number>();
  head.sites.forEach((site, at) => {
    const key = siteKeyOf(head.strings[site.file] as string, site.line, head.strings[site.name] as string);
    if (!headSite.has(key)) headSite.set(key, at);
  });
  const rows = (input: DiffRowInput[], sites: boolean): { rows: DiffRowModel[]; changed: number } => {
    const shown = input.filter(changed);
    return {
      changed: shown.length,
      rows: shown.slice(0, DIFF_ROWS).map((row) => ({
        label: table.id(row.label),
        type: table.id(row.type),
        base: side(row.base),
        head: side(row.head),
        newLeaks: row.newLeaks,
        growth: approx(row.base, row.head) + options.growthText(row.base.liveBytes, row.head.liveBytes),
        change: approx(row.base, row.head) + options.changeText(row.head.liveBytes - row.base.liveBytes),
        extrapolated: approx(row.base, row.head) !== "",
        site: sites ? (headSite.get(row.key) ?? -1) : -1,
      })),
    };
  };
  const siteRows = rows(result.sites, true);
  const typeRows = rows(result.types, false);
  // The head's candidates of a kind its site did not have in base: the rows' newLeaks, one by one.
  const baseKinds = new Map<string, Set<LeakKind>>();
  for (const leak of options.base.leaks) {
    const key = siteKeyOf(leak.file, leak.line, leak.variable_name);
    const kinds = baseKinds.get(key) ?? new Set<LeakKind>();
    kinds.add(leak.kind);
    baseKinds.set(key, kinds);
  }
  const newLeakCandidates: number[] = [];
  head.leaks.forEach((leak, at) => {
    if (!baseKinds.get(siteKeyOf(leak.file, leak.line, leak.variable_name))?.has(leak.kind)) newLeakCandidates.push(at);
  });
  return {
    baseName: table.id(options.baseName),
    headName: table.id(options.headName),
    baseFacts: runFacts(options.base),
    base: side(result.base),
    head: side(result.head),
    newLeaks: result.newLeaks,
    growthPercent: Number.isFinite(result.growthPercent) ? result.growthPercent : null,
    growth:
      approx(result.base, result.head) +
      options.growthText(result.base.liveBytes, result.head.liveBytes) +
      (result.growthMarginPercent == null || !Number.isFinite(result.growthPercent) ? "" : ` ±${result.growthMarginPercent.toFixed(1)} pp at 95%`),
    change: approx(result.base, result.head) + options.changeText(result.head.liveBytes - result.base.liveBytes),
    extrapolated: approx(result.base, result.head) !== "",
    gate: options.gate ?? null,
    sites: siteRows.rows,
    siteRowsChanged: siteRows.changed,
    types: typeRows.rows,
    typeRowsChanged: typeRows.changed,
    newLeakCandidates,
  };
}
