/** memscope-ts as a esbuild plugin (see unplugin.ts). */
import { memscopeUnplugin } from "./unplugin.js";

export type { MemscopePluginOptions } from "./unplugin.js";
const plugin: typeof memscopeUnplugin.esbuild = memscopeUnplugin.esbuild;
export default plugin;
