// Fallthrough across cases that declare bindings.
// @tracked buf collection/Array string[]
function walk(n: number): string {
  const buf: string[] = [];
  switch (n) {
    case 1:
      buf.push("one");
    case 2: {
      const extra = ["two"];
      buf.push(...extra);
    }
    case 3:
      buf.push("three");
      break;
    default:
      buf.push("other");
  }
  return buf.join(",");
}
console.log(walk(1), walk(2), walk(3), walk(4));
