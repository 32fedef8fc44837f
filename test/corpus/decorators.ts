// Standard (TC39) decorators (ESNext output keeps native syntax Node 20 cannot parse) on a class and its methods whose bodies are instrumented.
// @skip esm-esnext-bundler
// @tracked calls collection/Array string[]
// @tracked argsSeen collection/Array unknown[]
// @scope Service.run
const calls: string[] = [];
function logged<This, Args extends unknown[], R>(target: (this: This, ...args: Args) => R, context: ClassMethodDecoratorContext<This, (this: This, ...args: Args) => R>) {
  return function (this: This, ...args: Args): R {
    const argsSeen: unknown[] = [...args];
    calls.push(`${String(context.name)}(${argsSeen.join()})`);
    return target.call(this, ...args);
  };
}
function sealed<T extends abstract new (...args: never[]) => unknown>(cls: T, _ctx: ClassDecoratorContext<T>): T {
  Object.seal(cls);
  return cls;
}
@sealed
class Service {
  @logged
  run(n: number): number[] {
    const out = Array.from({ length: n }, (_, i) => i);
    return out;
  }
}
console.log(new Service().run(3).join(), calls.join(";"), Object.isSealed(Service), Service.prototype.run.name);
