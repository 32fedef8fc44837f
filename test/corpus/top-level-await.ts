// Top-level await in an ESM .ts module.
// @esm-only
// @tracked loaded collection/Array string[]
// @tracked meta string/string "string" | "number" | "bigint" | "boolean" | "symbol" | "undefined" | "object" | "function"
const loaded = await Promise.resolve(["x", "y"]);
const meta = typeof import.meta.url;
console.log(loaded.join(), meta);
