/** memscope-ts as a rollup plugin (see unplugin.ts). */
import { memscopeUnplugin } from "./unplugin.js";

export type { MemscopePluginOptions } from "./unplugin.js";
const plugin: typeof memscopeUnplugin.rollup = memscopeUnplugin.rollup;
export default plugin;
