/**
 * What of the program's command line goes into the snapshot (metadata.argv). A command
 * line often carries secrets (`--password=…`, `--token abc`, a URL with credentials), and
 * snapshots get attached to CI runs and bug reports, so by default every argument that
 * looks like one is replaced by "<redacted>". MEMSCOPE_ARGV=1 records it as it is;
 * MEMSCOPE_ARGV=0 records only the executable and the script.
 */
import { regexTest, slice, indexOf, push } from "./intrinsics.js";

export const REDACTED = "<redacted>";

/** Option names whose value is a secret. */
const SECRET_NAME = /(pass(word|wd|phrase)?|secret|token|api[-_]?key|access[-_]?key|private[-_]?key|auth|credential|cookie|session|signature|^key$|^pw$)/i;
/** A URL with user:password@. */
const URL_CREDENTIALS = /^[a-z][a-z0-9+.-]*:\/\/[^/@\s]*:[^/@\s]*@/i;
/** A long run of token characters mixing letters and digits: an API key, a JWT, a hash. */
const TOKEN_LIKE = /^[A-Za-z0-9+/_.=-]{24,}$/;
const HAS_DIGIT = /[0-9]/;
const HAS_LETTER = /[A-Za-z]/;

export { type ArgvMode, argvMode } from "../format/settings.js";
import type { ArgvMode } from "../format/settings.js";

function looksSecret(value: string): boolean {
  if (regexTest(URL_CREDENTIALS, value)) return true;
  return regexTest(TOKEN_LIKE, value) && regexTest(HAS_DIGIT, value) && regexTest(HAS_LETTER, value) && indexOf(value, "/") !== 0;
}

function optionName(arg: string): string | null {
  if (indexOf(arg, "-") !== 0) return null;
  const equals = indexOf(arg, "=");
  return slice(arg, arg[1] === "-" ? 2 : 1, equals < 0 ? arg.length : equals);
}

/** The argv to record: executable and script always, the rest as `mode` says. */
export function recordedArgv(argv: readonly string[], mode: ArgvMode): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length && i < 2; i++) push(out, argv[i]!);
  if (mode === "none") return out;
  let secretNext = false;
  for (let i = 2; i < argv.length; i++) {
    const arg = argv[i]!;
    if (mode === "full") {
      push(out, arg);
      continue;
    }
    const name = optionName(arg);
    const equals = indexOf(arg, "=");
    if (name !== null && regexTest(SECRET_NAME, name)) {
      // `--token=abc` keeps its name; `--token abc` redacts the next argument.
      if (equals >= 0) push(out, `${slice(arg, 0, equals + 1)}${REDACTED}`);
      else {
        push(out, arg);
        secretNext = true;
      }
      continue;
    }
    if (secretNext && name === null) {
      push(out, REDACTED);
      secretNext = false;
      continue;
    }
    secretNext = false;
    const value = equals >= 0 ? slice(arg, equals + 1) : arg;
    if (looksSecret(value)) push(out, equals >= 0 ? `${slice(arg, 0, equals + 1)}${REDACTED}` : REDACTED);
    else push(out, arg);
  }
  return out;
}
