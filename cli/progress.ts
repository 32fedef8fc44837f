/**
 * A one-line progress bar on standard error, drawn only when stderr is a terminal
 * (so pipes, CI logs and tests see nothing of it). `update` is cheap to call often:
 * it redraws at most every `minIntervalMs` and always on completion.
 */
export interface Progress {
  update(done: number, total: number): void;
  finish(): void;
}

const WIDTH = 30;

export function renderBar(label: string, done: number, total: number): string {
  const fraction = total > 0 ? Math.min(1, Math.max(0, done / total)) : 0;
  const filled = Math.round(fraction * WIDTH);
  const percent = Math.floor(fraction * 100);
  return `${label} [${"#".repeat(filled)}${"-".repeat(WIDTH - filled)}] ${percent}% (${done}/${total})`;
}

export function createProgress(
  label: string,
  stream: NodeJS.WriteStream = process.stderr,
  minIntervalMs = 100,
): Progress {
  if (!stream.isTTY) return { update() {}, finish() {} };
  let lastDraw = 0;
  let drawn = false;
  return {
    update(done, total) {
      const now = Date.now();
      if (done < total && now - lastDraw < minIntervalMs) return;
      lastDraw = now;
      drawn = true;
      stream.write(`\r\x1b[2K${renderBar(label, done, total)}`);
    },
    finish() {
      if (drawn) stream.write("\r\x1b[2K");
      drawn = false;
    },
  };
}

/**
 * A one-line status ("reading x…") shown on a terminal while a step without
 * measurable progress runs; returns the function that clears it.
 */
export function showStatus(text: string, stream: NodeJS.WriteStream = process.stderr): () => void {
  if (!stream.isTTY) return () => {};
  stream.write(`\r\x1b[2K${text}`);
  return () => stream.write("\r\x1b[2K");
}
