/**
 * A one-line progress display for precise mode's export (heap snapshot, parse,
 * retained sizes), which can take seconds on a large heap. It runs in the user's own
 * process, so it is drawn only when the user asked for it (MEMSCOPE_PROGRESS=1, set by
 * `memscope run --precise`) AND stderr is a terminal: a plain program's output never
 * changes. Writing never throws into the host.
 */
export type PrecisePhase = "snapshot" | "parse" | "dominators";

/** The part of a stream the display needs (process.stderr in the runtime, a fake in tests). */
export interface ProgressStream {
  isTTY?: boolean;
  write(text: string): unknown;
}

export interface PreciseProgress {
  onProgress(phase: PrecisePhase, done: number, total: number): void;
  /** Clears the line if anything was drawn. */
  finish(): void;
}

const PHASE_TEXT: Record<PrecisePhase, string> = {
  snapshot: "taking a V8 heap snapshot",
  parse: "reading the heap snapshot",
  dominators: "computing retained sizes",
};

/** The line shown for one progress report (without terminal control codes). */
export function progressLine(phase: PrecisePhase, done: number, total: number): string {
  const text = PHASE_TEXT[phase] ?? String(phase);
  // The snapshot phase only says "started" / "done": a percentage would be invented.
  if (phase === "snapshot" || !(total > 0)) return `memscope: precise sizes: ${text}…`;
  const percent = Math.floor(Math.min(1, Math.max(0, done / total)) * 100);
  return `memscope: precise sizes: ${text} ${percent}%`;
}

/**
 * The display, or null when it must stay silent (not asked for, or not a terminal).
 * Redraws at most every `minIntervalMs` within a phase, and on every phase change.
 */
export function createPreciseProgress(
  enabled: boolean,
  stream: ProgressStream,
  minIntervalMs = 100,
  now: () => number = Date.now,
): PreciseProgress | null {
  if (!enabled || stream.isTTY !== true) return null;
  let lastPhase: PrecisePhase | null = null;
  let lastDraw = 0;
  let drawn = false;
  const write = (text: string): void => {
    try {
      stream.write(text);
    } catch {
      // a closed terminal must not break the export
    }
  };
  return {
    onProgress(phase, done, total) {
      const time = now();
      if (phase === lastPhase && done < total && time - lastDraw < minIntervalMs) return;
      lastPhase = phase;
      lastDraw = time;
      drawn = true;
      write(`\r\x1b[2K${progressLine(phase, done, total)}`);
    },
    finish() {
      if (drawn) write("\r\x1b[2K");
      drawn = false;
    },
  };
}
