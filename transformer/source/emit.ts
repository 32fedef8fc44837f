/**
 * The source-to-source emitter: the planner's plan for one file, spliced into the
 * file's original TypeScript text with magic-string, with a high-resolution source map
 * (every original character keeps its line:column). The output is TypeScript: whatever
 * compiles or strips the file next (Node, esbuild, Vite, tsgo) sees the user's code
 * with the registrations added, and nothing else changed.
 */
import MagicString from "magic-string";
import type * as TS from "typescript";
import type { SiteTuple } from "../../format/protocol.js";
import type { MemscopeOptions } from "../options.js";
import { planFile } from "../plan.js";
import { planEdits } from "./edits.js";
import { uniqueHelperNames } from "./helper-names.js";

export interface SourceMapV3 {
  version: number;
  file?: string;
  sources: string[];
  sourcesContent?: (string | null)[];
  names: string[];
  mappings: string;
}

export interface EmitResult {
  /** the instrumented TypeScript; the input text itself when there is nothing to track */
  code: string;
  /** undefined when the file is returned unchanged */
  map: SourceMapV3 | undefined;
  sites: SiteTuple[];
  /** one line per problem (a planned form left as written); empty when none */
  warnings: string[];
}

export interface EmitTarget {
  /** path written into registerFile (relative to the project directory, posix) */
  fileKey: string;
  commonJs: boolean;
  /** the map's `sources` entry (relative to where the output is written) */
  mapSource: string;
}

const PREFIX = "memscope-ts:";

export function emitInstrumentedSource(
  ts: typeof TS,
  program: TS.Program,
  sf: TS.SourceFile,
  options: MemscopeOptions,
  target: EmitTarget,
): EmitResult {
  const text = sf.text;
  const unchanged: EmitResult = { code: text, map: undefined, sites: [], warnings: [] };
  if (!options.enabled || sf.isDeclarationFile) return unchanged;
  const plan = planFile(ts, program, sf, options);
  if (!plan) return unchanged;
  const edits = planEdits(ts, sf, plan, {
    fileKey: target.fileKey,
    runtimeModule: options.runtimeModule,
    commonJs: target.commonJs,
    names: uniqueHelperNames(text),
  });
  const warnings =
    edits.skipped.length === 0
      ? []
      : [
          `${PREFIX} ${target.fileKey}: ${edits.skipped.length} planned node(s) of a form the source emitter does not rewrite ` +
            `(${[...new Set(edits.skipped)].join(", ")}) left as written`,
        ];
  const s = new MagicString(text);
  // Text inserted where a moved range ends belongs after it, not to the moved text; a
  // body's opening goes after the function moved to it. prependRight puts the latest
  // call first, so those are applied in reverse.
  const movedEnds = new Set(edits.moves.map((m) => m.end));
  const right = edits.insertions.filter((i) => i.before === true || movedEnds.has(i.pos));
  for (const insertion of edits.insertions) if (!right.includes(insertion)) s.appendLeft(insertion.pos, insertion.text);
  for (let i = right.length - 1; i >= 0; i--) s.prependRight(right[i]!.pos, right[i]!.text);
  for (const m of edits.moves) s.move(m.start, m.end, m.to);
  const map = s.generateMap({ hires: true, source: target.mapSource, includeContent: true });
  return {
    code: s.toString(),
    map: { version: map.version, sources: map.sources, sourcesContent: map.sourcesContent, names: map.names, mappings: map.mappings },
    sites: plan.sites,
    warnings,
  };
}

/** `//# sourceMappingURL=data:…` for the end of a file (no line of the file moves). */
export function inlineSourceMapComment(map: SourceMapV3): string {
  return `\n//# sourceMappingURL=data:application/json;charset=utf-8;base64,${Buffer.from(JSON.stringify(map)).toString("base64")}\n`;
}
