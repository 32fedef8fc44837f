/**
 * Writes `<name>_report.html` (renderReports, on every export) and the diff report
 * (`memscope diff --html`): model, document, written in pieces to a temp file and renamed.
 */
import type { Snapshot } from "../../format/snapshot.js";
import { writeStreamAtomic } from "../write/atomic.js";
import { indexSnapshotRecords } from "../draw/model.js";
import type { RecordIndex } from "../derive/record-index.js";
import { htmlDocument, htmlDocumentPieces } from "./document.js";
import { diffModel, type DiffInput, type DiffOptions } from "./diff-model.js";
import { buildHtmlModel, StringTable, type HtmlModel, type ReportSections } from "./model.js";

export function renderHtmlReport(snapshot: ReportSections, index: RecordIndex): string {
  return htmlDocument(buildHtmlModel(snapshot, index));
}

export async function writeHtmlReport(snapshot: ReportSections, index: RecordIndex, path: string): Promise<string> {
  await writeStreamAtomic(path, htmlDocumentPieces(buildHtmlModel(snapshot, index)));
  return path;
}

/** The head's report with the Diff view: every diff row links into the head's declarations. */
export function renderDiffHtmlReport(result: DiffInput, head: Snapshot, options: DiffOptions): string {
  return htmlDocument(diffHtmlModel(result, head, options));
}

function diffHtmlModel(result: DiffInput, head: Snapshot, options: DiffOptions): HtmlModel {
  const table = new StringTable();
  const model = buildHtmlModel(head, indexSnapshotRecords(head), table);
  model.diff = diffModel(result, model, options, table);
  model.strings = table.strings;
  return model;
}

export async function writeDiffHtmlReport(result: DiffInput, head: Snapshot, options: DiffOptions, path: string): Promise<string> {
  await writeStreamAtomic(path, htmlDocumentPieces(diffHtmlModel(result, head, options)));
  return path;
}
