/**
 * Random programs for the property test: nested functions, loops with closures, early
 * returns, throws, try/catch/finally, switch, labelled blocks, async/await and
 * generators. fast-check generates a small statement tree; the printer turns it into
 * TypeScript with unique names and only legal constructs for the context (await only in
 * async bodies, yield only in generators, break/continue only inside loops).
 */
import fc from "fast-check";

export type Stmt =
  | { k: "decl"; let: boolean; val: number; c: number }
  | { k: "ret"; c: number }
  | { k: "throw"; c: number; range: boolean }
  | { k: "brk"; c: number }
  | { k: "cont"; c: number }
  | { k: "await" }
  | { k: "yield" }
  | { k: "try"; body: Stmt[]; handler: Stmt[] | null; fin: boolean }
  | { k: "fn"; body: Stmt[]; arrow: boolean }
  | { k: "async"; body: Stmt[] }
  | { k: "gen"; body: Stmt[]; take: number }
  | { k: "loop"; body: Stmt[]; n: number; closures: boolean }
  | { k: "while"; body: Stmt[]; n: number }
  | { k: "block"; body: Stmt[] }
  | { k: "switch"; cases: Stmt[][] }
  | { k: "label"; first: Stmt[]; second: Stmt[]; c: number }
  | { k: "destr"; form: number; c: number; let: boolean }
  | { k: "deferred"; form: number; c: number }
  | { k: "cls"; c: number; statics: boolean };

const small = fc.integer({ min: 0, max: 3 });

/**
 * Destructuring declarations over getters that log, generators that log what they
 * yield and whether they were closed, defaults that log when evaluated, and sources that
 * throw for some inputs. `$` is a fresh name prefix, `c` a small constant.
 */
const DESTRUCTURING: ReadonlyArray<(kw: string, $: string, c: number) => string> = [
  (kw, $, c) =>
    `${kw} { a: ${$}a, b: [${$}b, ${$}c = (out.push("dc"), [x])] = [], ...${$}r } = { get a() { out.push("ga"); return [x, ${c}]; }, b: x % 2 ? [[1], undefined] : undefined, z: "z" + x };\n` +
    `out.push(d(${$}a), d(${$}b), d(${$}c), d(${$}r));`,
  (kw, $, c) => `${kw} [${$}a, , ...${$}r] = seq(out, x + ${c});\nout.push(d(${$}a), d(${$}r));`,
  (kw, $) => `${kw} [${$}a, ${$}b] = seq(out, 9);\nout.push(d(${$}a), d(${$}b));`,
  (kw, $, c) =>
    `${kw} [${$}a = (out.push("da"), "d" + x), { k: ${$}b } = (out.push("db"), { k: new Set([x]) })] = [x % 3 ? undefined : "s${c}", x % 2 ? undefined : { k: new Set<number>() }];\n` +
    `out.push(d(${$}a), d(${$}b));`,
  (kw, $, c) =>
    `${kw} { p: { q: ${$}a } } = (x % 2 === ${c % 2} ? { p: { q: [x] } } : {}) as { p: { q: number[] } };\nout.push(d(${$}a));`,
  (kw, $) => `${kw} { m: ${$}a, ...${$}r } = { m: new Map([[x, "v"]]), n: [x] };\nout.push(d(${$}a), d(${$}r), String(${$}a.get(x)));`,
];

/** Deferred bindings assigned later: `=`, `??=`, `||=`, `&&=`, in expressions, in closures, and nullish again. */
const DEFERRED: ReadonlyArray<($: string, c: number) => string> = [
  ($, c) => `let ${$}: number[] | undefined;\n${$} ??= [x, ${c}];\n${$} ??= (out.push("never"), []);\nout.push(d(${$}));`,
  ($, c) => `let ${$} = null as Map<number, number> | null;\nout.push(d((${$} = new Map([[x, ${c}]]))));\n${$} = null;\nout.push(String(${$}));`,
  ($) => `let ${$}: string;\nif (x % 2) ${$} = "odd" + x;\nelse ${$} = "even";\n${$} ||= "empty";\n${$} &&= ${$} + "!";\nout.push(${$});`,
  ($, c) => `let ${$}: Set<number> | undefined;\n(() => { ${$} = new Set([x, ${c}]); })();\nout.push(d(${$}), d((${$} = new Set())));`,
];

export const programArb: fc.Arbitrary<Stmt[]> = fc.letrec<{ stmt: Stmt; body: Stmt[] }>((tie) => ({
  stmt: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    fc.record({ k: fc.constant("decl" as const), let: fc.boolean(), val: fc.integer({ min: 0, max: 8 }), c: small }),
    fc.record({ k: fc.constant("ret" as const), c: small }),
    fc.record({ k: fc.constant("throw" as const), c: small, range: fc.boolean() }),
    fc.record({ k: fc.constant("brk" as const), c: small }),
    fc.record({ k: fc.constant("cont" as const), c: small }),
    fc.record({ k: fc.constant("await" as const) }),
    fc.record({ k: fc.constant("yield" as const) }),
    fc.record({ k: fc.constant("try" as const), body: tie("body"), handler: fc.option(tie("body"), { nil: null }), fin: fc.boolean() }),
    fc.record({ k: fc.constant("fn" as const), body: tie("body"), arrow: fc.boolean() }),
    fc.record({ k: fc.constant("async" as const), body: tie("body") }),
    fc.record({ k: fc.constant("gen" as const), body: tie("body"), take: fc.integer({ min: 1, max: 4 }) }),
    fc.record({ k: fc.constant("loop" as const), body: tie("body"), n: fc.integer({ min: 0, max: 3 }), closures: fc.boolean() }),
    fc.record({ k: fc.constant("while" as const), body: tie("body"), n: fc.integer({ min: 0, max: 3 }) }),
    fc.record({ k: fc.constant("block" as const), body: tie("body") }),
    fc.record({ k: fc.constant("switch" as const), cases: fc.array(tie("body"), { minLength: 1, maxLength: 3 }) }),
    fc.record({ k: fc.constant("label" as const), first: tie("body"), second: tie("body"), c: small }),
    fc.record({ k: fc.constant("destr" as const), form: fc.integer({ min: 0, max: DESTRUCTURING.length - 1 }), c: small, let: fc.boolean() }),
    fc.record({ k: fc.constant("deferred" as const), form: fc.integer({ min: 0, max: DEFERRED.length - 1 }), c: small }),
    fc.record({ k: fc.constant("cls" as const), c: small, statics: fc.boolean() }),
  ),
  body: fc.array(tie("stmt"), { maxLength: 4 }),
})).body;

interface Ctx {
  async: boolean;
  gen: boolean;
  loop: boolean;
}

const VALUES = [
  (c: number) => `[x, ${c}]`,
  () => `new Map([["k", x]])`,
  () => `"s" + x`,
  () => `{ v: x }`,
  (c: number) => `x * ${c}`,
  (c: number) => `new Set([x, ${c}])`,
  () => `[..."ab"]`,
  () => `JSON.parse("[1]")`,
  () => `Promise.resolve(x)`,
];

export class Printer {
  private n = 0;
  private name(prefix: string): string {
    return `${prefix}${this.n++}`;
  }

  body(stmts: readonly Stmt[], ctx: Ctx, indent: string): string {
    return stmts.map((s) => this.stmt(s, ctx, indent)).filter((s) => s.length > 0).join("\n");
  }

  /** A function body: its own `out`, returns a string. */
  private fnBody(stmts: readonly Stmt[], ctx: Ctx, indent: string): string {
    const inner = indent + "  ";
    return `${inner}const out: string[] = [];\n${this.body(stmts, ctx, inner)}\n${inner}return out.join(",");`;
  }

  stmt(s: Stmt, ctx: Ctx, indent: string): string {
    const i = indent;
    const fnCtx: Ctx = { async: false, gen: false, loop: false };
    switch (s.k) {
      case "decl": {
        const v = this.name("v");
        return `${i}${s.let ? "let" : "const"} ${v} = ${VALUES[s.val]!(s.c)};\n${i}out.push(d(${v}));`;
      }
      case "ret":
        return `${i}if (x % 4 === ${s.c}) return out.join(",") + "/r${s.c}";`;
      case "throw":
        return `${i}if ((x + ${s.c}) % 5 === 0) throw new ${s.range ? "RangeError" : "TypeError"}("t${s.c}:" + x);`;
      case "brk":
        return ctx.loop ? `${i}if (x % 3 === ${s.c}) break;` : "";
      case "cont":
        return ctx.loop ? `${i}if (x % 2 === ${s.c % 2}) { out.push("skip"); continue; }` : "";
      case "await":
        return ctx.async ? `${i}out.push(String(await tick(x)));` : "";
      case "yield":
        return ctx.gen ? `${i}yield out.join("|");` : "";
      case "try": {
        const handler = s.handler
          ? ` catch (e) {\n${i}  out.push("c:" + (e as Error).message);\n${this.body(s.handler, ctx, i + "  ")}\n${i}}`
          : "";
        const fin = s.fin || !s.handler ? ` finally {\n${i}  out.push("f");\n${i}}` : "";
        return `${i}try {\n${this.body(s.body, ctx, i + "  ")}\n${i}}${handler}${fin}`;
      }
      case "fn": {
        const f = this.name("f");
        const body = this.fnBody(s.body, fnCtx, i);
        const decl = s.arrow ? `${i}const ${f} = (x: number): string => {\n${body}\n${i}};` : `${i}function ${f}(x: number): string {\n${body}\n${i}}`;
        return `${decl}\n${i}out.push(${f}(x + 1), ${f}.name);`;
      }
      case "async": {
        const f = this.name("a");
        const body = this.fnBody(s.body, { async: true, gen: false, loop: false }, i);
        const decl = `${i}async function ${f}(x: number): Promise<string> {\n${body}\n${i}}`;
        const call = ctx.async ? `out.push(await ${f}(x + 1));` : `${f}(x + 1).then((r) => log("late " + r), (e) => log("late-rej " + (e as Error).message));`;
        return `${decl}\n${i}${call}`;
      }
      case "gen": {
        const g = this.name("g");
        const k = this.name("k");
        const body = this.fnBody(s.body, { async: false, gen: true, loop: false }, i);
        return (
          `${i}function* ${g}(x: number): Generator<string, string, undefined> {\n${body}\n${i}}\n` +
          `${i}let ${k} = 0;\n${i}for (const y of ${g}(x + 1)) {\n${i}  out.push("y" + y);\n${i}  if (++${k} >= ${s.take}) break;\n${i}}`
        );
      }
      case "loop": {
        const inner = { ...ctx, loop: true };
        if (!s.closures) {
          const it = this.name("i");
          return `${i}for (let ${it} = 0; ${it} < ${s.n}; ${it}++) {\n${i}  out.push("i" + ${it});\n${this.body(s.body, inner, i + "  ")}\n${i}}`;
        }
        const fns = this.name("fns");
        const it = this.name("i");
        const c = this.name("c");
        return (
          `${i}const ${fns}: (() => string)[] = [];\n` +
          `${i}for (let ${it} = 0; ${it} < ${s.n}; ${it}++) {\n` +
          `${i}  const ${c} = [${it}, x];\n${i}  ${fns}.push(() => ${it} + "/" + ${c}.join(""));\n` +
          `${this.body(s.body, inner, i + "  ")}\n${i}}\n` +
          `${i}for (const fn of ${fns}) out.push(fn());`
        );
      }
      case "while": {
        const w = this.name("w");
        return `${i}let ${w} = 0;\n${i}while (${w} < ${s.n}) {\n${i}  ${w}++;\n${this.body(s.body, { ...ctx, loop: true }, i + "  ")}\n${i}}`;
      }
      case "block":
        return `${i}{\n${this.body(s.body, ctx, i + "  ")}\n${i}}`;
      case "switch": {
        const cases = s.cases
          .map((b, n) => `${i}  ${n === s.cases.length - 1 ? "default" : `case ${n}`}:\n${this.body(b, ctx, i + "    ")}\n${i}    break;`)
          .join("\n");
        return `${i}switch (x % 3) {\n${cases}\n${i}}`;
      }
      case "destr":
        return indentLines(DESTRUCTURING[s.form]!(s.let ? "let" : "const", this.name("b") + "_", s.c), i);
      case "deferred":
        return indentLines(DEFERRED[s.form]!(this.name("u"), s.c), i);
      case "cls": {
        const cls = this.name("C");
        const o = this.name("o");
        const statics = s.statics ? `\n${i}  static registry: string[] = [String(x)];\n${i}  static #count = new Set<number>([${s.c}]);` : "";
        const decl =
          `${i}class ${cls} {${statics}\n${i}  #priv = new Map([[x, ${s.c}]]);\n${i}  list = [this.#priv.size, x];\n${i}  label = "l" + this.list.length;\n` +
          `${i}  n = x * ${s.c};\n${i}  fn = (): string => this.label + this.#priv.get(x);\n${i}  constructor(public tag = [x]) {}\n${i}}`;
        return `${decl}\n${i}const ${o} = new ${cls}();\n${i}out.push(d(${o}.list), ${o}.label, ${o}.fn(), Object.keys(${o}).join("+"), ${o}.fn.name);`;
      }
      case "label": {
        const l = this.name("lb");
        return `${i}${l}: {\n${this.body(s.first, ctx, i + "  ")}\n${i}  if (x % 2 === ${s.c % 2}) break ${l};\n${this.body(s.second, ctx, i + "  ")}\n${i}}`;
      }
    }
  }
}

function indentLines(text: string, indent: string): string {
  return text.split("\n").map((line) => indent + line).join("\n");
}

export const PRELUDE = `// generated by test/transformer/generated.ts
const late: string[] = [];
function log(s: string): void { late.push(s); }
function d(v: unknown): string {
  if (v instanceof Map) return "M" + v.size;
  if (v instanceof Set) return "S" + v.size;
  if (Array.isArray(v)) return "A" + v.length;
  if (v instanceof Promise) return "P";
  if (typeof v === "object" && v !== null) return "O" + Object.keys(v).length;
  return String(v);
}
function* seq(out: string[], n: number): Generator<number[], void, undefined> {
  try {
    for (let i = 0; i < n; i++) {
      out.push("y" + i);
      yield [i];
    }
  } finally {
    out.push("closed");
  }
}
function tick(x: number): Promise<number> { return new Promise((r) => setTimeout(() => r(x), 0)); }
`;

/** One program as an async function `prog<N>(x)`. */
export function printProgram(index: number, stmts: readonly Stmt[]): string {
  const printer = new Printer();
  const body = printer.body(stmts, { async: true, gen: false, loop: false }, "  ");
  return `async function prog${index}(x: number): Promise<string> {\n  const out: string[] = [];\n${body}\n  return out.join(",");\n}\n`;
}

/** A file running many programs, each on several inputs, printing one line per run. */
export function printBatch(programs: readonly (readonly Stmt[])[], firstIndex: number): string {
  const fns = programs.map((p, n) => printProgram(firstIndex + n, p)).join("\n");
  const names = programs.map((_, n) => `prog${firstIndex + n}`).join(", ");
  return `${PRELUDE}\n${fns}\nconst programs = [${names}];
async function main(): Promise<void> {
  for (let p = 0; p < programs.length; p++) {
    for (const x of [0, 1, 2, 3, 5]) {
      try {
        console.log(${firstIndex} + p, x, await programs[p]!(x));
      } catch (e) {
        console.log(${firstIndex} + p, x, "threw", (e as Error).constructor.name, (e as Error).message);
      }
    }
    await new Promise((r) => setTimeout(r, 0));
    if (late.length > 0) console.log(${firstIndex} + p, "late", late.splice(0).join(";"));
  }
}
void main();
export {};
`;
}
