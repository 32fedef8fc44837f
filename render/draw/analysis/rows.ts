/**
 * The analysis dashboard's record-derived parts (top variables, top sites, the size
 * histogram) over the record columns, ties kept in order of first appearance, without a
 * Map lookup by string per record.
 */
import type { FoldedSite, VariableSite } from "../../../format/snapshot.js";
import type { Category, InitializerKind } from "../../../format/protocol.js";
import type { RecordIndex } from "../../derive/record-index.js";
import { topBy } from "../../derive/top-by.js";
import { objectSizesAt } from "../../derive/summary.js";
import { foldedShares, type FoldedShare } from "../../derive/sampling.js";

export interface HistogramBin {
  /** Inclusive lower bound in bytes. */
  lo: number;
  /** Exclusive upper bound in bytes. */
  hi: number;
  count: number;
  bytes: number;
}

/** One declaration, ranked by its largest single object (by retained size in precise mode). */
export interface VariableRow {
  siteId: number;
  name: string;
  type: string;
  category: Category;
  file: string;
  line: number;
  /** Its objects (records that are not later holders), each record `weight` times. */
  records: number;
  /** Objects alive at export, each record `weight` times. */
  alive: number;
  totalBytes: number;
  /** Estimated bytes of its largest object. */
  largestBytes: number;
  largestId: number;
  /**
   * What the row is ranked by: "retained" (precise mode: the largest object by retained
   * size, the estimate standing in where not measured) or "estimate".
   */
  measure: "estimate" | "retained";
  /** The largest object's size in that measure. */
  rankBytes: number;
  /** Its records, alive count or bytes include records with a weight above 1 (≈). */
  extrapolated: boolean;
}

export interface SiteRow {
  file: string;
  line: number;
  names: string[];
  type: string;
  count: number;
  bytes: number;
  /** Registrations counted without a record of their own (sampled out, past the cap). */
  folded: number;
  /**
   * The part of `bytes` extrapolated for values left out by hot-site sampling (not
   * measured one by one): weighted records' bytes beyond their own, and sampled-out
   * values no record stands for.
   */
  extrapolated: number;
}

/**
 * One row per declaration (variable site), ranked by its largest single object: by its
 * retained size when `precise` (the run measured exact sizes), else by the estimate.
 */
export function topVariablesFromIndex(index: RecordIndex, k: number, precise = false): VariableRow[] {
  const strings = index.columns.strings;
  const { id, line, siteId } = index.columns.numbers;
  const { variableName, typeName, category, file } = index.columns.texts;
  const rowOfSlot = new Int32Array(index.siteCount).fill(-1);
  const rows: VariableRow[] = [];
  for (let row = 0; row < index.count; row++) {
    if (index.shared[row] === 1) continue;
    const slot = index.siteSlot[row] as number;
    const bytes = index.objectBytes[row] as number;
    const weight = index.weight[row] as number;
    let at = rowOfSlot[slot] as number;
    if (at < 0) {
      at = rows.length;
      rowOfSlot[slot] = at;
      rows.push({
        siteId: siteId[row] as number,
        name: strings[variableName[row] as number] as string,
        type: strings[typeName[row] as number] as string,
        category: strings[category[row] as number] as Category,
        file: strings[file[row] as number] as string,
        line: line[row] as number,
        records: 0,
        alive: 0,
        totalBytes: 0,
        largestBytes: -1,
        largestId: id[row] as number,
        measure: precise ? "retained" : "estimate",
        rankBytes: -1,
        extrapolated: false,
      });
    }
    const variable = rows[at] as VariableRow;
    variable.records += weight;
    variable.totalBytes += bytes * weight;
    if (weight > 1) variable.extrapolated = true;
    if (index.alive[row] === 1) variable.alive += weight;
    const measured = precise ? (objectSizesAt(index, row)?.retained ?? bytes) : bytes;
    if (measured > variable.rankBytes) {
      variable.rankBytes = measured;
      variable.largestBytes = bytes;
      variable.largestId = id[row] as number;
    }
  }
  return topBy(rows, k, (row) => row.rankBytes);
}

interface SiteAccumulator extends SiteRow {
  nameIds: number[];
}

const LINE_KEY_LIMIT = 2 ** 32;

/** Per source line (file:line), records and bytes, plus the values counted there without a record (sampled out, past the cap). */
export function topSitesFromIndex(index: RecordIndex, folded: readonly FoldedSite[], k: number): SiteRow[] {
  const strings = index.columns.strings;
  const { line } = index.columns.numbers;
  const { variableName, typeName, file } = index.columns.texts;
  const sites = new Map<number | string, SiteAccumulator>();
  const keyOf = (fileText: string, fileId: number, lineNumber: number): number | string =>
    fileId >= 0 && Number.isInteger(lineNumber) && lineNumber >= 0 && lineNumber < LINE_KEY_LIMIT
      ? fileId * LINE_KEY_LIMIT + lineNumber
      : `${fileText}\u0000${lineNumber}`;
  const siteFor = (fileText: string, fileId: number, lineNumber: number, type: string): SiteAccumulator => {
    const key = keyOf(fileText, fileId, lineNumber);
    let site = sites.get(key);
    if (!site) {
      site = { file: fileText, line: lineNumber, names: [], nameIds: [], type, count: 0, bytes: 0, folded: 0, extrapolated: 0 };
      sites.set(key, site);
    }
    return site;
  };
  // A variable site's records nearly always share one file:line: remember each site's last.
  const lastFile = new Int32Array(index.siteCount).fill(-1);
  const lastLine = new Float64Array(index.siteCount);
  const lastSite: Array<SiteAccumulator | undefined> = new Array(index.siteCount);
  for (let row = 0; row < index.count; row++) {
    if (index.shared[row] === 1) continue;
    const f = file[row] as number;
    const l = line[row] as number;
    const slot = index.siteSlot[row] as number;
    let site = lastSite[slot];
    if (site === undefined || lastFile[slot] !== f || lastLine[slot] !== l) {
      site = siteFor(strings[f] as string, f, l, strings[typeName[row] as number] as string);
      lastSite[slot] = site;
      lastFile[slot] = f;
      lastLine[slot] = l;
    }
    const name = variableName[row] as number;
    if (site.nameIds.length < 3 && !site.nameIds.includes(name)) {
      site.nameIds.push(name);
      site.names.push(strings[name] as string);
    }
    const weight = index.weight[row] as number;
    const bytes = index.objectBytes[row] as number;
    site.count += weight;
    site.bytes += bytes * weight;
    if (weight > 1) site.extrapolated += bytes * (weight - 1);
  }
  const fileIds = new Map<string, number>();
  strings.forEach((text, at) => {
    if (!fileIds.has(text)) fileIds.set(text, at);
  });
  const shares = foldedShares(index, folded);
  folded.forEach((foldedSite, position) => {
    const share = shares[position] as FoldedShare;
    // Folded sites name their file as text: the same string has the same id when the records have it.
    const at = siteFor(foldedSite.file, fileIds.get(foldedSite.file) ?? -1, foldedSite.line, "");
    if (!at.names.includes(foldedSite.variable_name) && at.names.length < 3) {
      at.names.push(foldedSite.variable_name);
      at.nameIds.push(-1);
    }
    at.count += share.count;
    at.bytes += share.bytes;
    at.folded += foldedSite.count;
    at.extrapolated += share.extrapolated;
  });
  return topBy(sites.values(), k, (s) => s.bytes).map(({ nameIds: _ids, ...row }) => row);
}

/** Power-of-two size bins from the smallest to the largest object ([0,1) holds empty records); each record counts `weight` times. */
export function histogramFromIndex(index: RecordIndex): HistogramBin[] {
  const counts = new Map<number, HistogramBin>();
  // Bins by exponent + 1 in an array first (exponents of finite doubles fit); the Map keeps the rest.
  const byExponent: Array<HistogramBin | undefined> = new Array(1026);
  for (let row = 0; row < index.count; row++) {
    if (index.shared[row] === 1) continue;
    const bytes = index.objectBytes[row] as number;
    const exponent = bytes < 1 ? -1 : Math.floor(Math.log2(bytes));
    const slot = exponent + 1;
    let bin = slot >= 0 && slot < byExponent.length ? byExponent[slot] : counts.get(exponent);
    if (!bin) {
      bin = exponent < 0 ? { lo: 0, hi: 1, count: 0, bytes: 0 } : { lo: 2 ** exponent, hi: 2 ** (exponent + 1), count: 0, bytes: 0 };
      counts.set(exponent, bin);
      if (slot >= 0 && slot < byExponent.length) byExponent[slot] = bin;
    }
    const weight = index.weight[row] as number;
    bin.count += weight;
    bin.bytes += bytes * weight;
  }
  if (counts.size === 0) return [];
  const exponents = [...counts.keys()];
  const min = Math.min(...exponents);
  const max = Math.max(...exponents);
  const bins: HistogramBin[] = [];
  for (let e = min; e <= max; e++) {
    bins.push(counts.get(e) ?? (e < 0 ? { lo: 0, hi: 1, count: 0, bytes: 0 } : { lo: 2 ** e, hi: 2 ** (e + 1), count: 0, bytes: 0 }));
  }
  return bins;
}

/** A declaration whose records name values that existed before (reads, string literals). */
export interface NameSiteRow {
  name: string;
  file: string;
  line: number;
  initializer: InitializerKind;
  /** Records plus registrations counted without a record. */
  registrations: number;
}

/** The declarations that read (or bind a literal string), most registrations first. */
export function nameSiteRows(index: RecordIndex, sites: readonly VariableSite[], folded: readonly FoldedSite[]): NameSiteRow[] {
  const rows = new Map<number, NameSiteRow>();
  for (const site of sites) {
    if (site.initializer !== "reads" && site.initializer !== "literal_string") continue;
    rows.set(site.site_id, { name: site.variable_name, file: site.file, line: site.line, initializer: site.initializer, registrations: 0 });
  }
  if (rows.size === 0) return [];
  const siteId = index.columns.numbers.siteId;
  for (let row = 0; row < index.count; row++) {
    if (index.name[row] !== 1) continue;
    const found = rows.get(siteId[row] as number);
    if (found) found.registrations += index.weight[row] as number;
  }
  const shares = foldedShares(index, folded);
  folded.forEach((f, position) => {
    const found = rows.get(f.site_id);
    if (found) found.registrations += (shares[position] as FoldedShare).count;
  });
  return [...rows.values()].sort((a, b) => b.registrations - a.registrations || a.file.localeCompare(b.file) || a.line - b.line);
}
