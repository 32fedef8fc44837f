/**
 * What the runtime counted instead of recording, as sentences for a reader: the analysis
 * SVG's footer and `memscope summary` both print them. Pure.
 */
import type { Metadata, RuntimeCounters } from "../../format/snapshot.js";
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
  const abandoned = counters.abandoned_scopes ?? 0;
  if (abandoned > 0) {
    const late = counters.late_scope_exits ?? 0;
    notes.push(
      `${countOf(abandoned, "scope instance")} never exited (generators abandoned before their end, or async functions that never resumed) and ${abandoned === 1 ? "was" : "were"} closed by the runtime when all ${formatCount(SCOPE_SLOTS)} scope slots were open at once: their scope exit time is that moment` +
        (late > 0 ? `; ${countOf(late, "later exit")} of them ${late === 1 ? "was" : "were"} ignored.` : "."),
    );
  }
  const unwatched = counters.unwatched_collections;
  if (unwatched > 0) {
    notes.push(`${countOf(unwatched, "collection")} ${unwatched === 1 ? "was" : "were"} not re-measured after registration (watch budget full, or made in a long synchronous stretch): size as at registration.`);
  }
  return notes;
}

/**
 * Sentences about how the export measured: liveness it could not settle, precise mode
 * that was asked for and could not run (the reason, and that sizes are estimates).
 */
export function exportNotes(metadata: Pick<Metadata, "liveness" | "precise_unavailable">): string[] {
  const notes: string[] = [];
  const liveness = metadata.liveness;
  if (liveness !== undefined) {
    if (liveness.method === "none") {
      notes.push("Liveness was not settled: no full GC could be forced before the export, so objects nothing referenced any more may read as alive.");
    } else if (liveness.unsettled_records > 0) {
      const n = liveness.unsettled_records;
      notes.push(
        `Liveness of ${countOf(n, "object")} could not be settled: the program ended without a further turn of the event loop (process.exit(), an uncaught exception, a signal, or its own 'beforeExit' listener), so whether the exit's GC reclaimed ${n === 1 ? "it" : "them"} cannot be observed; ${n === 1 ? "it is" : "they are"} reported alive.`,
      );
    }
  }
  if (metadata.precise_unavailable !== undefined) {
    notes.push(`Precise mode was asked for but measured nothing: ${metadata.precise_unavailable}. All sizes are O(1) estimates.`);
  }
  return notes;
}

/** runtime/store.ts SLOT_LIMIT: scope instances open at once. */
const SCOPE_SLOTS = 1 << 21;

function countOf(count: number, noun: string): string {
  return `${formatCount(count)} ${noun}${count === 1 ? "" : "s"}`;
}
