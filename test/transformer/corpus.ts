/**
 * The equivalence corpus (test/corpus): small programs, each stating in comment headers
 * what the instrumented build must register:
 *   // @tracked NAME CATEGORY/SUBCATEGORY TYPE TEXT   (a variable site with exactly this)
 *   // @untracked NAME NAME ...                        (no variable site with these names)
 *   // @calls NAME COUNT                               (track() calls for NAME at run time)
 *   // @clone TARGET SOURCE                            (TARGET's clone source is SOURCE)
 *   // @scope NAME                                     (a scope site with this name)
 *   // @helper      imported by other corpus files, not run on its own
 *   // @esm-only    uses ESM-only syntax (top-level await, import.meta)
 *   // @nan-ok      a circular import may evaluate a binding before its file registered
 *   // @live-ok     scope instances may stay live at exit (abandoned generator, process.exit)
 *   // @skip CONFIG  not built in that output mode (e.g. syntax Node 20 cannot run)
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { CORPUS_DIR } from "./toolchain.js";

export interface Recording {
  files: Array<{ file: string; base: number; sites: Array<Array<string | number>> }>;
  tracks: Record<string, number>;
  enters: number;
  exits: number;
  nanSites: number;
  liveAtExit: number;
  violations: string[];
}

export interface CorpusEntry {
  file: string;
  helper: boolean;
  esmOnly: boolean;
  nanOk: boolean;
  /** scope instances may still be live at exit (abandoned generator, process.exit, uncaught throw) */
  liveOk: boolean;
  /** output modes (configs.ts names) this program is not built in */
  skip: string[];
  tracked: Array<{ name: string; category: string; subcategory: string; type: string }>;
  untracked: string[];
  calls: Array<{ name: string; count: number }>;
  clones: Array<{ target: string; source: string }>;
  scopes: string[];
}

export function parseHeader(file: string, text: string): CorpusEntry {
  const entry: CorpusEntry = {
    file,
    helper: false,
    esmOnly: false,
    nanOk: false,
    liveOk: false,
    skip: [],
    tracked: [],
    untracked: [],
    calls: [],
    clones: [],
    scopes: [],
  };
  for (const line of text.split("\n")) {
    const m = /^\s*\/\/\s*@([\w-]+)\s*(.*)$/.exec(line);
    if (!m) continue;
    const [, tag, rest = ""] = m;
    const args = rest.trim();
    if (tag === "helper") entry.helper = true;
    else if (tag === "esm-only") entry.esmOnly = true;
    else if (tag === "nan-ok") entry.nanOk = true;
    else if (tag === "live-ok") entry.liveOk = true;
    else if (tag === "skip") entry.skip.push(...args.split(/\s+/).filter(Boolean));
    else if (tag === "tracked") {
      const t = /^(\S+)\s+(\w+)\/(\S+)\s+(.+)$/.exec(args);
      if (!t) throw new Error(`${file}: bad @tracked line: ${line}`);
      entry.tracked.push({ name: t[1]!, category: t[2]!, subcategory: t[3]!, type: t[4]!.trim() });
    } else if (tag === "untracked") entry.untracked.push(...args.split(/\s+/).filter(Boolean));
    else if (tag === "calls") {
      const [name, count] = args.split(/\s+/);
      entry.calls.push({ name: name!, count: Number(count) });
    } else if (tag === "clone") {
      const [target, source] = args.split(/\s+/);
      entry.clones.push({ target: target!, source: source! });
    } else if (tag === "scope") entry.scopes.push(args);
  }
  return entry;
}

export function readCorpus(): CorpusEntry[] {
  return fs
    .readdirSync(CORPUS_DIR)
    .filter((f) => /\.(?:ts|cts|mts)$/.test(f) && !f.endsWith(".d.ts"))
    .sort()
    .map((f) => parseHeader(f, fs.readFileSync(path.join(CORPUS_DIR, f), "utf8")));
}

export function outputName(file: string): string {
  return file.replace(/\.ts$/, ".js").replace(/\.cts$/, ".cjs").replace(/\.mts$/, ".mjs");
}

/** Problems between what the corpus file expects and what the run recorded (empty = fine). */
export function checkRecording(entry: CorpusEntry, recording: Recording): string[] {
  const problems: string[] = [...recording.violations.map((v) => `protocol: ${v}`)];
  if (recording.nanSites > 0 && !entry.nanOk) problems.push(`${recording.nanSites} NaN site ids`);
  if (recording.liveAtExit > 0 && !entry.liveOk) problems.push(`${recording.liveAtExit} scope instances never exited`);
  const own = recording.files.find((f) => f.file === entry.file);
  const sites = own?.sites ?? [];
  const vars = sites.map((s, i) => ({ s, i })).filter(({ s }) => s[0] === 1);
  for (const t of entry.tracked) {
    const candidates = vars.filter(({ s }) => s[1] === t.name);
    if (candidates.length === 0) {
      problems.push(`${t.name}: no variable site`);
      continue;
    }
    const ok = candidates.some(({ s }) => s[2] === t.type && s[3] === t.category && s[4] === t.subcategory);
    if (!ok) {
      const seen = candidates.map(({ s }) => `${s[3]}/${s[4]} ${s[2]}`).join(" | ");
      problems.push(`${t.name}: expected ${t.category}/${t.subcategory} ${t.type}, got ${seen}`);
    }
  }
  for (const name of entry.untracked) {
    if (vars.some(({ s }) => s[1] === name)) problems.push(`${name}: tracked but must not be`);
  }
  for (const c of entry.calls) {
    const count = vars
      .filter(({ s }) => s[1] === c.name)
      .reduce((sum, { i }) => sum + (recording.tracks[String((own?.base ?? 0) + i)] ?? 0), 0);
    if (count !== c.count) problems.push(`${c.name}: ${count} track calls, expected ${c.count}`);
  }
  for (const c of entry.clones) {
    const target = vars.find(({ s }) => s[1] === c.target);
    const sourceIndex = target ? Number(target.s[8]) : -1;
    const source = sourceIndex >= 0 ? sites[sourceIndex] : undefined;
    if (source?.[1] !== c.source) problems.push(`${c.target}: clone source ${String(source?.[1] ?? "none")}, expected ${c.source}`);
  }
  for (const name of entry.scopes) {
    if (!sites.some((s) => s[0] === 0 && s[1] === name)) problems.push(`scope ${name}: no scope site`);
  }
  return problems;
}
