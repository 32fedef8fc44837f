// An unhandled rejection: same stderr and exit code.
// @tracked reasons collection/Array string[]
async function failLater(): Promise<void> {
  const reasons = ["late"];
  await null;
  throw new SyntaxError(reasons.join());
}
console.log("start");
void failLater();
