/**
 * `memscope instrument`: an instrumented copy of a project's sources that any compiler
 * builds (TypeScript 7's tsgo, plain tsc, swc...). The copy mirrors the project folder:
 * each TypeScript file instrumented (with `<file>.map` beside it, mapping back to the
 * original), every other source file of the program copied as it is, and a
 * tsconfig.json that extends the project's own, so the build writes where the plain
 * build writes (outDir resolves against the original tsconfig).
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { SourceProject, TS_SOURCE } from "./project.js";

export interface CopyResult {
  files: number;
  instrumented: number;
  sites: number;
  warnings: string[];
  tsconfig: string;
}

function isInside(dir: string, file: string): boolean {
  const rel = path.relative(dir, file);
  return rel !== "" && !rel.startsWith("..") && !path.isAbsolute(rel);
}

function writeAtomically(file: string, text: string): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const temp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(temp, text);
  fs.renameSync(temp, file);
}

export function instrumentProject(configFile: string, outDir: string, env: NodeJS.ProcessEnv = process.env): CopyResult {
  const project = new SourceProject({ configFile, env });
  const projectDir = project.directory;
  const out = path.resolve(outDir);
  const program = project.program();
  const mirror = (file: string) => path.join(out, path.relative(projectDir, file));
  const files = program
    .getSourceFiles()
    .map((sf) => path.resolve(sf.fileName))
    .filter((f) => isInside(projectDir, f) && !/[\\/]node_modules[\\/]/.test(f) && !isInside(out, f) && f !== out);
  const result: CopyResult = { files: 0, instrumented: 0, sites: 0, warnings: [], tsconfig: path.join(out, "tsconfig.json") };
  const copied: string[] = [];
  for (const file of files) {
    const text = fs.readFileSync(file, "utf8");
    const target = mirror(file);
    const mapFile = `${target}.map`;
    if (TS_SOURCE.test(file) && project.selects(file)) {
      const emitted = project.instrument({
        fileName: file,
        code: text,
        commonJs: project.emitsCommonJs(file),
        mapSource: path.relative(path.dirname(target), file).split(path.sep).join("/"),
      });
      result.warnings.push(...emitted.warnings);
      writeAtomically(target, emitted.code);
      if (emitted.map) {
        writeAtomically(mapFile, JSON.stringify({ ...emitted.map, file: path.basename(target) }));
        result.instrumented++;
        result.sites += emitted.sites.length;
      } else fs.rmSync(mapFile, { force: true });
    } else writeAtomically(target, text);
    copied.push(path.relative(out, target).split(path.sep).join("/"));
    result.files++;
  }
  writeAtomically(result.tsconfig, `${JSON.stringify(copyTsconfig(project, configFile, out, copied), null, 2)}\n`);
  return result;
}

/** The copy's tsconfig: the project's, with the file list and the folders that name source locations mirrored. */
function copyTsconfig(project: SourceProject, configFile: string, out: string, files: string[]): Record<string, unknown> {
  const o = project.compilerOptions;
  const mirrored = (dir: string | undefined) => (dir === undefined ? undefined : path.relative(out, path.join(out, path.relative(project.directory, dir))).split(path.sep).join("/") || ".");
  const compilerOptions: Record<string, unknown> = {};
  if (o.rootDir !== undefined) compilerOptions.rootDir = mirrored(o.rootDir);
  if (o.baseUrl !== undefined) compilerOptions.baseUrl = mirrored(o.baseUrl);
  if (o.outDir === undefined) compilerOptions.outDir = ".";
  return {
    extends: path.relative(out, path.resolve(configFile)).split(path.sep).join("/"),
    compilerOptions,
    files,
    include: [],
  };
}
