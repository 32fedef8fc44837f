/**
 * A workload of rxjs pipelines, run against one build of rxjs (the directory is the first
 * argument). Prints every emitted value, completion and error, in order.
 */
import * as path from "node:path";
import type * as Rx from "rxjs";

const dir = path.resolve(process.argv[2] ?? ".");
const rx = require(path.join(dir, "index.js")) as typeof Rx;
const { of, from, range, interval, timer, Subject, BehaviorSubject, ReplaySubject, combineLatest, merge, concat, zip, firstValueFrom, lastValueFrom, throwError, defer } = rx;
const {
  map, filter, scan, reduce, mergeMap, switchMap, concatMap, exhaustMap, take, takeUntil, takeWhile, skip, distinctUntilChanged,
  bufferCount, catchError, retry, finalize, debounceTime, groupBy, toArray, startWith, pairwise, share, shareReplay, delay, tap, timeout,
} = rx;

const lines: string[] = [];
const say = (s: string) => lines.push(s);
/** Timer-driven pipelines finish in an order that depends on load: printed sorted. */
const timed: string[] = [];
const sayTimed = (s: string) => timed.push(s);
const observer = (tag: string) => ({
  next: (v: unknown) => say(`${tag} next ${JSON.stringify(v)}`),
  error: (e: unknown) => say(`${tag} error ${(e as Error).name}: ${(e as Error).message}`),
  complete: () => say(`${tag} complete`),
});

async function main(): Promise<void> {
  range(1, 20).pipe(filter((n) => n % 3 !== 0), map((n) => n * n), scan((a, b) => a + b, 0), bufferCount(4)).subscribe(observer("scan"));
  of("a", "b", "c").pipe(mergeMap((s) => of(s, s.toUpperCase())), distinctUntilChanged(), toArray()).subscribe(observer("merge"));
  from([3, 1, 4, 1, 5, 9, 2, 6]).pipe(groupBy((n) => n % 2), mergeMap((g) => g.pipe(reduce((a, b) => a + b, g.key * 100)))).subscribe(observer("group"));
  const subject = new Subject<number>();
  const behavior = new BehaviorSubject("init");
  const replay = new ReplaySubject<number>(2);
  combineLatest([subject, behavior]).pipe(map(([a, b]) => `${a}${b}`)).subscribe(observer("combine"));
  for (let i = 0; i < 4; i++) { subject.next(i); replay.next(i); if (i === 2) behavior.next("x"); }
  replay.subscribe(observer("replay"));
  subject.complete();
  zip(of(1, 2, 3), of("a", "b")).subscribe(observer("zip"));
  concat(of(1), throwError(() => new RangeError("boom")), of(2)).pipe(catchError((e: Error) => of(`caught ${e.message}`))).subscribe(observer("catch"));
  let attempts = 0;
  defer(() => (++attempts < 3 ? throwError(() => new Error(`try ${attempts}`)) : of("ok"))).pipe(retry(5), finalize(() => say("finalized"))).subscribe(observer("retry"));
  of(1, 2, 3).pipe(startWith(0), pairwise(), skip(1), takeWhile(([a]) => a < 2, true)).subscribe(observer("pairs"));
  const shared = interval(2).pipe(take(5), share());
  const replayed = timer(1, 2).pipe(take(3), shareReplay(1));
  await Promise.all([
    lastValueFrom(shared.pipe(toArray())).then((v) => sayTimed(`shared ${v.join()}`)),
    lastValueFrom(replayed.pipe(toArray())).then((v) => sayTimed(`replayed ${v.join()}`)),
    lastValueFrom(of(1, 2, 3).pipe(switchMap((i) => timer(i).pipe(map(() => i * 10))))).then((v) => sayTimed(`switch ${v}`)),
    lastValueFrom(from([10, 20, 30]).pipe(concatMap((n) => of(n).pipe(delay(1))), toArray())).then((v) => sayTimed(`concat ${v.join()}`)),
    lastValueFrom(interval(1).pipe(take(6), exhaustMap((i) => timer(3).pipe(map(() => i))), toArray())).then((v) => sayTimed(`exhaust first ${v[0]}`)),
    lastValueFrom(merge(of(1, 2), of(3)).pipe(debounceTime(5), toArray())).then((v) => sayTimed(`debounce ${v.join()}`)),
    firstValueFrom(timer(50).pipe(timeout({ first: 5 }))).catch((e: Error) => sayTimed(`timeout ${e.name}`)),
    lastValueFrom(interval(1).pipe(takeUntil(timer(10)), tap(() => undefined), toArray())).then((v) => sayTimed(`takeUntil ${v.length > 0}`)),
  ]);
  console.log([...lines, ...timed.sort()].join("\n"));
}

void main();
