// An .mts module: import.meta and top-level await.
// @esm-only
// @tracked results collection/Array number[]
// @tracked url string/string "mjs" | "other"
const url = import.meta.url.endsWith(".mjs") ? "mjs" : "other";
const results = await Promise.all([1, 2].map(async (x) => x * 3));
console.log(url, results.join(","));
