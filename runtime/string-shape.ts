/**
 * Strings as V8 stores them, for the sites whose initializer shows how the string is
 * made (transformer/initializer.ts `stringShape`). Measured against heap snapshots
 * (`self_size`) on Node 20, 22, 24 and 26 (test/numbers/string-sizes.test.ts):
 * - a concatenation or template whose result has at least 13 characters is a
 *   ConsString — map, hash, length, first, second: 32 bytes without pointer
 *   compression — over parts that already exist; each `+` (each substitution of a
 *   template) makes one; below 13 characters V8 copies into a flat string instead;
 * - `s.slice()` / `substring` / `substr` of at least 13 characters is a SlicedString
 *   (map, hash, length, parent, offset: 32 bytes) over its parent;
 * - a one-character read is V8's single-character string cache and a string literal
 *   is in the constant pool: those sites are names (`reads` / `literal_string`) and add
 *   no bytes at all.
 * V8 may flatten a rope later (indexing, regexps): that flat copy is not seen here.
 */
import { LAYOUT, type Layout } from "./layout.js";

/** ConsString::kMinLength and SlicedString::kMinLength. */
export const ROPE_MIN_LENGTH = 13;

/** Site string shapes in the site table: 0 none, > 0 a concatenation with that many joins, -1 a slice. */
export const SHAPE_NONE = 0;
export const SHAPE_SLICE = -1;

/** One ConsString or SlicedString node: the sequential header plus two tagged slots. */
export function ropeNodeBytes(layout: Layout = LAYOUT): number {
  return layout.stringHeader + 2 * layout.tagged;
}

/** Whether a string of `length` made by a site of `shape` is a rope or slice node V8 made (not a flat copy). */
export function isRopeShaped(shape: number, length: number): boolean {
  return shape !== SHAPE_NONE && length >= ROPE_MIN_LENGTH;
}

/**
 * New bytes of a string of `isRopeShaped` shape: one node per join, or one SlicedString.
 * No code unit is read: reading one (`charCodeAt`, the flat estimate's two-byte check)
 * makes V8 flatten a rope, a copy of the whole string the plain program never made.
 */
export function ropeShapedBytes(shape: number, layout: Layout = LAYOUT): number {
  return shape === SHAPE_SLICE ? ropeNodeBytes(layout) : shape * ropeNodeBytes(layout);
}

/**
 * The size shown for a name of an existing string (a `reads` / `literal_string` site; it
 * counts in no total): its flat one-byte size from the length alone, no code unit read.
 */
export function nameStringBytes(length: number, layout: Layout = LAYOUT): number {
  return Math.ceil((layout.stringHeader + length) / 8) * 8;
}
