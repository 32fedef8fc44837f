// @helper
// @tracked labels collection/Array string[]
// @tracked counter box/object { value: number; }
export const labels: string[] = ["l1", "l2"];
export const counter = { value: 1 };
export function bump(): void { counter.value++; labels.push("l" + (labels.length + 1)); }
