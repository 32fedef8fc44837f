/**
 * The layering of the source folders, checked on the TypeScript sources: every import
 * (type-only ones too) is resolved, and the test fails on an import cycle or on an
 * import across layers that the rules below do not allow.
 *
 *   format/       imports nothing outside format/ (no Node module either: pure declarations)
 *   transformer/  format/ only (and typescript, Node)
 *   runtime/      format/ only (and Node)
 *   render/       format/ only (and its dependencies)
 *   otel/         format/ and runtime/ (memscope-ts/otel reads the runtime's store; the runtime loads it by URL only)
 *   cli/          format/, render/'s public entry render/index.ts, and the source emitter's
 *                 public entry transformer/source/index.ts (memscope instrument)
 *   register/     format/ and transformer/source/index.ts (the load hook)
 *   plugins/      format/ and transformer/source/index.ts (the bundler plugins)
 *   index.ts      the package's entry: anything's public entry
 */
import test from "ava";
import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..");
const LAYERS = ["format", "transformer", "runtime", "otel", "render", "cli", "register", "plugins"] as const;
type Layer = (typeof LAYERS)[number];

const SOURCE_EMITTER = "transformer/source/index.ts";

/** What each layer may import from the others (its own folder is always allowed). */
const ALLOWED: Record<Layer, (target: string) => boolean> = {
  format: () => false,
  transformer: (target) => target.startsWith("format/"),
  runtime: (target) => target.startsWith("format/"),
  otel: (target) => target.startsWith("format/") || target.startsWith("runtime/"),
  render: (target) => target.startsWith("format/"),
  cli: (target) => target.startsWith("format/") || target === "render/index.ts" || target === SOURCE_EMITTER,
  register: (target) => target.startsWith("format/") || target === SOURCE_EMITTER,
  plugins: (target) => target.startsWith("format/") || target === SOURCE_EMITTER,
};

function sourceFiles(dir: string): string[] {
  const files: string[] = [];
  for (const name of readdirSync(path.join(ROOT, dir))) {
    const rel = `${dir}/${name}`;
    if (statSync(path.join(ROOT, rel)).isDirectory()) files.push(...sourceFiles(rel));
    else if (/\.(ts|mts|cts)$/.test(name) && !name.endsWith(".d.ts")) files.push(rel);
  }
  return files;
}

/** Static imports and re-exports (type-only included) and dynamic import() with a literal. */
const IMPORT = /(?:^|[\s;])(?:import|export)\s[^"';]*?\sfrom\s*["']([^"']+)["']|(?:^|[\s;])import\s*["']([^"']+)["']|\bimport\(\s*["']([^"']+)["']\s*\)/g;

export function importsOf(source: string): string[] {
  // Comments may mention modules: drop them (no string in this code base holds a comment opener).
  const code = source.replace(/\/\*[\s\S]*?\*\//g, "").replace(/(^|[^:"'`])\/\/.*$/gm, "$1");
  const specifiers: string[] = [];
  for (const match of code.matchAll(IMPORT)) specifiers.push((match[1] ?? match[2] ?? match[3])!);
  return specifiers;
}

function resolveRelative(from: string, specifier: string): string | null {
  if (!specifier.startsWith(".")) return null;
  const target = path.posix.normalize(path.posix.join(path.posix.dirname(from), specifier));
  return target.replace(/\.js$/, ".ts").replace(/\.mjs$/, ".mts").replace(/\.cjs$/, ".cts");
}

function layerOf(file: string): Layer | null {
  const top = file.split("/")[0];
  return (LAYERS as readonly string[]).includes(top!) ? (top as Layer) : null;
}

function graph(): Map<string, string[]> {
  const edges = new Map<string, string[]>();
  for (const file of [...LAYERS.flatMap((layer) => sourceFiles(layer)), "index.ts"]) {
    const targets = importsOf(readFileSync(path.join(ROOT, file), "utf8"))
      .map((specifier) => resolveRelative(file, specifier))
      .filter((target): target is string => target !== null);
    edges.set(file, targets);
  }
  return edges;
}

/** Every cycle's modules, as found by Tarjan's strongly connected components. */
function cycles(edges: Map<string, string[]>): string[][] {
  let next = 0;
  const indexOf = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const found: string[][] = [];
  const visit = (node: string): void => {
    indexOf.set(node, next);
    low.set(node, next++);
    stack.push(node);
    onStack.add(node);
    for (const target of edges.get(node) ?? []) {
      if (!edges.has(target)) continue;
      if (!indexOf.has(target)) {
        visit(target);
        low.set(node, Math.min(low.get(node)!, low.get(target)!));
      } else if (onStack.has(target)) low.set(node, Math.min(low.get(node)!, indexOf.get(target)!));
    }
    if (low.get(node) === indexOf.get(node)) {
      const component: string[] = [];
      let member: string;
      do {
        member = stack.pop()!;
        onStack.delete(member);
        component.push(member);
      } while (member !== node);
      if (component.length > 1 || (edges.get(node) ?? []).includes(node)) found.push(component.sort());
    }
  };
  for (const node of edges.keys()) if (!indexOf.has(node)) visit(node);
  return found;
}

test("every relative import resolves to a source file", (t) => {
  const edges = graph();
  const missing = [...edges].flatMap(([file, targets]) => targets.filter((target) => !edges.has(target)).map((target) => `${file} -> ${target}`));
  t.deepEqual(missing, []);
});

test("no import cycle among the source modules (type-only imports included)", (t) => {
  t.deepEqual(cycles(graph()), []);
});

test("each layer imports only what its rule allows", (t) => {
  const forbidden: string[] = [];
  for (const [file, targets] of graph()) {
    const layer = layerOf(file);
    if (layer === null) continue;
    for (const target of targets) if (layerOf(target) !== layer && !ALLOWED[layer](target)) forbidden.push(`${file} -> ${target}`);
  }
  t.deepEqual(forbidden, []);
});

test("format/ imports no module at all, not even Node's", (t) => {
  const outside = sourceFiles("format").flatMap((file) =>
    importsOf(readFileSync(path.join(ROOT, file), "utf8"))
      .filter((specifier) => !specifier.startsWith("./"))
      .map((specifier) => `${file} -> ${specifier}`),
  );
  t.deepEqual(outside, []);
});

test("the walk sees imports of every form, so the checks above can fail", (t) => {
  t.deepEqual(
    importsOf(
      [
        'import type { A } from "./a.js";',
        'import * as b from "../b.js";',
        'export { c } from "./c.js";',
        'import "./d.js";',
        'const e = await import("./e.js");',
        "// import { f } from './f.js';",
        'import {\n  g,\n  type G,\n} from "./g.js";',
      ].join("\n"),
    ),
    ["./a.js", "../b.js", "./c.js", "./d.js", "./e.js", "./g.js"],
  );
  const edges = new Map([
    ["a.ts", ["b.ts"]],
    ["b.ts", ["a.ts"]],
    ["c.ts", ["a.ts"]],
  ]);
  t.deepEqual(cycles(edges), [["a.ts", "b.ts"]]);
});
