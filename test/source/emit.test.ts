/**
 * The source emitter on single files: helper names that clash with none of the file's,
 * nothing changed where nothing is tracked or when off, the directive prologue and the
 * shebang kept first, every original character mapped to itself by the hires map, and
 * a planned node of a form the emitter has no rewrite for left as written with a warning.
 */
import test from "ava";
import * as fs from "node:fs";
import { SourceMap } from "node:module";
import * as path from "node:path";
import type * as TS from "typescript";
import { planEdits } from "../../transformer/source/edits.js";
import { uniqueHelperNames } from "../../transformer/source/helper-names.js";
import type { FilePlan, Registration } from "../../transformer/plan.js";
import { SourceProject } from "../../transformer/source/project.js";
import { TMP_ROOT } from "../transformer/toolchain.js";

const dir = path.join(TMP_ROOT, "source-emit");

function instrument(name: string, text: string, env: NodeJS.ProcessEnv = {}) {
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, name);
  fs.writeFileSync(file, text);
  const project = new SourceProject({ directory: dir, fileNames: [file], env });
  return { project, file, result: project.instrument({ fileName: file, code: text, commonJs: false }) };
}

test("helper names avoid every name the file uses", (t) => {
  t.deepEqual(uniqueHelperNames("const x = 1;"), { runtime: "__memscope", base: "__ms_b", moduleScope: "__ms_m", functionScope: "__ms_s" });
  t.is(uniqueHelperNames("let __ms_s = 2;").functionScope, "__ms_s_1");
  t.is(uniqueHelperNames("let __ms_s = 2, __memscope_1 = 3;").runtime, "__memscope_2");
  t.is(uniqueHelperNames("let my__ms_s = 2;").functionScope, "__ms_s", "a longer identifier is no clash");
  const { result } = instrument("clash.ts", 'const __memscope = "mine";\nconst rows = [__memscope];\nconsole.log(rows);\n');
  t.regex(result.code, /^import \* as __memscope_1 from "memscope-ts\/runtime";/);
  t.regex(result.code, /const __memscope = __memscope_1\.track\("mine", __ms_b_1 \+ 1, __ms_m_1\);/);
});

test("nothing tracked, or MEMSCOPE=off: the text comes back as it is, without a map", (t) => {
  const numbers = instrument("numbers.ts", "const n = 1 + 2;\nconsole.log(n);\n");
  t.is(numbers.result.code, "const n = 1 + 2;\nconsole.log(n);\n");
  t.is(numbers.result.map, undefined);
  const text = "const rows = [1, 2];\nconsole.log(rows);\n";
  const off = instrument("off.ts", text, { MEMSCOPE: "off" });
  t.is(off.result.code, text);
  t.is(off.result.map, undefined);
});

test("shebang and directives stay first; every original character maps to itself", (t) => {
  const text = '#!/usr/bin/env node\n"use strict";\nfunction f(): number {\n  "use strict";\n  const xs = [1, 2, 3];\n  return xs.length;\n}\nconsole.log(f());\n';
  const { result } = instrument("prologue.ts", text);
  const lines = result.code.split("\n");
  t.is(lines[0], "#!/usr/bin/env node");
  t.true(lines[1]!.startsWith('"use strict"; import * as __memscope'));
  t.true(lines[3]!.startsWith('  "use strict"; const __ms_s = __memscope.enter('));
  t.is(lines.length, text.split("\n").length);
  const map = new SourceMap(result.map as ConstructorParameters<typeof SourceMap>[0]);
  // Each token of the original, found in the output, maps back to its own line:column.
  const original = text.split("\n");
  for (const [line, token] of [[4, "const xs"], [5, "return xs.length"], [7, "console.log(f())"], [2, "function f()"]] as const) {
    const outColumn = lines[line]!.indexOf(token);
    const entry = map.findEntry(line, outColumn);
    t.true("originalLine" in entry);
    if (!("originalLine" in entry)) continue;
    t.is(entry.originalLine, line, token);
    t.is(entry.originalColumn, original[line]!.indexOf(token), token);
  }
});

test("a planned node of a kind the emitter does not rewrite is left as written and reported as skipped", (t) => {
  const { project, file } = instrument("unknown-form.ts", "const rows = [1];\nconsole.log(rows);\n");
  const ts = project.ts;
  const sf = project.program().getSourceFile(file)!;
  const statement = sf.statements[0] as TS.VariableStatement;
  const decl = statement.declarationList.declarations[0]!;
  const plan: FilePlan = {
    sites: [[0, "<module>", 1, 1, -1]] as never[],
    inits: new Map<TS.Node, Registration>([[decl.name, { site: 1, scope: { kind: "module" } }]]),
    after: new Map(),
    assignments: new Map(),
    bodies: new Map(),
    outside: new Set(),
    moduleHasVars: true,
    classScopes: [],
  };
  const edits = planEdits(ts, sf, plan, { fileKey: "unknown-form.ts", runtimeModule: "rt", commonJs: false, names: uniqueHelperNames(sf.text) });
  t.deepEqual(edits.skipped, ["Identifier"]);
  t.is(edits.insertions.length, 1, "only the header");
});

test("function declarations the ts-patch emitter puts before the try block: leading ones stay in place before it, a later one moves there only where a block-level function would behave differently", (t) => {
  const text = [
    "function leading(): number {",
    "  function first(): number { return 1; }",
    "  const xs = [first()];",
    "  return xs.length + later();",
    "  function later(): number { return 2; }",
    "}",
    "function withEval(): string {",
    "  const list = [1, 2];",
    "  eval(\"var helper = 'x'\");",
    "  return typeof helper + list.length;",
    "  function helper(): number { return 1; }",
    "}",
    "console.log(leading(), withEval());",
    "",
  ].join("\n");
  const { result } = instrument("function-placement.cts", text);
  const lines = result.code.split("\n");
  t.is(lines.length, text.split("\n").length);
  // leading: the try block starts after `first`, which stays on its line; `later` (no hazard) stays in place, inside.
  t.regex(lines[1]!, /^ {2}function first\(\): number \{ return 1; \} const __ms_s = __memscope\.enter\(__ms_b \+ \d+\); try \{$/);
  t.is(lines[4], "  function later(): number { return 2; }");
  // withEval: a direct eval in the body, so `helper` goes before the enter marker and the try block.
  t.regex(lines[6]!, /^function withEval\(\): string \{function helper\(\): number \{ return 1; \} const __ms_s = __memscope\.enter\(__ms_b \+ \d+\); try \{$/);
  t.notRegex(lines.slice(7).join("\n"), /function helper/);
  const map = new SourceMap(result.map as ConstructorParameters<typeof SourceMap>[0]);
  const entry = map.findEntry(6, lines[6]!.indexOf("function helper"));
  t.true("originalLine" in entry && entry.originalLine === 10 && entry.originalColumn === 2, "the moved text maps to where it was written");
});
