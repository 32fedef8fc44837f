// Breaking out of for...of calls return(): the generator's finally and scope exit run.
// @tracked taken collection/Array string[]
const log: string[] = [];
function* letters(): Generator<string> {
  const taken: string[] = [];
  try {
    for (const ch of "abcdef") { taken.push(ch); yield ch; }
  } finally {
    log.push(`closed after ${taken.join("")}`);
  }
}
for (const ch of letters()) { if (ch === "c") break; }
const [x, y] = letters();
console.log(log.join("; "), x, y);
