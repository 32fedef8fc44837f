/**
 * The program-transformer entry (`{ "transform": "memscope-ts/transformer",
 * "transformProgram": true }`): the on/off state becomes an input of incremental builds.
 *
 * An incremental build (`--incremental`, `-b`, `--watch`) re-emits only the files whose
 * inputs changed, and "tracking on" or "off" is no input TypeScript knows of: after an
 * instrumented build a release build (`MEMSCOPE=off`, plain `tsc`) would leave the
 * instrumented files in place, and after a plain build an instrumented one would emit
 * nothing. A program transformer runs where the builder takes the program, before it
 * decides what to emit, so when tracking is on:
 *
 * - the builder sees the program's compiler options with `mapRoot` set to a value no
 *   build of its own has (the user's `mapRoot`, if any, plus ON_MARKER). `mapRoot` is an
 *   option that affects emit, so its change makes the builder re-emit every file, and it
 *   is stored in the `.tsbuildinfo`; it touches no type check, and the emit itself uses
 *   the program's real options, so the files come out as they would without it. Any
 *   build whose options differ (off, plain tsc, on after off) therefore re-emits
 *   everything; two instrumented builds in a row stay incremental.
 * - the written `.tsbuildinfo` says `checkPending`, so `tsc -b` (whose up-to-date check
 *   reads no such option) builds the project again instead of calling it up to date,
 *   and the build then re-emits as above. An instrumented `-b` build therefore always
 *   rebuilds the program (emitting only what changed).
 * - the program's emit runs the instrumenting transformer first among the `before`
 *   transformers.
 *
 * Off returns the program untouched: an off build, `.tsbuildinfo` included, is
 * byte-identical to plain tsc's.
 */
import type * as TS from "typescript";

/** Appended to `mapRoot` in the builder's view of an instrumented build's options. */
export const ON_MARKER = "memscope-ts:instrumented-build";

type Emit = TS.Program["emit"];

/** The builder's view of an instrumented build's options (see the header). */
export function markedOptions(options: TS.CompilerOptions): TS.CompilerOptions {
  const mapRoot = typeof options.mapRoot === "string" ? options.mapRoot : "";
  return { ...options, mapRoot: `${mapRoot}${ON_MARKER}` };
}

/** Our factory first among `before`, the caller's transformers after it. */
function withInstrumentation(
  custom: TS.CustomTransformers | undefined,
  instrument: TS.TransformerFactory<TS.SourceFile>,
): TS.CustomTransformers {
  return { ...custom, before: [instrument, ...(custom?.before ?? [])] };
}

/**
 * The program an instrumented build's builder works with: the same program (its
 * checker, its files, its real options for the emit) seen through an object whose
 * getCompilerOptions, emit and build info differ as the header says.
 */
export function instrumentedBuildProgram(
  program: TS.Program,
  instrument: TS.TransformerFactory<TS.SourceFile>,
): TS.Program {
  const options = markedOptions(program.getCompilerOptions());
  const view = Object.create(program) as TS.Program & { getBuildInfo?: () => unknown };
  view.getCompilerOptions = () => options;
  const emit: Emit = (targetSourceFile, writeFile, cancellationToken, emitOnlyDts, custom, ...rest: unknown[]) =>
    (program.emit as (...args: unknown[]) => TS.EmitResult)(
      targetSourceFile,
      writeFile,
      cancellationToken,
      emitOnlyDts,
      withInstrumentation(custom, instrument),
      ...rest,
    );
  view.emit = emit;
  // The builder hands the program its build info by assigning getBuildInfo, and the
  // emitter reads it from the program itself: forward it there, marked.
  Object.defineProperty(view, "getBuildInfo", {
    configurable: true,
    enumerable: true,
    get: () => (program as { getBuildInfo?: () => unknown }).getBuildInfo,
    set: (getBuildInfo: unknown) => {
      (program as { getBuildInfo?: () => unknown }).getBuildInfo =
        typeof getBuildInfo === "function"
          ? () => markBuildInfo((getBuildInfo as () => unknown)())
          : (getBuildInfo as undefined);
    },
  });
  return view;
}

/** The build info says checkPending (see the header); anything that is not one is left as it is. */
function markBuildInfo(info: unknown): unknown {
  if (info === null || typeof info !== "object" || !("version" in info)) return info;
  return { ...info, checkPending: true };
}
