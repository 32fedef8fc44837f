/** Typed-array growth helpers: capacity doubles, contents are copied once. */
type TypedArray = Int32Array | Uint32Array | Uint8Array | Uint16Array | Float64Array | Float32Array;

export function grow<T extends TypedArray>(array: T, capacity: number, fill?: number): T {
  const Constructor = array.constructor as new (length: number) => T;
  const next = new Constructor(capacity);
  next.set(array);
  if (fill !== undefined) next.fill(fill, array.length);
  return next;
}
