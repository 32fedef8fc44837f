/** memscope-ts as a vite plugin (see unplugin.ts). */
import { memscopeUnplugin } from "./unplugin.js";

export type { MemscopePluginOptions } from "./unplugin.js";
const plugin: typeof memscopeUnplugin.vite = memscopeUnplugin.vite;
export default plugin;
