/** An empty run's snapshot says in words why it holds no records; a run with records says nothing of the kind. */
import test from "ava";
import { buildSnapshot } from "../../render/index.js";
import { emptyRaw } from "./generate-raw.js";
import { rawWith, record } from "./fixtures.js";

test("no records, no tracked declaration: the summary says the program's files declare none", (t) => {
  const snapshot = buildSnapshot(emptyRaw());
  t.is(
    snapshot.summary.no_records_reason,
    "No tracked binding ran: the program's files declare no binding memscope-ts tracks, so the reports hold no records.",
  );
});

test("no records, tracked declarations that never ran: the summary counts them", (t) => {
  t.is(
    buildSnapshot({ ...emptyRaw(), tracked_sites: 3 }).summary.no_records_reason,
    "No tracked binding ran: none of the 3 tracked declarations ran before export, so the reports hold no records.",
  );
  t.regex(buildSnapshot({ ...emptyRaw(), tracked_sites: 1 }).summary.no_records_reason ?? "", /none of the 1 tracked declaration ran/);
});

test("records, or records only folded or dropped: no such sentence", (t) => {
  t.false("no_records_reason" in buildSnapshot(rawWith([record()])).summary);
  t.false("no_records_reason" in buildSnapshot({ ...emptyRaw(), dropped_records: 5 }).summary);
});
