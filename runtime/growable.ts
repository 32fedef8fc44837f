/** Typed-array growth helpers: capacity doubles, contents are copied once. */
import { typedFill, typedSet } from "./intrinsics.js";

type TypedArray = Int32Array | Uint32Array | Uint8Array | Uint16Array | Float64Array | Float32Array;

export function grow<T extends TypedArray>(array: T, capacity: number, fill?: number): T {
  const Constructor = array.constructor as new (length: number) => T;
  const next = new Constructor(capacity);
  typedSet(next, array);
  if (fill !== undefined) typedFill(next, fill, array.length);
  return next;
}
