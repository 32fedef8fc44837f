// any, unknown, `object`, `{}` and mixed unions are classified at run time.
// @tracked parsed dynamic/unknown any
// @tracked opaque dynamic/unknown unknown
// @tracked obj dynamic/unknown object
// @tracked anything dynamic/unknown {}
// @tracked mixed dynamic/unknown string | number
// @tracked either dynamic/unknown string[] | Set<string>
const parsed = JSON.parse('{"a":[1,2]}');
const opaque: unknown = [1, 2, 3];
const obj: object = new Map();
const anything: {} = "text";
const mixed: string | number = Math.random() > 2 ? 1 : "one";
const either: string[] | Set<string> = Math.random() > 2 ? new Set() : ["x"];
console.log(parsed.a.length, Array.isArray(opaque), obj instanceof Map, anything, mixed, Array.isArray(either));
