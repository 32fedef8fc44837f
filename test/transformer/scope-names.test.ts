/**
 * Names a reader can use: anonymous functions are named by where they stand, and the
 * ts-patch transformer and the source emitter (one planner) give the same names.
 */
import test from "ava";
import * as fs from "node:fs";
import * as path from "node:path";
import { buildInstrumentedModule } from "./build.js";
import { loadToolchain, TMP_ROOT, TRANSFORMER_ENTRY } from "./toolchain.js";
import { SourceProject } from "../../transformer/source/project.js";

const SOURCE = `
declare function describe(title: string, body: () => void): void;
declare function it(title: string, body: () => void | Promise<void>): void;
declare namespace it { function only(title: string, body: () => void): void; }
declare const emitter: { on(event: string, listener: (chunk: string) => void): void };
declare function setTimeout(fn: () => void, ms: number): unknown;

describe("parser", () => {
  const cases = ["a", "b"];
  it("reads", () => {
    const tokens = cases.map((c) => {
      const pair = [c, c];
      return pair.join("");
    });
    console.log(tokens.length);
  });
  it.only(\`keeps   the
     order\`, function () {
    const seen = new Set<string>();
    console.log(seen.size);
  });
});

emitter.on("data", (chunk) => {
  const parts = chunk.split(",");
  console.log(parts.length);
});
setTimeout(() => {
  const later = [1, 2];
  console.log(later.length);
}, 1);
new Promise<void>((resolve) => {
  const queue = [resolve];
  queue[0]!();
});

const handlers: Record<string, () => number> = {};
handlers.refresh = () => {
  const rows = [1, 2, 3];
  return rows.length;
};
handlers["reset-all"] = () => {
  const rows = [0];
  return rows.length;
};
const api = {
  fetch: () => {
    const out: number[] = [];
    return out.length;
  },
};

class Bag {
  items = [1, 2];
  *[Symbol.iterator]() {
    const copy = [...this.items];
    yield* copy;
  }
  onChange = () => {
    const diff = [0];
    return diff.length;
  };
}
console.log(api.fetch(), [...new Bag()].length);
export {};
`;

const EXPECTED = [
  "<module>",
  'describe("parser")',
  'it("reads")',
  "map callback",
  'it("keeps the order")',
  'on("data") callback',
  "setTimeout callback",
  "Promise callback",
  "refresh",
  "reset-all",
  "fetch",
  "Bag",
  "Bag[Symbol.iterator]",
  "Bag.onChange",
];

/** Scope names of the site table the output registers: its `[0, "name", …]` entries (either emitter's spacing). */
function scopeNames(output: string): string[] {
  const names: string[] = [];
  for (const match of output.matchAll(/\[0, ?("(?:[^"\\]|\\.)*"), ?\d+, ?\d+, ?-?\d+\]/g)) names.push(JSON.parse(match[1]!) as string);
  return names;
}

const dir = path.join(TMP_ROOT, "scope-names");

test("the ts-patch transformer names anonymous functions by where they stand", (t) => {
  const { tsp } = loadToolchain();
  const { diagnostics, output } = buildInstrumentedModule(tsp, path.join(dir, "ts-patch"), SOURCE, TRANSFORMER_ENTRY);
  t.deepEqual(diagnostics, []);
  t.deepEqual(scopeNames(output), EXPECTED);
});

test("the source emitter gives the same names", (t) => {
  const sourceDir = path.join(dir, "source");
  fs.mkdirSync(sourceDir, { recursive: true });
  const file = path.join(sourceDir, "app.ts");
  fs.writeFileSync(file, SOURCE);
  const project = new SourceProject({ directory: sourceDir, fileNames: [file], env: {} });
  const { code } = project.instrument({ fileName: file, code: SOURCE, commonJs: false });
  t.deepEqual(scopeNames(code), EXPECTED);
});
