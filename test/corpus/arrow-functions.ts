// Arrow functions: expression bodies stay as they are, block bodies get markers.
// @tracked acc collection/Array number[]
// @scope sumSquares
// @untracked double
const double = (x: number) => x * 2;
const makePair = (a: string) => [a, a];
const sumSquares = (xs: number[]): number => {
  const acc = xs.map((x) => x * x);
  return acc.reduce((a, b) => a + b, 0);
};
const self = { v: 3, get: function () { return [1, 2, 3].map(() => this.v); } };
console.log(double(4), makePair("z").join(), sumSquares([1, 2, 3]), self.get().join(), double.name, sumSquares.name);
