// Async generators: for await, early break (return()), errors.
// @tracked window collection/Array number[]
// @scope ticks
const events: string[] = [];
async function* ticks(n: number): AsyncGenerator<number[]> {
  const window: number[] = [];
  try {
    for (let i = 0; i < n; i++) {
      window.push(i);
      await new Promise((r) => setTimeout(r, 1));
      yield [...window];
    }
  } finally {
    events.push(`closed at ${window.length}`);
  }
}
async function main(): Promise<void> {
  for await (const w of ticks(5)) {
    events.push(w.join(""));
    if (w.length === 3) break;
  }
  const it = ticks(2);
  console.log(await it.next(), await it.next(), await it.next());
  console.log(events.join(" | "));
}
void main();
