// @helper
// @tracked fromB string/string string
import { describe } from "./circular-a.js";
export const fromB = describe() + " early";
