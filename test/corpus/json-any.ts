// JSON.parse results are `any`: dynamic.
// @tracked doc dynamic/unknown any
// @tracked typed box/object { a: number[] }
const doc = JSON.parse('{"a":[1,2,3],"b":"x"}');
const typed: { a: number[] } = JSON.parse('{"a":[4]}');
console.log(doc.a.length, doc.b, typed.a[0]);
