// Module-level collections of every kind.
// @tracked cache collection/Map Map<string, number[]>
// @tracked ids collection/Set Set<number>
// @tracked rows collection/Array string[]
// @tracked pair collection/Tuple [string, number]
// @tracked bytes collection/Uint8Array Uint8Array<ArrayBuffer>
// @tracked floats collection/Float64Array Float64Array<ArrayBuffer>
// @tracked raw collection/ArrayBuffer ArrayBuffer
// @tracked shared collection/SharedArrayBuffer SharedArrayBuffer
// @tracked view collection/DataView DataView<ArrayBuffer>
// @tracked buf collection/Buffer Buffer<ArrayBuffer>
// @tracked weak collection/WeakMap WeakMap<object, string>
// @tracked seen collection/WeakSet WeakSet<object>
// @calls cache 1
const cache: Map<string, number[]> = new Map();
const ids = new Set<number>([1, 2, 3]);
const rows: string[] = ["a", "b"];
const pair: [string, number] = ["x", 1];
const bytes = new Uint8Array(16);
const floats = new Float64Array([1.5, 2.5]);
const raw = new ArrayBuffer(8);
const shared = new SharedArrayBuffer(4);
const view = new DataView(raw);
const buf = Buffer.alloc(3);
const weak = new WeakMap<object, string>();
const seen = new WeakSet<object>();
cache.set("k", [1, 2]);
weak.set(cache, "c");
seen.add(ids);
view.setInt8(0, 7);
console.log(cache.get("k"), ids.size, rows.join(), pair[0], bytes.length, floats[1], raw.byteLength, shared.byteLength, view.getInt8(0), buf.length, weak.get(cache), seen.has(ids));
