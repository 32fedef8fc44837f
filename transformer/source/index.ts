/**
 * The source emitter's public entry, for the entry points built on it (the load hook,
 * the bundler plugins, `memscope instrument`).
 */
export { inlineSourceMapComment, type EmitResult, type SourceMapV3 } from "./emit.js";
export { contentHash, findTsconfig, ProjectCache, SourceProject, TS_SOURCE, type InstrumentRequest, type ProjectSpec } from "./project.js";
export { instrumentProject, type CopyResult } from "./copy.js";
export { libraryTypeScriptVersion } from "./typescript.js";
