/**
 * O(1) size estimates from V8's object layout. Nothing here runs user code: values
 * are classified with brand checks (node:util types, intrinsic getters captured at
 * load) and Proxies are never looked into. Results are returned through module
 * scratch variables so that estimating allocates nothing.
 */
import { types } from "node:util";
import { LAYOUT, type Layout } from "./layout.js";

/** Runtime kind of a tracked value (stored per record in one byte). */
export const enum Kind {
  Other = 0,
  String = 1,
  Array = 2,
  Map = 3,
  Set = 4,
  WeakMap = 5,
  WeakSet = 6,
  TypedArray = 7,
  ArrayBuffer = 8,
  SharedArrayBuffer = 9,
  DataView = 10,
  Buffer = 11,
  Date = 12,
  Promise = 13,
  WeakRef = 14,
  PlainObject = 15,
  ClassInstance = 16,
  NullProtoObject = 17,
  Proxy = 18,
  BoxedPrimitive = 19,
}

/** Subcategory names by kind, for dynamic sites whose static type said nothing. */
export const KIND_NAMES: readonly string[] = [
  "object", "string", "Array", "Map", "Set", "WeakMap", "WeakSet", "TypedArray",
  "ArrayBuffer", "SharedArrayBuffer", "DataView", "Buffer", "Date", "Promise", "WeakRef",
  "object", "class", "object", "Proxy", "boxed",
];

/** Category a kind belongs to, for values registered with a run-time classification. */
export function categoryOfKind(kind: number): "collection" | "string" | "box" {
  if (kind === Kind.String) return "string";
  if (kind >= Kind.Array && kind <= Kind.Buffer) return "collection";
  return "box";
}

/** Collections whose size changes after registration: the sampler re-measures them. */
export function isResizable(kind: number): boolean {
  return kind === Kind.Array || kind === Kind.Map || kind === Kind.Set;
}

/** Objects with more own keys than this are counted as having this many. */
export const KEY_COUNT_LIMIT = 256;
/** Objects grown by assignment past this many keys are in dictionary mode (V8 11, measured). */
export const DICTIONARY_KEYS = 19;
/** Code units sampled to detect two-byte strings. */
export const STRING_SAMPLES = 8;

const uncurry = Function.prototype.bind.bind(Function.prototype.call) as <A extends unknown[], R>(
  fn: (...args: A) => R,
) => (thisArg: unknown, ...args: A) => R;

function getter(proto: object, key: string): (thisArg: unknown) => number {
  const descriptor = Object.getOwnPropertyDescriptor(proto, key);
  return uncurry(descriptor!.get as () => number);
}

const TypedArrayPrototype = Object.getPrototypeOf(Uint8Array.prototype) as object;
const mapSize = getter(Map.prototype, "size");
const setSize = getter(Set.prototype, "size");
const typedByteLength = getter(TypedArrayPrototype, "byteLength");
const typedByteOffset = getter(TypedArrayPrototype, "byteOffset");
const typedBuffer = uncurry(Object.getOwnPropertyDescriptor(TypedArrayPrototype, "buffer")!.get as () => ArrayBufferLike);
const arrayBufferByteLength = getter(ArrayBuffer.prototype, "byteLength");
const sharedByteLength = getter(SharedArrayBuffer.prototype, "byteLength");
const dataViewByteLength = getter(DataView.prototype, "byteLength");
const dataViewByteOffset = getter(DataView.prototype, "byteOffset");
const dataViewBuffer = uncurry(Object.getOwnPropertyDescriptor(DataView.prototype, "buffer")!.get as () => ArrayBufferLike);
const stringValueOf = uncurry(String.prototype.valueOf);
const charCodeAt = uncurry(String.prototype.charCodeAt);
const getPrototypeOf = Object.getPrototypeOf;
const hasOwn = Object.hasOwn;
const isArray = Array.isArray;
const BufferPrototype = Buffer.prototype;
const WeakRefPrototype = WeakRef.prototype;
const ObjectPrototype = Object.prototype;

/** Kind of the last estimated value. */
export let lastKind = 0;
/** Off-heap bytes of the last estimated value (ArrayBuffer backing stores). */
export let lastExternal = 0;

function round8(bytes: number): number {
  return Math.ceil(bytes / 8) * 8;
}

/** True when a sample of the string's code units holds one above Latin-1. */
function looksTwoByte(text: string, length: number): boolean {
  if (length === 0) return false;
  const step = length <= STRING_SAMPLES ? 1 : (length - 1) / (STRING_SAMPLES - 1);
  for (let i = 0; i < STRING_SAMPLES && i < length; i++) {
    if (charCodeAt(text, Math.floor(i * step)) > 0xff) return true;
  }
  return false;
}

export function stringSize(text: string, layout: Layout = LAYOUT): number {
  const length = text.length;
  return round8(layout.stringHeader + (looksTwoByte(text, length) ? 2 * length : length));
}

/** OrderedHashMap / OrderedHashSet capacity: a power of two >= size, at least 4. */
export function orderedTableCapacity(size: number): number {
  let capacity = 4;
  while (capacity < size) capacity *= 2;
  return capacity;
}

export function orderedTableSize(size: number, entrySlots: number, layout: Layout = LAYOUT): number {
  const capacity = orderedTableCapacity(size);
  const buckets = capacity / 2;
  return layout.arrayHeader + layout.orderedTablePrefix + layout.tagged * (buckets + capacity * entrySlots);
}

export function arraySize(length: number, layout: Layout = LAYOUT): number {
  // Capacity is assumed equal to length: exact for literals, Array.from, new Array(n);
  // arrays grown by push carry up to ~50% + 16 slots of slack that O(1) cannot see.
  return length === 0 ? layout.jsArray : layout.jsArray + layout.arrayHeader + layout.tagged * length;
}

/**
 * Plain object with `keys` own keys. Literals keep their keys in-object (`{}` gets 4
 * slots); objects grown by assignment keep 4 in-object, the rest in a PropertyArray
 * that grows in steps of 3, and past DICTIONARY_KEYS keys V8 switches them to
 * dictionary mode. Small objects are assumed literal, larger ones grown.
 */
export function plainObjectSize(keys: number, layout: Layout = LAYOUT): number {
  const inObject = 4;
  if (keys === 0) return layout.objectHeader + layout.tagged * inObject;
  if (keys <= inObject) return layout.objectHeader + layout.tagged * keys;
  if (keys > DICTIONARY_KEYS) return dictionaryObjectSize(keys, layout);
  const outOfObject = Math.ceil((keys - inObject) / 3) * 3;
  return layout.objectHeader + layout.tagged * inObject + layout.arrayHeader + layout.tagged * outOfObject;
}

/** Dictionary-mode object (null prototype): JSObject + NameDictionary. */
export function dictionaryObjectSize(keys: number, layout: Layout = LAYOUT): number {
  let capacity = 4;
  while (capacity < keys + (keys >> 1)) capacity *= 2;
  return layout.objectHeader + layout.arrayHeader + layout.tagged * (layout.dictionaryPrefixSlots + 3 * capacity);
}

export function classInstanceSize(keys: number, layout: Layout = LAYOUT): number {
  // After V8's in-object slack tracking every field lives in-object.
  return layout.objectHeader + layout.tagged * keys;
}

/** Own enumerable keys, counted up to KEY_COUNT_LIMIT without reading any value. */
function countKeys(object: object, ownOnly: boolean): number {
  let count = 0;
  if (ownOnly) {
    for (const key in object) {
      if (hasOwn(object, key) && ++count >= KEY_COUNT_LIMIT) break;
    }
  } else {
    for (const _key in object) if (++count >= KEY_COUNT_LIMIT) break;
  }
  return count;
}

/** True when no Proxy sits on the prototype chain (for-in would run its traps). */
function protoChainIsSafe(proto: object | null): boolean {
  for (let depth = 0; proto !== null; depth++) {
    if (depth > 16 || types.isProxy(proto)) return false;
    proto = getPrototypeOf(proto) as object | null;
  }
  return true;
}

function viewSize(byteLength: number, byteOffset: number, buffer: ArrayBufferLike, ownSize: number, layout: Layout): number {
  // A view that covers its whole buffer owns it: count the JSArrayBuffer and its
  // backing store. A view into a shared buffer (Buffer pool slices) counts only its
  // own bytes as external.
  let total = ownSize;
  const bufferLength = types.isSharedArrayBuffer(buffer) ? sharedByteLength(buffer) : arrayBufferByteLength(buffer);
  if (byteOffset === 0 && bufferLength === byteLength) total += layout.arrayBuffer;
  lastExternal = byteLength;
  return total;
}

function typedArraySize(value: object, layout: Layout): number {
  const byteLength = typedByteLength(value);
  if (byteLength <= layout.maxOnHeapTypedArray && typedByteOffset(value) === 0) {
    // Small typed arrays keep their bytes on the V8 heap (reading .buffer would move
    // them off-heap, so it is not read).
    lastExternal = 0;
    return layout.typedArray + layout.arrayBuffer + round8(layout.arrayHeader + byteLength);
  }
  return viewSize(byteLength, typedByteOffset(value), typedBuffer(value), layout.typedArray, layout);
}

/**
 * Estimated on-heap bytes of `value`; sets `lastKind` and `lastExternal`.
 * Callers pass only strings and non-null objects.
 */
export function estimate(value: unknown, layout: Layout = LAYOUT): number {
  lastExternal = 0;
  if (typeof value === "string") {
    lastKind = Kind.String;
    return stringSize(value, layout);
  }
  const object = value as object;
  if (types.isProxy(object)) {
    lastKind = Kind.Proxy;
    return layout.proxy;
  }
  if (isArray(object)) {
    lastKind = Kind.Array;
    return arraySize((object as unknown[]).length, layout);
  }
  if (types.isMap(object)) {
    lastKind = Kind.Map;
    return layout.jsMap + orderedTableSize(mapSize(object), 3, layout);
  }
  if (types.isSet(object)) {
    lastKind = Kind.Set;
    return layout.jsMap + orderedTableSize(setSize(object), 2, layout);
  }
  if (types.isTypedArray(object)) {
    lastKind = getPrototypeOf(object) === BufferPrototype ? Kind.Buffer : Kind.TypedArray;
    return typedArraySize(object, layout);
  }
  if (types.isArrayBuffer(object)) {
    lastKind = Kind.ArrayBuffer;
    lastExternal = arrayBufferByteLength(object);
    return layout.arrayBuffer;
  }
  if (types.isSharedArrayBuffer(object)) {
    lastKind = Kind.SharedArrayBuffer;
    lastExternal = sharedByteLength(object);
    return layout.arrayBuffer;
  }
  if (types.isDataView(object)) {
    lastKind = Kind.DataView;
    return viewSize(dataViewByteLength(object), dataViewByteOffset(object), dataViewBuffer(object), layout.dataView, layout);
  }
  if (types.isDate(object)) {
    lastKind = Kind.Date;
    return layout.date;
  }
  if (types.isPromise(object)) {
    lastKind = Kind.Promise;
    return layout.promise;
  }
  if (types.isWeakMap(object) || types.isWeakSet(object)) {
    lastKind = types.isWeakMap(object) ? Kind.WeakMap : Kind.WeakSet;
    return layout.jsMap + layout.emptyEphemeronTable;
  }
  if (types.isBoxedPrimitive(object)) {
    lastKind = Kind.BoxedPrimitive;
    return types.isStringObject(object) ? layout.primitiveWrapper + stringSize(stringValueOf(object), layout) : layout.primitiveWrapper;
  }
  const proto = getPrototypeOf(object) as object | null;
  if (proto === WeakRefPrototype) {
    lastKind = Kind.WeakRef;
    return layout.weakRef;
  }
  if (proto === null) {
    lastKind = Kind.NullProtoObject;
    return dictionaryObjectSize(countKeys(object, false), layout);
  }
  if (proto === ObjectPrototype) {
    lastKind = Kind.PlainObject;
    return plainObjectSize(countKeys(object, false), layout);
  }
  lastKind = Kind.ClassInstance;
  return classInstanceSize(protoChainIsSafe(proto) ? countKeys(object, true) : 0, layout);
}
