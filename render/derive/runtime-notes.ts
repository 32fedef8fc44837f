/**
 * What the runtime counted instead of recording, as sentences for a reader: the analysis
 * SVG's footer and `memscope summary` both print them. Pure.
 */
import type { RuntimeCounters } from "../../format/snapshot.js";
import { formatCount } from "../units.js";

/** One line per non-zero runtime counter that changes how to read the report. */
export function runtimeCounterNotes(counters: RuntimeCounters | null): string[] {
  if (counters === null) return [];
  const notes: string[] = [];
  const errors = counters.internal_errors;
  if (errors > 0) {
    notes.push(`The runtime caught ${countOf(errors, "error")} of its own (the program never saw ${errors === 1 ? "it" : "them"}): some registrations may be missing.`);
  }
  const invalid = counters.invalid_site_calls + counters.invalid_scope_calls;
  if (invalid > 0) {
    notes.push(`${countOf(invalid, "call")} from instrumented code named an unknown site or scope and ${invalid === 1 ? "was" : "were"} ignored (code built by another memscope-ts version?).`);
  }
  const unwatched = counters.unwatched_collections;
  if (unwatched > 0) {
    notes.push(`${countOf(unwatched, "collection")} ${unwatched === 1 ? "was" : "were"} not re-measured after registration (watch budget full, or made in a long synchronous stretch): size as at registration.`);
  }
  return notes;
}

function countOf(count: number, noun: string): string {
  return `${formatCount(count)} ${noun}${count === 1 ? "" : "s"}`;
}
