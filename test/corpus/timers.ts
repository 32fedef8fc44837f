// Timer callbacks with bindings, ordering of microtasks and macrotasks.
// @tracked tickets collection/Array number[]
const seen: string[] = [];
setTimeout(() => { const tickets = [1]; seen.push(`timeout${tickets.length}`); console.log(seen.join(",")); }, 30);
setImmediate(() => { const tickets = [1, 2]; seen.push(`immediate${tickets.length}`); });
queueMicrotask(() => { const tickets = [1, 2, 3]; seen.push(`micro${tickets.length}`); });
process.nextTick(() => { seen.push("tick"); });
