/** The machine a run was measured on, for the report header. */
import { spawnSync } from "node:child_process";
import os from "node:os";

export interface Machine {
  node: string;
  v8: string;
  cores: number;
  cpu: string;
  memoryGb: number;
  platform: string;
  date: string;
  /** 1-minute load average at the start: the machine may be shared. */
  loadAverage: number;
  /** `git describe` of the measured tree (with -dirty when it has local changes), or null. */
  commit: string | null;
}

function gitCommit(cwd: string): string | null {
  const result = spawnSync("git", ["describe", "--always", "--dirty"], { cwd, encoding: "utf8" });
  return result.status === 0 ? result.stdout.trim() || null : null;
}

export function describeMachine(repoRoot: string, now = new Date()): Machine {
  const cpus = os.cpus();
  return {
    node: process.version,
    v8: process.versions.v8,
    cores: os.availableParallelism?.() ?? cpus.length,
    cpu: cpus[0]?.model.trim() ?? "unknown",
    memoryGb: Math.round((os.totalmem() / 2 ** 30) * 10) / 10,
    platform: `${os.type()} ${os.release()} ${os.arch()}`,
    date: now.toISOString(),
    loadAverage: Math.round(os.loadavg()[0]! * 100) / 100,
    commit: gitCommit(repoRoot),
  };
}

export function machineLines(machine: Machine): string[] {
  return [
    `node ${machine.node} (V8 ${machine.v8}), ${machine.platform}`,
    `${machine.cores} cores (${machine.cpu}), ${machine.memoryGb} GB RAM, load average ${machine.loadAverage} at start`,
    `date ${machine.date}, code at ${machine.commit ?? "unknown commit"}`,
  ];
}
