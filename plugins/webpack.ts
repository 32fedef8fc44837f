/** memscope-ts as a webpack plugin (see unplugin.ts). */
import { memscopeUnplugin } from "./unplugin.js";

export type { MemscopePluginOptions } from "./unplugin.js";
const plugin: typeof memscopeUnplugin.webpack = memscopeUnplugin.webpack;
export default plugin;
