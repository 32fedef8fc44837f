// Promise chains with callbacks that declare bindings.
// @tracked batch collection/Array number[]
// @tracked merged collection/Array number[]
Promise.resolve([1, 2, 3])
  .then((xs) => { const batch = xs.map((x) => x * 10); return batch; })
  .then((batch) => { const merged = [...batch, 40]; return merged.reduce((a, b) => a + b); })
  .then((sum) => console.log("sum", sum))
  .finally(() => console.log("finally"));
