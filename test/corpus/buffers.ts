// Node Buffers from different factories.
// @tracked fromString collection/Buffer Buffer<ArrayBuffer>
// @tracked joined collection/Buffer Buffer<ArrayBuffer>
// @tracked hex string/string string
const fromString = Buffer.from("hello", "utf8");
const joined = Buffer.concat([fromString, Buffer.from([33])]);
const hex = joined.toString("hex");
console.log(fromString.length, joined.toString(), hex);
