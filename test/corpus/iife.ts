// Immediately invoked functions, arrow and classic.
// @tracked memo collection/Map Map<number, number>
// @tracked result collection/Array number[]
const fib = (() => {
  const memo = new Map<number, number>();
  const f = (n: number): number => {
    if (n < 2) return n;
    const hit = memo.get(n);
    if (hit !== undefined) return hit;
    const v = f(n - 1) + f(n - 2);
    memo.set(n, v);
    return v;
  };
  return f;
})();
const result = (function () { const result = [fib(10), fib(20)]; return result; })();
console.log(result.join(","), fib.name);
