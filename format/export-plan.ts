/**
 * How the export handles a raw snapshot of a given size: every size threshold of the
 * export in one place, read by the runtime (how it starts the export child) and by the
 * export child (how it reads, checks and draws).
 */

export const EXPORT_LIMITS = {
  /**
   * Up to this many records the export child runs without V8's optimising compiler. Its
   * whole life is ~0.2 s on such a snapshot, and TurboFan's compiles (on a background
   * thread, competing for the same 2 cores) never pay off: measured on a 2-core machine,
   * --no-opt cut the child's wall time by ~30 ms (8k and 10k records) and its CPU time by
   * 40–70 ms; at 30k records wall time was even, at 100k it was ~150 ms slower.
   */
  noOptMaxRecords: 20_000,
  /**
   * Records checked against the schema at export: all of them up to this count, an even
   * sample beyond. A raw snapshot with more records is parsed on worker threads.
   */
  schemaSampleRecords: 200_000,
  /**
   * Up to this many records the SVGs render on the child's main thread. Rendering both
   * SVGs takes 20–60 ms at any size (their models are bounded), starting the pool's
   * threads about as long again; the pool pays only when the JSON streams long enough to
   * hide the rendering behind it. Measured on the export bench's synthetic snapshots (2
   * cores): at 100k records inline rendered ~0.2 s faster, at 300k the two were within
   * the noise, at 1M the pool was ahead.
   */
  inlineSvgMaxRecords: 250_000,
  /** The one-pass read keeps every this-many-th record (and the last) as an object for the ajv run. */
  keptRecordEvery: 64,
  /** Records ajv checks even when the quick pre-check passed them all: a spread across the array. */
  ajvSpotRecords: 64,
} as const;

export interface ExportPlan {
  /** Node flags for the export child. */
  childNodeFlags: string[];
  /** True when the raw snapshot's records are parsed on worker threads (more than the schema check samples). */
  parallelRead: boolean;
  /** Where the SVGs render when the caller leaves it to the plan. */
  svgRendering: "inline" | "pool";
}

export function exportPlan(recordCount: number): ExportPlan {
  return {
    childNodeFlags: recordCount <= EXPORT_LIMITS.noOptMaxRecords ? ["--no-opt"] : [],
    parallelRead: recordCount > EXPORT_LIMITS.schemaSampleRecords,
    svgRendering: recordCount <= EXPORT_LIMITS.inlineSvgMaxRecords ? "inline" : "pool",
  };
}
