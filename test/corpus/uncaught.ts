// An uncaught exception: same stderr (source-mapped stack) and exit code.
// @tracked queue collection/Array number[]
function process1(queue: number[]): number {
  const copy = [...queue];
  if (copy.length > 2) throw new RangeError(`too many: ${copy.length}`);
  return copy.length;
}
const queue = [1, 2, 3];
console.log("before");
process1(queue);
console.log("never");
