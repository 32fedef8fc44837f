/**
 * V8 object layout constants for this process, in bytes.
 *
 * The numbers for pointer-compression-off builds (Node's default on x64/arm64) were
 * read from V8 heap snapshots of Node 20 (see test/runtime/estimate-accuracy.test.ts,
 * which re-checks them). The pointer-compression column is derived from the same
 * object layouts with 4-byte tagged fields and is not verified on this machine.
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

export function layoutFor(pointerCompression: boolean): Layout {
  return pointerCompression ? COMPRESSED : UNCOMPRESSED;
}

export const LAYOUT: Layout = layoutFor(pointerCompressionEnabled());
