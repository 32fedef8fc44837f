/**
 * O(1) size estimates from V8's object layout. Nothing here runs user code: values
 * are classified with brand checks (node:util types, intrinsic getters captured at
 * load) and Proxies are never looked into. Results are returned through module
 * scratch variables so that estimating allocates nothing.
 */
import { types } from "node:util";
import { LAYOUT, type Layout } from "./layout.js";
import { mathCeil, mathFloor } from "./intrinsics.js";

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
const reflectOwnKeys = Reflect.ownKeys;
const isArray = Array.isArray;
const BufferPrototype = Buffer.prototype;
const WeakRefPrototype = WeakRef.prototype;
const ObjectPrototype = Object.prototype;
const RegExpPrototype = RegExp.prototype;

/** Kind of the last estimated value. */
export let lastKind = 0;
/** Off-heap bytes of the last estimated value (ArrayBuffer backing stores). */
export let lastExternal = 0;

function round8(bytes: number): number {
  return mathCeil(bytes / 8) * 8;
}

/** True when a sample of the string's code units holds one above Latin-1. */
function looksTwoByte(text: string, length: number): boolean {
  if (length === 0) return false;
  const step = length <= STRING_SAMPLES ? 1 : (length - 1) / (STRING_SAMPLES - 1);
  for (let i = 0; i < STRING_SAMPLES && i < length; i++) {
    if (charCodeAt(text, mathFloor(i * step)) > 0xff) return true;
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
  const outOfObject = mathCeil((keys - inObject) / 3) * 3;
  return layout.objectHeader + layout.tagged * inObject + layout.arrayHeader + layout.tagged * outOfObject;
}

/**
 * A plain object made by an object literal (or a spread, or JSON.parse): V8 sizes it for
 * its keys, every one in-object (measured up to 100 keys on V8 11.3–14.6; `{}` gets 4
 * slots). Past LITERAL_IN_OBJECT_KEYS the estimate falls back to the grown layout.
 */
export function literalObjectSize(keys: number, layout: Layout = LAYOUT): number {
  if (keys === 0) return layout.objectHeader + layout.tagged * 4;
  if (keys > LITERAL_IN_OBJECT_KEYS) return plainObjectSize(keys, layout);
  return layout.objectHeader + layout.tagged * keys;
}

/** Keys up to which an object literal keeps every property in-object (100 measured, 200 not). */
export const LITERAL_IN_OBJECT_KEYS = 128;

/** Dictionary-mode object (null prototype): JSObject + NameDictionary. */
export function dictionaryObjectSize(keys: number, layout: Layout = LAYOUT): number {
  let capacity = 4;
  while (capacity < keys + (keys >> 1)) capacity *= 2;
  return layout.objectHeader + layout.arrayHeader + layout.tagged * (layout.dictionaryPrefixSlots + 3 * capacity);
}

/**
 * A class instance with `keys` own properties (symbols and non-enumerable ones
 * included: V8 stores them alike). While fewer than SLACK_TRACKING_CONSTRUCTIONS
 * instances of a class were made, V8 keeps IN_OBJECT_SLACK spare slots in each
 * (in-object slack tracking); from the 7th on it shrinks the class's map, and every
 * instance, to the fields used (measured the same on V8 11.3, 12.4, 13.6 and 14.6).
 */
export function classInstanceSize(keys: number, layout: Layout = LAYOUT, withSlack = false): number {
  return layout.objectHeader + layout.tagged * (keys + (withSlack ? IN_OBJECT_SLACK : 0));
}

/** Spare in-object slots V8 gives instances while it tracks a class's slack. */
export const IN_OBJECT_SLACK = 8;
/** Instances after which V8 shrinks a class's instances to their fields. */
export const SLACK_TRACKING_CONSTRUCTIONS = 7;

/**
 * Class instances estimated so far, per prototype, up to SLACK_TRACKING_CONSTRUCTIONS:
 * the runtime sees only the instances it tracks, so this says "possibly still tracking
 * slack"; an instance estimated early keeps the slack in its estimate even after V8
 * shrinks it (at most 6 instances per class, 64 B each on 64-bit V8).
 */
const instancesSeen = new WeakMap<object, number>();
const weakMapGet = uncurry(WeakMap.prototype.get) as (map: WeakMap<object, number>, key: object) => number | undefined;
const weakMapSet = uncurry(WeakMap.prototype.set) as (map: WeakMap<object, number>, key: object, value: number) => WeakMap<object, number>;

function classInstanceEstimate(object: object, proto: object | null, layout: Layout): number {
  // JSRegExp: data, source and flags, then lastIndex in-object (measured on every V8 above).
  if (proto === RegExpPrototype && types.isRegExp(object)) return layout.objectHeader + layout.tagged * 4;
  if (!protoChainIsSafe(proto)) return classInstanceSize(0, layout);
  const keys = countOwnKeys(object);
  if (proto === null) return classInstanceSize(keys, layout);
  const seen = weakMapGet(instancesSeen, proto) ?? 0;
  if (seen >= SLACK_TRACKING_CONSTRUCTIONS) return classInstanceSize(keys, layout);
  weakMapSet(instancesSeen, proto, seen + 1);
  return classInstanceSize(keys, layout, seen + 1 < SLACK_TRACKING_CONSTRUCTIONS);
}

/** Own keys of any kind (strings, symbols, non-enumerable), at most KEY_COUNT_LIMIT. */
function countOwnKeys(object: object): number {
  const enumerable = countKeys(object, true);
  if (enumerable >= KEY_COUNT_LIMIT) return KEY_COUNT_LIMIT;
  const all = reflectOwnKeys(object).length;
  return all > KEY_COUNT_LIMIT ? KEY_COUNT_LIMIT : all;
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

/** Kind by an object's prototype, for the fast path (confirmed by one brand check). */
const KIND_BY_PROTOTYPE = new Map<object, number>([
  [Array.prototype, Kind.Array],
  [Map.prototype, Kind.Map],
  [Set.prototype, Kind.Set],
  [ObjectPrototype, Kind.PlainObject],
  [Date.prototype, Kind.Date],
  [Promise.prototype, Kind.Promise],
  [WeakMap.prototype, Kind.WeakMap],
  [WeakSet.prototype, Kind.WeakSet],
  [WeakRefPrototype, Kind.WeakRef],
  [ArrayBuffer.prototype, Kind.ArrayBuffer],
  [SharedArrayBuffer.prototype, Kind.SharedArrayBuffer],
  [DataView.prototype, Kind.DataView],
  [BufferPrototype, Kind.Buffer],
  ...[Int8Array, Uint8Array, Uint8ClampedArray, Int16Array, Uint16Array, Int32Array, Uint32Array, Float32Array, Float64Array, BigInt64Array, BigUint64Array].map(
    (constructor) => [constructor.prototype, Kind.TypedArray] as [object, number],
  ),
]);

/** Size of an object of a known kind (brand already confirmed). */
function sizeOfKind(object: object, kind: number, proto: object | null, layout: Layout, literal: boolean): number {
  lastKind = kind;
  switch (kind) {
    case Kind.Array:
      return arraySize((object as unknown[]).length, layout);
    case Kind.Map:
      return layout.jsMap + orderedTableSize(mapSize(object), 3, layout);
    case Kind.Set:
      return layout.jsMap + orderedTableSize(setSize(object), 2, layout);
    case Kind.TypedArray:
    case Kind.Buffer:
      return typedArraySize(object, layout);
    case Kind.ArrayBuffer:
      lastExternal = arrayBufferByteLength(object);
      return layout.arrayBuffer;
    case Kind.SharedArrayBuffer:
      lastExternal = sharedByteLength(object);
      return layout.arrayBuffer;
    case Kind.DataView:
      return viewSize(dataViewByteLength(object), dataViewByteOffset(object), dataViewBuffer(object), layout.dataView, layout);
    case Kind.Date:
      return layout.date;
    case Kind.Promise:
      return layout.promise;
    case Kind.WeakMap:
    case Kind.WeakSet:
      return layout.jsMap + layout.emptyEphemeronTable;
    case Kind.WeakRef:
      return layout.weakRef;
    case Kind.BoxedPrimitive:
      return types.isStringObject(object) ? layout.primitiveWrapper + stringSize(stringValueOf(object), layout) : layout.primitiveWrapper;
    case Kind.NullProtoObject:
      return dictionaryObjectSize(countKeys(object, false), layout);
    case Kind.PlainObject:
      return literal ? literalObjectSize(countKeys(object, false), layout) : plainObjectSize(countKeys(object, false), layout);
    default:
      lastKind = Kind.ClassInstance;
      return classInstanceEstimate(object, proto, layout);
  }
}

/** True when `object` really has the internal slots of `kind` (prototype said so). */
function hasBrand(object: object, kind: number): boolean {
  switch (kind) {
    case Kind.Array:
      return isArray(object);
    case Kind.Map:
      return types.isMap(object);
    case Kind.Set:
      return types.isSet(object);
    case Kind.PlainObject:
      return true;
    case Kind.Date:
      return types.isDate(object);
    case Kind.Promise:
      return types.isPromise(object);
    case Kind.WeakMap:
      return types.isWeakMap(object);
    case Kind.WeakSet:
      return types.isWeakSet(object);
    case Kind.WeakRef:
      return true;
    case Kind.ArrayBuffer:
      return types.isArrayBuffer(object);
    case Kind.SharedArrayBuffer:
      return types.isSharedArrayBuffer(object);
    case Kind.DataView:
      return types.isDataView(object);
    default:
      return types.isTypedArray(object);
  }
}

/** Classification by brand checks alone, for objects whose prototype says nothing. */
function kindByBrand(object: object, proto: object | null): number {
  if (isArray(object)) return Kind.Array;
  if (types.isMap(object)) return Kind.Map;
  if (types.isSet(object)) return Kind.Set;
  if (types.isTypedArray(object)) return proto === BufferPrototype ? Kind.Buffer : Kind.TypedArray;
  if (types.isArrayBuffer(object)) return Kind.ArrayBuffer;
  if (types.isSharedArrayBuffer(object)) return Kind.SharedArrayBuffer;
  if (types.isDataView(object)) return Kind.DataView;
  if (types.isDate(object)) return Kind.Date;
  if (types.isPromise(object)) return Kind.Promise;
  if (types.isWeakMap(object)) return Kind.WeakMap;
  if (types.isWeakSet(object)) return Kind.WeakSet;
  if (types.isBoxedPrimitive(object)) return Kind.BoxedPrimitive;
  if (proto === null) return Kind.NullProtoObject;
  return Kind.ClassInstance;
}

/**
 * Estimated on-heap bytes of `value`; sets `lastKind` and `lastExternal`. `literal`:
 * the declaration's initializer allocates it (an object literal or spread, from the
 * transformer's initializer kind), so a plain object has V8's literal layout.
 * Callers pass only strings and non-null objects. Fast path: the prototype names a
 * built-in kind and one brand check confirms it; otherwise (subclasses, other
 * realms, odd prototypes) every brand is checked.
 */
export function estimate(value: unknown, layout: Layout = LAYOUT, literal = false): number {
  lastExternal = 0;
  if (typeof value === "string") {
    lastKind = Kind.String;
    return stringSize(value, layout);
  }
  const object = value as object;
  // Before anything else: getPrototypeOf on a Proxy would run its trap.
  if (types.isProxy(object)) {
    lastKind = Kind.Proxy;
    return layout.proxy;
  }
  const proto = getPrototypeOf(object) as object | null;
  const known = proto === null ? undefined : KIND_BY_PROTOTYPE.get(proto);
  if (known !== undefined && hasBrand(object, known)) return sizeOfKind(object, known, proto, layout, literal);
  return sizeOfKind(object, kindByBrand(object, proto), proto, layout, literal);
}
