/**
 * The load hook's disk cache: one entry per source file, valid while the file, the
 * project files it imports (directly or not), the tsconfig, the lockfile and the
 * versions of memscope-ts and its TypeScript are what they were. A run whose files all
 * hit never loads TypeScript. Entries are written atomically; a bad one is a miss.
 */
import { createHash } from "node:crypto";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

export interface CacheEntry {
  key: string;
  /** [absolute path, content hash] of each project file the types came from */
  deps: Array<[string, string]>;
  code: string;
}

export function hashText(text: string | Buffer): string {
  return createHash("sha256").update(text).digest("hex").slice(0, 32);
}

export function readOrEmpty(file: string | undefined): string {
  if (!file) return "";
  try {
    return fs.readFileSync(file, "utf8");
  } catch {
    return "";
  }
}

const LOCKFILES = ["package-lock.json", "pnpm-lock.yaml", "yarn.lock", "bun.lock"];

export class LoadCache {
  readonly dir: string;
  private readonly contextKey: string;

  constructor(projectDir: string, configFile: string | undefined, versions: string) {
    const local = path.join(projectDir, "node_modules");
    this.dir = fs.existsSync(local)
      ? path.join(local, ".cache", "memscope-ts", "register")
      : path.join(os.tmpdir(), "memscope-ts-register", hashText(projectDir));
    const lock = LOCKFILES.map((f) => readOrEmpty(path.join(projectDir, f))).join("\0");
    this.contextKey = hashText([versions, readOrEmpty(configFile), hashText(lock), process.env.MEMSCOPE_RUNTIME_MODULE ?? ""].join("\0"));
  }

  key(fileName: string, text: string, commonJs: boolean): string {
    return hashText([this.contextKey, fileName, hashText(text), commonJs ? "cjs" : "esm"].join("\0"));
  }

  private entryPath(fileName: string, commonJs: boolean): string {
    return path.join(this.dir, `${hashText(`${fileName}\0${commonJs}`)}.json`);
  }

  get(fileName: string, key: string, commonJs: boolean): string | undefined {
    try {
      const entry = JSON.parse(fs.readFileSync(this.entryPath(fileName, commonJs), "utf8")) as CacheEntry;
      if (entry.key !== key || typeof entry.code !== "string") return undefined;
      for (const [dep, hash] of entry.deps) if (hashText(readOrEmpty(dep)) !== hash) return undefined;
      return entry.code;
    } catch {
      return undefined;
    }
  }

  set(fileName: string, commonJs: boolean, entry: CacheEntry): void {
    try {
      fs.mkdirSync(this.dir, { recursive: true });
      const target = this.entryPath(fileName, commonJs);
      const temp = `${target}.${process.pid}.tmp`;
      fs.writeFileSync(temp, JSON.stringify(entry));
      fs.renameSync(temp, target);
    } catch {
      // A read-only project still runs, only without the cache.
    }
  }
}
