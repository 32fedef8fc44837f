// Strings: plain, literal unions, template literals, String objects.
// @tracked greeting string/string string
// @tracked mode string/string Mode
// @tracked tpl string/string `id-${number}`
// @tracked boxed string/String String
// @tracked joined string/string string
type Mode = "fast" | "slow";
const greeting = "hello";
let mode: Mode = "fast";
const tpl: `id-${number}` = `id-${42}`;
const boxed = new String("boxed");
function pick(m: Mode): Mode { return m === "fast" ? "slow" : "fast"; }
mode = pick(mode);
const joined = [greeting, mode, tpl].join(" ");
console.log(joined, boxed.length, typeof boxed);
