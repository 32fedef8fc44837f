export { track } from "./runtime/index.js";
