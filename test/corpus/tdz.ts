// TDZ errors are unchanged: declarations are never moved.
// @tracked late collection/Array number[]
// @tracked inner collection/Map Map<number, number>
function early(): string {
  try {
    // @ts-ignore deliberate use before declaration
    return String(inner.size);
  } catch (e) {
    return (e as Error).constructor.name + ": " + (e as Error).message;
  }
  const inner = new Map<number, number>();
}
function readLate(): number { return late.length; }
try { readLate(); } catch (e) { console.log("module TDZ", (e as Error).constructor.name); }
const late = [1, 2];
console.log(early(), readLate());
