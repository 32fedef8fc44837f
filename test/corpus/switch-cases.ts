// Declarations inside switch cases share the switch block, with their TDZ.
// @tracked hit collection/Array string[]
// @tracked other string/string string
function classify(n: number): string {
  switch (n) {
    case 0:
      const hit = ["zero"];
      return hit[0]!;
    case 1: {
      const other = "one";
      return other;
    }
    case 2:
      try {
        // @ts-ignore deliberate TDZ read
        return hit.join();
      } catch (e) {
        return (e as Error).constructor.name;
      }
    default:
      return "many";
  }
}
console.log(classify(0), classify(1), classify(2), classify(7));
