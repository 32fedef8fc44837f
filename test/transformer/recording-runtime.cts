/**
 * A recording stand-in for memscope-ts/runtime, injected through the transformer's
 * `runtimeModule` option. It implements the four entry points of format/protocol.ts
 * exactly (values pass through unchanged, nothing is printed) and checks the protocol
 * as it goes: every enter names a scope site, every exit closes a live instance once,
 * every track names a variable site and passes a live instance of that variable's own
 * scope. At exit it writes what it saw to $MEMSCOPE_RECORD (temp file + rename).
 */
import * as fs from "node:fs";

type Site = readonly (string | number)[];

interface Recording {
  files: Array<{ file: string; base: number; sites: Site[] }>;
  /** track calls per global site id */
  tracks: Record<string, number>;
  enters: number;
  exits: number;
  /** sites that were NaN (a binding evaluated before its file registered) */
  nanSites: number;
  /** function-like scope instances entered and never exited, at process exit */
  liveAtExit: number;
  violations: string[];
}

const recording: Recording = { files: [], tracks: {}, enters: 0, exits: 0, nanSites: 0, liveAtExit: 0, violations: [] };
const sites: Site[] = [];
/** live scope instance -> global scope site id */
const live = new Map<number, number>();
let nextInstance = 1;

function violation(message: string): void {
  if (recording.violations.length < 50) recording.violations.push(message);
}

export function registerFile(file: string, table: readonly Site[]): number {
  const base = sites.length;
  for (const site of table) sites.push(site);
  recording.files.push({ file, base, sites: table.map((s) => [...s]) });
  return base;
}

export function enter(scopeSiteId: number): number {
  recording.enters++;
  if (Number.isNaN(scopeSiteId)) {
    recording.nanSites++;
    return Number.NaN;
  }
  if (sites[scopeSiteId]?.[0] !== 0) violation(`enter(${scopeSiteId}) is not a scope site`);
  const instance = nextInstance++;
  live.set(instance, scopeSiteId);
  return instance;
}

export function exit(instance: number): void {
  recording.exits++;
  if (Number.isNaN(instance)) return;
  if (!live.delete(instance)) violation(`exit(${instance}) of an instance that is not live`);
}

export function track<T>(value: T, varSiteId: number, instance: number): T {
  if (Number.isNaN(varSiteId)) {
    recording.nanSites++;
    return value;
  }
  const site = sites[varSiteId];
  recording.tracks[varSiteId] = (recording.tracks[varSiteId] ?? 0) + 1;
  if (site?.[0] !== 1) {
    violation(`track at ${varSiteId}: not a variable site`);
    return value;
  }
  const owner = recording.files.find((f) => varSiteId >= f.base && varSiteId < f.base + f.sites.length);
  const expectedScope = (owner?.base ?? 0) + Number(site[7]);
  const scope = live.get(instance);
  if (scope === undefined) violation(`track ${String(site[1])}: scope instance ${instance} is not live`);
  else if (scope !== expectedScope) violation(`track ${String(site[1])}: instance of scope site ${scope}, expected ${expectedScope}`);
  return value;
}

process.on("exit", () => {
  const target = process.env.MEMSCOPE_RECORD;
  if (!target) return;
  recording.liveAtExit = [...live.values()].filter((site) => sites[site]?.[1] !== "<module>").length;
  const temp = `${target}.${process.pid}.tmp`;
  fs.writeFileSync(temp, JSON.stringify(recording));
  fs.renameSync(temp, target);
});
