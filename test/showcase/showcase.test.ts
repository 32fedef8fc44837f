import test from "ava";
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { compileProject, repoRoot, runScript } from "../../scripts/lib/toolchain.js";
import type { Snapshot } from "../../format/snapshot.js";

const project = path.join(repoRoot, "fixtures/showcase");
const work = path.join(repoRoot, ".tmp/test-showcase");

function listFiles(dir: string, prefix = ""): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .flatMap((entry) =>
      entry.isDirectory()
        ? listFiles(path.join(dir, entry.name), path.join(prefix, entry.name))
        : [path.join(prefix, entry.name)],
    )
    .sort();
}

function assertSameTree(t: import("ava").ExecutionContext, expectedDir: string, actualDir: string): void {
  const expected = listFiles(expectedDir);
  t.deepEqual(listFiles(actualDir), expected);
  t.true(expected.length >= 8, "the showcase emits a .js and a .map per module");
  for (const file of expected) {
    const same = readFileSync(path.join(expectedDir, file)).equals(readFileSync(path.join(actualDir, file)));
    t.true(same, `${file} differs from plain tsc output`);
  }
}

test.before(() => {
  rmSync(work, { recursive: true, force: true });
  mkdirSync(work, { recursive: true });
  compileProject({ project, outDir: path.join(work, "plain"), instrumented: false });
});

test("the instrumented showcase prints and exits exactly like the plain build, and reports its variables", (t) => {
  const instrumentedDir = path.join(work, "instrumented");
  compileProject({ project, outDir: instrumentedDir, instrumented: true });
  const emitted = readFileSync(path.join(instrumentedDir, "showcase.js"), "utf8");
  t.true(emitted.includes("memscope-ts/runtime"), "tspc with the plugin instruments the program");

  const outDir = path.join(work, "out");
  const plain = runScript(path.join(work, "plain/showcase.js"));
  const instrumented = runScript(path.join(instrumentedDir, "showcase.js"), {
    env: { MEMSCOPE_OUT: outDir, MEMSCOPE_NAME: "showcase" },
  });
  t.is(plain.status, 0, plain.stderr);
  t.is(instrumented.stdout, plain.stdout);
  t.is(instrumented.stderr, plain.stderr);
  t.is(instrumented.status, plain.status);

  for (const file of ["showcase_snapshot.json", "showcase_memory_analysis.svg", "showcase_lifecycle_timeline.svg"]) {
    t.true(existsSync(path.join(outDir, file)), `${file} written`);
  }
  const snapshot = JSON.parse(readFileSync(path.join(outDir, "showcase_snapshot.json"), "utf8")) as Snapshot;
  const find = (name: string) => snapshot.allocations.find((record) => record.variable_name === name);

  const cache = find("thumbnailCache");
  t.like(cache, { type_name: "Map<string, Thumbnail>", category: "collection", subcategory: "Map", file: "src/showcase.ts", line: 12 });
  t.like(find("valuesByCustomer"), { type_name: "Map<string, number[]>", file: "src/analytics.ts" });
  t.like(find("histogram"), { type_name: "Uint32Array<ArrayBuffer>", category: "collection", subcategory: "Uint32Array" });
  t.like(find("startupBanner"), { category: "string", file: "src/showcase.ts", line: 13 });
  t.like(find("session"), { type_name: "Session", category: "box", file: "src/sessions.ts" });
  t.is(typeof find("seen")?.size_bytes, "number", "the closure's captured array is tracked");
});

test("MEMSCOPE=off at build time emits byte-identical files to plain tsc", (t) => {
  const offDir = path.join(work, "off");
  compileProject({ project, outDir: offDir, instrumented: true, env: { MEMSCOPE: "off" } });
  assertSameTree(t, path.join(work, "plain"), offDir);
});

test('"enabled": false in the plugin entry emits byte-identical files to plain tsc', (t) => {
  const releaseProject = path.join(work, "release");
  mkdirSync(releaseProject, { recursive: true });
  writeFileSync(
    path.join(releaseProject, "tsconfig.json"),
    JSON.stringify({
      extends: path.join(project, "tsconfig.json"),
      compilerOptions: { plugins: [{ transform: "memscope-ts/transformer", enabled: false }] },
    }),
  );
  const releaseDir = path.join(work, "disabled");
  compileProject({ project: releaseProject, outDir: releaseDir, instrumented: true });
  assertSameTree(t, path.join(work, "plain"), releaseDir);
});
