/**
 * Placeholder entry points with the final signatures (see protocol.ts); the runtime
 * proper replaces this file. Pass-through only: nothing is recorded yet.
 */
import type { SiteTuple } from "./protocol.js";

let nextBase = 0;
let nextScope = 1;

export function registerFile(_file: string, sites: readonly SiteTuple[]): number {
  const base = nextBase;
  nextBase += sites.length;
  return base;
}

export function enter(_scopeSiteId: number): number {
  return nextScope++;
}

export function exit(_scopeInstance: number): void {}

export function track<T>(value: T, _varSiteId: number, _scopeInstance: number): T {
  return value;
}
