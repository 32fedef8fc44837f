/**
 * Built-ins the runtime calls, captured when it loads. A program may replace a global
 * later (`Number.isNaN = …`, `String.prototype.split = …`, a polyfill, a test's mock):
 * the runtime must neither break nor throw into the program's code because of it, so
 * the code that runs inside user calls and at export uses these copies, never a
 * global looked up at call time.
 */
import process from "node:process";

const { apply } = Reflect;
const StringProto = String.prototype;
const stringIndexOf = StringProto.indexOf;
const stringSlice = StringProto.slice;
const stringReplace = StringProto.replace;
const regexpTest = RegExp.prototype.test;
const arrayPush = Array.prototype.push;
const arrayJoin = Array.prototype.join;

export const jsonStringify = JSON.stringify;
export const jsonParse = JSON.parse;
export const dateNow = Date.now;
export const mathRandom = Math.random;
export const mathMin = Math.min;
export const mathMax = Math.max;
export const mathFloor = Math.floor;
export const mathRound = Math.round;
export const mathCeil = Math.ceil;
export const isArray = Array.isArray;
export const isInteger = Number.isInteger;
export const numberIsFinite = Number.isFinite;
export const toNumber = Number;
export const toString = String;
export const objectKeys = Object.keys;
export const defineProperty = Object.defineProperty;
export const SharedArrayBufferCtor = typeof SharedArrayBuffer === "function" ? SharedArrayBuffer : null;
export const atomicsAdd = Atomics.add;
export const atomicsLoad = Atomics.load;
export const atomicsStore = Atomics.store;

export function indexOf(text: string, search: string, from = 0): number {
  return apply(stringIndexOf, text, [search, from]) as number;
}

export function slice(text: string, start: number, end?: number): string {
  return apply(stringSlice, text, end === undefined ? [start] : [start, end]) as string;
}

export function replaceAll(text: string, pattern: RegExp, replacement: string): string {
  return apply(stringReplace, text, [pattern, replacement]) as string;
}

export function regexTest(pattern: RegExp, text: string): boolean {
  return apply(regexpTest, pattern, [text]) as boolean;
}

export function push<T>(array: T[], value: T): void {
  apply(arrayPush, array, [value]);
}

export function join(array: readonly string[], separator: string): string {
  return apply(arrayJoin, array, [separator]) as string;
}

/** The text up to its first line break (an error message printed as one line). */
export function firstLine(text: string): string {
  const end = indexOf(text, "\n");
  return end < 0 ? text : slice(text, 0, end);
}

/** `text` split on runs of whitespace, without String.prototype.split or RegExp's @@split. */
export function words(text: string): string[] {
  const out: string[] = [];
  let start = -1;
  for (let i = 0; i <= text.length; i++) {
    const code = i < text.length ? text.charCodeAt(i) : 32;
    const space = code === 32 || (code >= 9 && code <= 13);
    if (space && start >= 0) {
      push(out, slice(text, start, i));
      start = -1;
    } else if (!space && start < 0) start = i;
  }
  return out;
}

/**
 * A subclass whose prototype holds the built-in's own methods as they were at load (the
 * same function objects: no cost per call), so `Map.prototype.get = …` later cannot reach
 * the runtime's maps. Node's own internals do the same (primordials' SafeMap).
 */
function makeSafe<C extends abstract new (...args: never[]) => object>(base: C, safe: C): C {
  const from = base.prototype as object;
  const to = safe.prototype as object;
  for (const key of Reflect.ownKeys(from)) {
    if (key === "constructor") continue;
    Object.defineProperty(to, key, Object.getOwnPropertyDescriptor(from, key)!);
  }
  Object.freeze(to);
  return safe;
}

export const SafeMap = makeSafe(Map, class SafeMap<K, V> extends Map<K, V> {});
export const SafeWeakMap = makeSafe(WeakMap, class SafeWeakMap<K extends WeakKey, V> extends WeakMap<K, V> {});
export const SafeSet = makeSafe(Set, class SafeSet<T> extends Set<T> {});
export const SafeWeakRef = makeSafe(WeakRef, class SafeWeakRef<T extends WeakKey> extends WeakRef<T> {});
export const SafeFinalizationRegistry = makeSafe(
  FinalizationRegistry,
  class SafeFinalizationRegistry<T> extends FinalizationRegistry<T> {},
);

const TypedArrayProto = Object.getPrototypeOf(Uint8Array.prototype) as Record<"slice" | "sort" | "set" | "fill", () => unknown>;
const typedArraySlice = TypedArrayProto.slice;
const typedArraySort = TypedArrayProto.sort;
const typedArraySet = TypedArrayProto.set;
const typedArrayFill = TypedArrayProto.fill;

export function typedSet(target: ArrayBufferView, source: ArrayLike<number>): void {
  apply(typedArraySet, target, [source]);
}

export function typedFill(target: ArrayBufferView, value: number, start: number): void {
  apply(typedArrayFill, target, [value, start]);
}

export function typedSlice<T extends Float64Array>(array: T): T {
  return apply(typedArraySlice, array, []) as T;
}

/** Sorts numerically, in place. */
export function typedSort<T extends Float64Array>(array: T): T {
  return apply(typedArraySort, array, []) as T;
}

/** The Promise constructor as it was at load (a program may replace the global). */
export const PromiseCtor = Promise;
const promiseThen = Promise.prototype.then;
const promiseResolve = Promise.resolve;

/** `promise.then(onFulfilled, onRejected)` without Promise.prototype.then as it is now. */
// Not named `then`: a module exporting `then` is a thenable, and `await import()` of it would call it.
export function afterPromise<T, R>(promise: Promise<T>, onFulfilled: (value: T) => R | PromiseLike<R>, onRejected?: (error: unknown) => R | PromiseLike<R>): Promise<R> {
  return apply(promiseThen, promise, [onFulfilled, onRejected]) as Promise<R>;
}

export function resolved(): Promise<void> {
  return apply(promiseResolve, PromiseCtor, []) as Promise<void>;
}

/** `array.push(value)` without Array.prototype.push. */
export function append<T>(array: T[], value: T): void {
  array[array.length] = value;
}

// process methods a program (or a library such as signal-exit v3) may replace.
const processKill = process.kill;
const stderrWrite = process.stderr && typeof process.stderr.write === "function" ? process.stderr.write : null;
const stderrStream = process.stderr;

export function killSelf(signal: NodeJS.Signals): void {
  apply(processKill, process, [process.pid, signal]);
}

/**
 * One line on stderr, the runtime's only way to tell the user something went wrong.
 * Never throws: if even that fails there is nowhere left to say it.
 */
export function errorLine(text: string): void {
  try {
    if (stderrWrite !== null) apply(stderrWrite, stderrStream, [`memscope: ${firstLine(text)}\n`]);
  } catch {
    // stderr closed or broken: nothing more can be done.
  }
}

/** A thrown value's message, read without trusting it (a getter may throw, a Proxy may lie). */
export function messageOf(error: unknown): string {
  try {
    if (error instanceof Error) return toString(error.message);
    return toString(error);
  } catch {
    return "unprintable error";
  }
}

// ---- the built-ins as they were at load, for the runtime's own longer work ------------
//
// The hot path (track/enter/exit and what a registration calls) uses only the copies
// above and typed arrays. The export and the other once-in-a-while work use much more
// of the language's library (array and string methods, JSON, Map and Set, iterators):
// withIntrinsics() puts back, for the duration of that work, every built-in the program
// replaced since the runtime loaded, and then the program's replacements again.

const { getOwnPropertyDescriptor, defineProperty: reflectDefine, deleteProperty, ownKeys } = Reflect;
const getPrototypeOf = Object.getPrototypeOf;
const setPrototypeOf = Object.setPrototypeOf;

interface Guarded {
  readonly target: object;
  readonly key: PropertyKey;
  /** Null-prototype copy: a getter the program adds to Object.prototype cannot change it. */
  readonly descriptor: PropertyDescriptor;
}

const guarded: Guarded[] = [];

function guardKey(target: object, key: PropertyKey): void {
  const descriptor = getOwnPropertyDescriptor(target, key);
  if (descriptor === undefined) return;
  setPrototypeOf(descriptor, null);
  guarded[guarded.length] = { target, key, descriptor };
}

function guardAll(target: object | null | undefined): void {
  if (target === null || target === undefined) return;
  const keys = ownKeys(target);
  for (let i = 0; i < keys.length; i++) guardKey(target, keys[i]!);
}

const GLOBAL_NAMES = [
  "Array", "ArrayBuffer", "Atomics", "BigInt", "Boolean", "DataView", "Date", "Error", "FinalizationRegistry", "Function",
  "JSON", "Map", "Math", "Number", "Object", "Promise", "Reflect", "RegExp", "Set", "SharedArrayBuffer", "String",
  "Symbol", "TypeError", "RangeError", "WeakMap", "WeakRef", "WeakSet", "Int8Array", "Uint8Array", "Uint8ClampedArray",
  "Int16Array", "Uint16Array", "Int32Array", "Uint32Array", "Float32Array", "Float64Array", "BigInt64Array",
  "BigUint64Array", "Buffer", "isNaN", "isFinite", "parseInt", "parseFloat", "encodeURIComponent", "decodeURIComponent",
] as const;

for (const name of GLOBAL_NAMES) guardKey(globalThis, name);
{
  const TypedArray = getPrototypeOf(Uint8Array) as object;
  const iteratorOf = (value: Iterable<unknown>): object | null => getPrototypeOf(value[Symbol.iterator]()) as object | null;
  for (const target of [
    Array, Array.prototype, iteratorOf([]), String, String.prototype, iteratorOf(""), Object, Object.prototype, Number,
    Number.prototype, Boolean.prototype, BigInt.prototype, Symbol, Symbol.prototype, Math, JSON, Reflect, Function.prototype,
    Map, Map.prototype, iteratorOf(new Map()), Set, Set.prototype, iteratorOf(new Set()), WeakMap.prototype, WeakSet.prototype,
    WeakRef.prototype, FinalizationRegistry.prototype, Promise, Promise.prototype, RegExp, RegExp.prototype,
    iteratorOf([][Symbol.iterator]() as unknown as Iterable<unknown>), Date, Date.prototype, Error, Error.prototype,
    TypedArray, (TypedArray as { prototype?: object }).prototype, ArrayBuffer, ArrayBuffer.prototype, DataView.prototype,
    Atomics, typeof Buffer === "function" ? Buffer : null, typeof Buffer === "function" ? Buffer.prototype : null,
  ]) {
    guardAll(target as object | null);
  }
}

function sameProperty(now: PropertyDescriptor, then: PropertyDescriptor): boolean {
  return now.value === then.value && now.get === then.get && now.set === then.set;
}

/**
 * Runs `work` with every guarded built-in as it was at load. Never throws of its own:
 * a built-in that cannot be put back (the program froze its replacement) stays replaced,
 * and the work's own error path says what failed.
 */
export function withIntrinsics<T>(work: () => T): T {
  let restore: Array<{ target: object; key: PropertyKey; descriptor: PropertyDescriptor | undefined }> | null = null;
  for (let i = 0; i < guarded.length; i++) {
    const { target, key, descriptor } = guarded[i]!;
    let now: PropertyDescriptor | undefined;
    try {
      now = getOwnPropertyDescriptor(target, key);
    } catch {
      continue;
    }
    if (now !== undefined && sameProperty(now, descriptor)) continue;
    if (now !== undefined) setPrototypeOf(now, null);
    if (!reflectDefine(target, key, descriptor)) continue;
    if (restore === null) restore = [];
    restore[restore.length] = { target, key, descriptor: now };
  }
  try {
    return work();
  } finally {
    if (restore !== null) {
      for (let i = restore.length - 1; i >= 0; i--) {
        const { target, key, descriptor } = restore[i]!;
        if (descriptor === undefined) deleteProperty(target, key);
        else reflectDefine(target, key, descriptor);
      }
    }
  }
}
