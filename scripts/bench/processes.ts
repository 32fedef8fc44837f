/**
 * Running a child process and timing it from spawn to exit, with a hard time limit,
 * so a hung workload costs a bounded time and shows as n/a instead of a number.
 */
import { spawn, type ChildProcess } from "node:child_process";

export interface TimedRun {
  /** Milliseconds from spawn to the 'close' event (process exited, pipes drained). */
  wallMs: number;
  status: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  timedOut: boolean;
}

export interface TimedOptions {
  cwd?: string;
  /** Added to `baseEnv`. */
  env?: NodeJS.ProcessEnv;
  /** The environment `env` is added to (default: this process's). */
  baseEnv?: NodeJS.ProcessEnv;
  timeoutMs: number;
  /** Called with each stdout chunk as it arrives (e.g. to wait for "listening <port>"). */
  onStdout?: (chunk: string, child: ChildProcess) => void;
}

export interface TimedProcess {
  child: ChildProcess;
  done: Promise<TimedRun>;
}

export function startTimed(command: string, args: readonly string[], options: TimedOptions): TimedProcess {
  const started = process.hrtime.bigint();
  const child = spawn(command, args, {
    cwd: options.cwd,
    env: { ...(options.baseEnv ?? process.env), ...options.env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  let timedOut = false;
  child.stdout!.setEncoding("utf8").on("data", (chunk: string) => {
    stdout += chunk;
    options.onStdout?.(chunk, child);
  });
  child.stderr!.setEncoding("utf8").on("data", (chunk: string) => {
    // Keep the tail only: a child that floods stderr must not grow the bench's heap.
    stderr = (stderr + chunk).slice(-64 * 1024);
  });
  const timer = setTimeout(() => {
    timedOut = true;
    child.kill("SIGKILL");
  }, options.timeoutMs);
  const done = new Promise<TimedRun>((resolve, reject) => {
    child.on("error", (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on("close", (status, signal) => {
      clearTimeout(timer);
      const wallMs = Number(process.hrtime.bigint() - started) / 1e6;
      resolve({ wallMs, status, signal, stdout, stderr, timedOut });
    });
  });
  return { child, done };
}

export function runTimed(command: string, args: readonly string[], options: TimedOptions): Promise<TimedRun> {
  return startTimed(command, args, options).done;
}

/** One line describing why a run failed, for an n/a reason. */
export function failureReason(run: TimedRun, limitMs: number): string {
  if (run.timedOut) return `timed out after ${Math.round(limitMs / 1000)} s`;
  // Node ends a crash with its version line: the error line above it is the one to show.
  const lines = run.stderr.split("\n").map((line) => line.trim()).filter(Boolean);
  const line = lines.find((text) => /^\w*Error\b|^error:/i.test(text)) ?? lines.filter((text) => !/^Node\.js v/.test(text)).pop() ?? "";
  return `exited with ${run.status ?? run.signal}${line ? `: ${line.slice(0, 160)}` : ""}`;
}
