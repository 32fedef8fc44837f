/** The file:line:column of the code that called the manual API, from a V8 call site. */
import { fileURLToPath } from "node:url";

export interface CallerLocation {
  file: string;
  line: number;
  column: number;
}

const UNKNOWN: CallerLocation = { file: "<unknown>", line: 0, column: 0 };

/** Location two frames above this function (its caller's caller). */
export function callerLocation(): CallerLocation {
  const original = Error.prepareStackTrace;
  const originalLimit = Error.stackTraceLimit;
  try {
    Error.stackTraceLimit = 3;
    Error.prepareStackTrace = (_error, frames) => frames;
    const holder: { stack?: unknown } = {};
    Error.captureStackTrace(holder, callerLocation);
    const frames = holder.stack as NodeJS.CallSite[] | undefined;
    const frame = frames?.[1];
    if (frame === undefined) return UNKNOWN;
    let file = frame.getFileName() ?? "<unknown>";
    if (file.startsWith("file://")) file = fileURLToPath(file);
    return { file, line: frame.getLineNumber() ?? 0, column: frame.getColumnNumber() ?? 0 };
  } catch {
    return UNKNOWN;
  } finally {
    Error.prepareStackTrace = original;
    Error.stackTraceLimit = originalLimit;
  }
}
