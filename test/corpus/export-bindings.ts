// export const / export let keep working and stay live bindings.
// @tracked registry collection/Map Map<string, number>
// @tracked current string/string string
// @tracked items collection/Array number[]
import { bump, counter, labels } from "./lib-exports.js";
export const registry = new Map<string, number>();
export let current = "start";
export function setCurrent(value: string): void { current = value; }
setCurrent("next");
registry.set(current, 1);
const items = [counter.value];
bump();
console.log(current, registry.get("next"), items[0], counter.value, labels.join(","));
