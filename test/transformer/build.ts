/** Builds a set of files with one compiler, the way tsc/tspc would from a tsconfig. */
import * as fs from "node:fs";
import * as path from "node:path";
import type * as TS from "typescript";

export interface BuildSpec {
  /** tsconfig.json whose directory is the project directory (read for its base options) */
  configFile: string;
  files: readonly string[];
  outDir: string;
  /** compilerOptions in tsconfig JSON form, merged over the base */
  compilerOptions: Record<string, unknown>;
  /** a plugins entry for the memscope transformer (only honoured by ts-patch's compiler) */
  plugin?: Record<string, unknown>;
  /** MEMSCOPE value in the environment during the build */
  memscopeEnv?: string;
  /** package.json "type" written into outDir */
  packageType: "module" | "commonjs";
}

export interface BuildResult {
  diagnostics: string[];
  /** every emitted file, relative to outDir */
  emitted: string[];
}

export function formatDiagnostics(ts: typeof TS, diagnostics: readonly TS.Diagnostic[]): string[] {
  return diagnostics.map((d) => {
    const text = ts.flattenDiagnosticMessageText(d.messageText, "\n");
    if (!d.file || d.start === undefined) return `TS${d.code}: ${text}`;
    const { line, character } = d.file.getLineAndCharacterOfPosition(d.start);
    return `${path.basename(d.file.fileName)}:${line + 1}:${character + 1} TS${d.code}: ${text}`;
  });
}

export function build(ts: typeof TS, spec: BuildSpec): BuildResult {
  const raw = ts.readConfigFile(spec.configFile, ts.sys.readFile);
  if (raw.error) throw new Error(formatDiagnostics(ts, [raw.error]).join("\n"));
  const base = raw.config as { compilerOptions?: Record<string, unknown> };
  // TypeScript 6 reports options that TypeScript 7 drops (node10 resolution,
  // downlevelIteration) as errors unless told the project knows.
  const major = Number.parseInt(ts.version, 10);
  const json = {
    compilerOptions: {
      ...(major === 6 ? { ignoreDeprecations: "6.0" } : {}),
      ...base.compilerOptions,
      ...spec.compilerOptions,
      outDir: spec.outDir,
      ...(spec.plugin ? { plugins: [spec.plugin] } : {}),
    },
    files: [...spec.files],
  };
  const parsed = ts.parseJsonConfigFileContent(json, ts.sys, path.dirname(spec.configFile), undefined, spec.configFile);
  if (parsed.errors.length > 0) throw new Error(formatDiagnostics(ts, parsed.errors).join("\n"));
  fs.rmSync(spec.outDir, { recursive: true, force: true });
  fs.mkdirSync(spec.outDir, { recursive: true });
  const previous = process.env.MEMSCOPE;
  if (spec.memscopeEnv === undefined) delete process.env.MEMSCOPE;
  else process.env.MEMSCOPE = spec.memscopeEnv;
  try {
    const program = ts.createProgram({ rootNames: parsed.fileNames, options: parsed.options });
    const emitted: string[] = [];
    const writeFile: TS.WriteFileCallback = (fileName, text) => {
      fs.mkdirSync(path.dirname(fileName), { recursive: true });
      fs.writeFileSync(fileName, text);
      emitted.push(path.relative(spec.outDir, fileName));
    };
    const result = program.emit(undefined, writeFile);
    const diagnostics = [...ts.getPreEmitDiagnostics(program), ...result.diagnostics];
    fs.writeFileSync(path.join(spec.outDir, "package.json"), JSON.stringify({ type: spec.packageType }));
    return { diagnostics: formatDiagnostics(ts, diagnostics), emitted: emitted.sort() };
  } finally {
    if (previous === undefined) delete process.env.MEMSCOPE;
    else process.env.MEMSCOPE = previous;
  }
}

/**
 * One instrumented ES module, `src/app.ts` under `dir` (emptied first), built with the
 * transformer: its diagnostics and the emitted `app.js`.
 */
export function buildInstrumentedModule(tsp: typeof TS, dir: string, source: string, transform: string): { diagnostics: string[]; output: string } {
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(path.join(dir, "src"), { recursive: true });
  fs.writeFileSync(path.join(dir, "src/app.ts"), source);
  fs.writeFileSync(path.join(dir, "tsconfig.json"), JSON.stringify({ compilerOptions: { strict: true, target: "ES2022", module: "ES2022", types: [] } }));
  const result = build(tsp, {
    configFile: path.join(dir, "tsconfig.json"),
    files: [path.join(dir, "src/app.ts")],
    outDir: path.join(dir, "out"),
    compilerOptions: { rootDir: dir },
    plugin: { transform },
    packageType: "module",
  });
  return { diagnostics: result.diagnostics, output: fs.readFileSync(path.join(dir, "out/src/app.js"), "utf8") };
}
