// A user's finally overriding return, nested try, return inside catch.
// @tracked steps collection/Array string[]
function override(): string {
  const steps = ["s"];
  try {
    return "from-try";
  } finally {
    // eslint-disable-next-line no-unsafe-finally
    steps.push("f");
  }
}
function nested(): string {
  const steps: string[] = [];
  try {
    try {
      throw new Error("inner");
    } catch (e) {
      steps.push((e as Error).message);
      return steps.join("+");
    } finally {
      steps.push("inner-finally");
    }
  } finally {
    steps.push("outer-finally");
    console.log("steps", steps.join(","));
  }
}
console.log(override(), nested());
