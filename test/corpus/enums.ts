// Numeric enum values are not tracked; string enum values are strings.
// @untracked level
// @tracked color string/string Color
// @tracked flags collection/Array Level[]
enum Level { Low, High }
enum Color { Red = "red", Blue = "blue" }
const level = Level.High;
const color: Color = Color.Blue;
const flags = [Level.Low, Level.High];
console.log(level, color, flags.join(), Level[level]);
