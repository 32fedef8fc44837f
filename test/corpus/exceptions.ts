// Exceptions keep their types, messages, and the order of finally blocks.
// @tracked trail collection/Array string[]
// @tracked local collection/Set Set<string>
class ValidationError extends Error {
  constructor(readonly field: string) { super(`invalid ${field}`); this.name = "ValidationError"; }
}
const trail: string[] = [];
function validate(input: string): number {
  const local = new Set(input.split(""));
  try {
    if (local.has("!")) throw new ValidationError("bang");
    if (local.size === 0) throw new TypeError("empty");
    return local.size;
  } finally {
    trail.push(`finally:${input}`);
  }
}
for (const input of ["ab", "a!", ""]) {
  try {
    console.log("ok", validate(input));
  } catch (e) {
    const err = e as Error;
    console.log(err.constructor.name, err.name, err.message, err instanceof ValidationError ? err.field : "-");
  }
}
console.log(trail.join(" "));
