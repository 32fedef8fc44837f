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
