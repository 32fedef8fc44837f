// Only initializers are wrapped: later assignments are not tracked again.
// @tracked acc collection/Array number[]
// @calls acc 1
let acc = [1];
acc = [...acc, 2];
acc = acc.concat([3]);
console.log(acc.join());
