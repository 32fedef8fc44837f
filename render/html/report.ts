/**
 * Writes `<name>_report.html` (renderReports, on every export) and the diff report
 * (`memscope diff --html`): model, document, one atomic write.
 */
import type { Snapshot } from "../../format/snapshot.js";
import { writeFileAtomic } from "../write/atomic.js";
import { indexSnapshotRecords } from "../draw/model.js";
import type { RecordIndex } from "../derive/record-index.js";
import { htmlDocument } from "./document.js";
import { diffModel, type DiffInput, type DiffOptions } from "./diff-model.js";
import { buildHtmlModel, StringTable, type ReportSections } from "./model.js";

export function renderHtmlReport(snapshot: ReportSections, index: RecordIndex): string {
  return htmlDocument(buildHtmlModel(snapshot, index));
}

export async function writeHtmlReport(snapshot: ReportSections, index: RecordIndex, path: string): Promise<string> {
  await writeFileAtomic(path, renderHtmlReport(snapshot, index));
  return path;
}

/** The head's report with the Diff view: every diff row links into the head's declarations. */
export function renderDiffHtmlReport(result: DiffInput, head: Snapshot, options: DiffOptions): string {
  const table = new StringTable();
  const model = buildHtmlModel(head, indexSnapshotRecords(head), table);
  model.diff = diffModel(result, model, options, table);
  model.strings = table.strings;
  return htmlDocument(model);
}

export async function writeDiffHtmlReport(result: DiffInput, head: Snapshot, options: DiffOptions, path: string): Promise<string> {
  await writeFileAtomic(path, renderDiffHtmlReport(result, head, options));
  return path;
}
