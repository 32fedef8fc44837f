// process.exit() from inside an instrumented function.
// @live-ok process.exit() leaves finish() without running its finally
// @tracked pending collection/Array string[]
function finish(code: number): void {
  const pending = ["a", "b"];
  console.log("exiting with", code, pending.length);
  process.exit(code);
}
process.on("exit", (c) => console.log("exit handler", c));
finish(3);
console.log("unreachable");
