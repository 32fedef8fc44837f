/**
 * V8 object layout constants for this process, in bytes.
 *
 * The numbers for pointer-compression-off builds (Node's default on x64/arm64) were
 * read from V8 heap snapshots (test/runtime/estimate-accuracy.test.ts re-checks them
 * on every Node version CI runs: 20, 22, 24, 26). V8 has no API that reports object
 * sizes, so the layout is chosen by the running V8's version (process.versions.v8)
 * from what was measured on each:
 *   - V8 11.3 (Node 20) and 12.4 (Node 22): the base layout;
 *   - V8 13.6 (Node 24) and 14.6 (Node 26): JSArrayBuffer and every
 *     JSArrayBufferView (typed arrays, Buffer, DataView) carry one more 8-byte field.
 * The step is placed at V8 13.0, between the measured versions; a V8 newer than the
 * last measured one gets the newest layout. The pointer-compression column is
 * derived from the same object layouts with 4-byte tagged fields and is not verified
 * on this machine (no pointer-compressed Node was available).
 */
import process from "node:process";

export interface Layout {
  pointerCompression: boolean;
  /** Size of one tagged slot (pointer or small integer). */
  tagged: number;
  /** Sequential string header: map + hash + length. */
  stringHeader: number;
  /** FixedArray / FixedDoubleArray / PropertyArray / ByteArray header: map + length. */
  arrayHeader: number;
  /** JSObject header: map + properties + elements. */
  objectHeader: number;
  jsArray: number;
  jsMap: number;
  /** OrderedHashTable prefix after the FixedArray header: element count, deleted count, bucket count. */
  orderedTablePrefix: number;
  /** NameDictionary prefix slots (count, deleted, capacity, next enum index, hash, ...). */
  dictionaryPrefixSlots: number;
  typedArray: number;
  arrayBuffer: number;
  dataView: number;
  date: number;
  promise: number;
  weakRef: number;
  /** Empty EphemeronHashTable behind a fresh WeakMap / WeakSet. */
  emptyEphemeronTable: number;
  proxy: number;
  primitiveWrapper: number;
  /** Typed arrays up to this many bytes keep their elements on the V8 heap. */
  maxOnHeapTypedArray: number;
}

const UNCOMPRESSED: Layout = {
  pointerCompression: false,
  tagged: 8,
  stringHeader: 16,
  arrayHeader: 16,
  objectHeader: 24,
  jsArray: 32,
  jsMap: 32,
  orderedTablePrefix: 24,
  dictionaryPrefixSlots: 6,
  typedArray: 96,
  arrayBuffer: 88,
  dataView: 80,
  date: 96,
  promise: 48,
  weakRef: 32,
  emptyEphemeronTable: 104,
  proxy: 32,
  primitiveWrapper: 32,
  maxOnHeapTypedArray: 64,
};

const COMPRESSED: Layout = {
  pointerCompression: true,
  tagged: 4,
  stringHeader: 12,
  arrayHeader: 8,
  objectHeader: 12,
  jsArray: 16,
  jsMap: 16,
  orderedTablePrefix: 12,
  dictionaryPrefixSlots: 6,
  typedArray: 68,
  arrayBuffer: 60,
  dataView: 56,
  date: 60,
  promise: 24,
  weakRef: 16,
  emptyEphemeronTable: 52,
  proxy: 16,
  primitiveWrapper: 16,
  maxOnHeapTypedArray: 64,
};

export function pointerCompressionEnabled(): boolean {
  const variables = (process.config as { variables?: Record<string, unknown> }).variables;
  const flag = variables?.v8_enable_pointer_compression;
  return flag === 1 || flag === true || flag === "true" || flag === "1";
}

/** First V8 version (major, minor) whose array buffers and views carry the extra field. */
export const ARRAY_BUFFER_FIELD_SINCE: readonly [number, number] = [13, 0];
/** Bytes that field adds to JSArrayBuffer and to each JSArrayBufferView (measured uncompressed; 8 bytes raw either way). */
const ARRAY_BUFFER_FIELD_BYTES = 8;

/** [major, minor] of a V8 version string ("13.6.233.17-node.30"); [0, 0] when unreadable. */
export function v8Version(version: string): [number, number] {
  const match = /^(\d+)\.(\d+)/.exec(version);
  return match ? [Number(match[1]), Number(match[2])] : [0, 0];
}

function atLeast(version: readonly [number, number], since: readonly [number, number]): boolean {
  return version[0] > since[0] || (version[0] === since[0] && version[1] >= since[1]);
}

/** The layout of a V8 build: pointer compression, and the V8 version (default: the running one). */
export function layoutFor(pointerCompression: boolean, version: string = process.versions.v8): Layout {
  const base = pointerCompression ? COMPRESSED : UNCOMPRESSED;
  if (!atLeast(v8Version(version), ARRAY_BUFFER_FIELD_SINCE)) return base;
  return {
    ...base,
    typedArray: base.typedArray + ARRAY_BUFFER_FIELD_BYTES,
    arrayBuffer: base.arrayBuffer + ARRAY_BUFFER_FIELD_BYTES,
    dataView: base.dataView + ARRAY_BUFFER_FIELD_BYTES,
  };
}

export const LAYOUT: Layout = layoutFor(pointerCompressionEnabled());
