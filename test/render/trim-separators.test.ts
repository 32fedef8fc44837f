import test from "ava";
import fc from "fast-check";
import { trimSeparators } from "../../render/read/json-lines.js";

// What the reader stripped before (a regex); on JSON text (whose whitespace is only
// space, tab, CR and LF) the loop must give the same result.
const regexTrim = (text: string): string => text.replace(/^[\s,]+/, "").replace(/[\s,]+$/, "");

test("trimSeparators strips JSON whitespace and commas from both ends, like the regex it replaces", (t) => {
  const unit = fc.constantFrom(" ", "\t", "\n", "\r", ",", "{", "}", "[", "]", '"', ":", "a", "1", "é", "😀");
  fc.assert(
    fc.property(fc.string({ unit, maxLength: 60 }), (text) => trimSeparators(text) === regexTrim(text)),
    { numRuns: 2000 },
  );
  t.is(trimSeparators(',\n{"id":1},\r\n'), '{"id":1}');
  t.is(trimSeparators(" ,\n\t"), "");
  t.is(trimSeparators(""), "");
  const untouched = '{"id":2}';
  t.is(trimSeparators(untouched), untouched);
});
