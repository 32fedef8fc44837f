/** Errors whose `message` is one line a user can act on (the CLI prints it as is). */

/** A snapshot file that is missing, not JSON, truncated, of another format version, or off-schema. */
export class SnapshotInputError extends Error {
  override name = "SnapshotInputError";
}

/** The output directory or a report file cannot be written. */
export class OutputError extends Error {
  override name = "OutputError";
}

/** A one-line description of a Node system error ("EACCES: permission denied"). */
export function describeSystemError(error: unknown): string {
  if (error && typeof error === "object" && "code" in error && typeof error.code === "string") {
    const message = "message" in error && typeof error.message === "string" ? error.message : "";
    const detail = message.replace(/^[A-Z]+:\s*/, "").split(/[,\n]/)[0] ?? "";
    return detail ? `${error.code}: ${detail}` : error.code;
  }
  return error instanceof Error ? error.message.split("\n")[0] ?? String(error) : String(error);
}
