/** The output modes the corpus is built in: ESM and CommonJS, targets ES2017 to ESNext. */

export interface CorpusConfig {
  name: string;
  compilerOptions: Record<string, unknown>;
  packageType: "module" | "commonjs";
  /** which corpus files this mode builds */
  accepts: (file: string, esmOnly: boolean) => boolean;
}

export const CORPUS_CONFIGS: readonly CorpusConfig[] = [
  {
    name: "esm-es2022-nodenext",
    compilerOptions: { target: "ES2022", module: "NodeNext", moduleResolution: "NodeNext" },
    packageType: "module",
    accepts: () => true,
  },
  {
    name: "cjs-es2017-helpers",
    compilerOptions: {
      target: "ES2017",
      module: "CommonJS",
      moduleResolution: "Node10",
      importHelpers: true,
      esModuleInterop: true,
      downlevelIteration: true,
      useDefineForClassFields: false,
    },
    packageType: "commonjs",
    accepts: (file, esmOnly) => !esmOnly && !file.endsWith(".mts"),
  },
  {
    name: "esm-esnext-bundler",
    compilerOptions: { target: "ESNext", module: "ESNext", moduleResolution: "Bundler" },
    packageType: "module",
    accepts: (file) => file.endsWith(".ts") && !file.endsWith(".cts") && !file.endsWith(".mts"),
  },
];
