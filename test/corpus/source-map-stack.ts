// Source maps still point at the original lines inside instrumented bodies.
// @tracked frames collection/Array string[]
function where(): string {
  const frames = (new Error().stack ?? "").split("\n").slice(1, 3);
  return frames.map((f) => f.replace(/^.*[\/\\]/, "").replace(/\)$/, "")).join(" <- ");
}
function caller(): string {
  const frames = [where()];
  return frames[0]!;
}
console.log(caller());
