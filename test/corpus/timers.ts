// Timer callbacks with bindings, ordering of microtasks and macrotasks.
// @tracked tickets collection/Array number[]
const seen: string[] = [];
// The timeout is scheduled from the immediate so their order never depends on load.
setImmediate(() => {
  const tickets = [1, 2];
  seen.push(`immediate${tickets.length}`);
  setTimeout(() => { const tickets = [1]; seen.push(`timeout${tickets.length}`); console.log(seen.join(",")); }, 1);
});
queueMicrotask(() => { const tickets = [1, 2, 3]; seen.push(`micro${tickets.length}`); });
process.nextTick(() => { seen.push("tick"); });
