/** What every subcommand module exports. `run` resolves with the process exit code. */
export interface Command {
  name: string;
  /** One line for `memscope --help`. */
  summary: string;
  /** Full `memscope <name> --help` text. */
  help: string;
  run(args: string[]): Promise<number>;
}
