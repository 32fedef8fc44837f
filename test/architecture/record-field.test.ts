/**
 * docs/architecture.md's "Adding a record field" is the list of places a new record field
 * touches. It stays true: every file it names exists, and every name it gives in
 * backticks is declared in one of the files named in the same step.
 */
import test from "ava";
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { repoRoot } from "../../scripts/lib/toolchain.js";

function section(): string {
  const doc = readFileSync(path.join(repoRoot, "docs/architecture.md"), "utf8");
  const start = doc.indexOf("## Adding a record field");
  const end = doc.indexOf("\n## ", start + 1);
  if (start < 0) throw new Error("docs/architecture.md has no 'Adding a record field' section");
  return doc.slice(start, end < 0 ? undefined : end);
}

test("every file the list names exists, and every name it gives is declared in its step's files", (t) => {
  const text = section();
  const steps = text.split(/\n(?=\d+\. )/).filter((step) => /^\d+\. /.test(step));
  t.true(steps.length >= 6, `${steps.length} steps`);
  const paths = new Set<string>();
  for (const step of steps) {
    const quoted = [...step.matchAll(/`([^`]+)`/g)].map((m) => m[1]!);
    const files = quoted.filter((q) => /^[\w-]+\/[\w./-]+\.(ts|json)$/.test(q));
    t.true(files.length > 0 || /render\/derive\/|render\/draw\//.test(step), `step names a file: ${step.slice(0, 60)}`);
    const sources = files.map((file) => {
      t.true(existsSync(path.join(repoRoot, file)), `${file} exists`);
      paths.add(file);
      return existsSync(path.join(repoRoot, file)) ? readFileSync(path.join(repoRoot, file), "utf8") : "";
    });
    // Names (identifiers) given in the step: declared in one of its files, or in format/record.ts for the format's own.
    const names = quoted.filter((q) => /^[A-Za-z_][\w.]*$/.test(q) && !q.includes("/"));
    for (const name of names) {
      const last = name.split(".").at(-1)!;
      const declared = new RegExp(`\\b(const|function|class|interface|type)\\s+${last}\\b|\\b${last}\\s*\\(|"${last}"|\\b${last}\\s*[:=]`);
      t.true(sources.some((source) => declared.test(source)), `${name} (step ${step.slice(0, 2)}) is declared in ${files.join(", ")}`);
    }
  }
  for (const file of ["format/snapshot.ts", "format/record.ts", "schema/snapshot.schema.json", "runtime/collect.ts", "render/read/record-columns.ts"]) {
    t.true(paths.has(file), `the list names ${file}`);
  }
});
