/**
 * Per declaration: its live bytes and its values at export, as `memscope diff` and the
 * HTML report's Diff view compare them. Live bytes are the summary's active memory split
 * by declaration (each object once, on its first record, `weight` times); values are its
 * records, each `weight` times (shared holders included), plus the registrations of its
 * folded site that no record stands for (foldedShares).
 */
import type { FoldedSite } from "../../format/snapshot.js";
import type { RecordIndex } from "./record-index.js";
import { foldedShares } from "./sampling.js";

export interface SiteFigures {
  file: string;
  line: number;
  name: string;
  /** Declared type; "" for a folded site without records. */
  type: string;
  category: string;
  liveBytes: number;
  values: number;
  /** Its figures count hot-site samples for the values they stand for, or sampled-out values no record stands for (≈). */
  extrapolated: boolean;
}

export function siteFiguresFromIndex(index: RecordIndex, folded: readonly FoldedSite[]): SiteFigures[] {
  const strings = index.columns.strings;
  const { variableName, typeName, category, file } = index.columns.texts;
  const { line } = index.columns.numbers;
  const figures: SiteFigures[] = [];
  const slotFigures: Array<SiteFigures | undefined> = new Array(index.siteCount);
  for (let row = 0; row < index.count; row++) {
    const slot = index.siteSlot[row] as number;
    let site = slotFigures[slot];
    if (site === undefined) {
      site = {
        file: strings[file[row] as number] as string,
        line: line[row] as number,
        name: strings[variableName[row] as number] as string,
        type: strings[typeName[row] as number] as string,
        category: strings[category[row] as number] as string,
        liveBytes: 0,
        values: 0,
        extrapolated: false,
      };
      slotFigures[slot] = site;
      figures.push(site);
    }
    const weight = index.weight[row] as number;
    site.values += weight;
    if (weight > 1) site.extrapolated = true;
    if (index.alive[row] === 1 && index.shared[row] === 0) site.liveBytes += (index.objectBytes[row] as number) * weight;
  }
  const shares = foldedShares(index, folded);
  folded.forEach((site, at) => {
    const share = shares[at]!;
    figures.push({
      file: site.file,
      line: site.line,
      name: site.variable_name,
      type: "",
      category: "",
      liveBytes: 0,
      values: share.count,
      extrapolated: share.extrapolated > 0,
    });
  });
  return figures;
}
