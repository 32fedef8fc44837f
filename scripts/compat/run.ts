/**
 * npm run test:compat — the transformer's equivalence tests against the compatibility
 * toolchain (typescript 6.0.3 + ts-patch 4.0.1), installed with npm into a temporary
 * folder that is removed afterwards. The tests pick that toolchain up through
 * MEMSCOPE_COMPAT_DIR (test/transformer/toolchain.ts).
 */
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { REPO_ROOT } from "../../test/transformer/toolchain.js";

export const COMPAT_PACKAGES = ["typescript@6.0.3", "ts-patch@4.0.1"];
const TESTS = ["corpus", "options", "property", "rxjs"].map((t) => `dist/test/transformer/${t}.test.js`);

function main(): number {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "memscope-compat-"));
  try {
    fs.writeFileSync(path.join(dir, "package.json"), JSON.stringify({ private: true, name: "memscope-compat" }));
    const npm = process.platform === "win32" ? "npm.cmd" : "npm";
    const install = spawnSync(npm, ["install", "--no-audit", "--no-fund", "--save-exact", ...COMPAT_PACKAGES], {
      cwd: dir,
      stdio: ["ignore", "inherit", "inherit"],
    });
    if (install.status !== 0) {
      console.error(`test:compat: npm install ${COMPAT_PACKAGES.join(" ")} failed (exit ${install.status ?? install.signal})`);
      return 2;
    }
    const ava = path.join(REPO_ROOT, "node_modules/ava/entrypoints/cli.mjs");
    // Extra arguments go to ava (CI passes --tap to count the results).
    const run = spawnSync(process.execPath, [ava, ...TESTS, ...process.argv.slice(2)], {
      cwd: REPO_ROOT,
      env: { ...process.env, MEMSCOPE_COMPAT_DIR: dir },
      stdio: "inherit",
    });
    return run.status ?? 1;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

process.exitCode = main();
