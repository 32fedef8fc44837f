// String literal unions and string enums inside functions.
// @tracked dir string/string Dir
// @tracked dirs collection/Array Dir[]
type Dir = "n" | "s" | "e" | "w";
function turn(d: Dir): Dir {
  const dirs: Dir[] = ["n", "e", "s", "w"];
  const dir: Dir = dirs[(dirs.indexOf(d) + 1) % 4]!;
  return dir;
}
console.log(turn("n"), turn("w"));
