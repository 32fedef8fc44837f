/**
 * The category and subcategory vocabulary, with the colours the reports draw them in.
 * A category is decided from the static type (transformer) or, for `any`/`unknown`
 * bindings, from the value's kind at run time (runtime); the schema's `category` enum is
 * CATEGORIES. Subcategories are open-ended names (`Array`, `Map`, `Uint8Array`, `class`,
 * ...); each falls in one family, which gives its colour in the lifecycle timeline.
 */

export const CATEGORIES = ["collection", "string", "box", "dynamic"] as const;
/** Category of a tracked binding, decided from its static type. */
export type Category = (typeof CATEGORIES)[number];

export function isCategory(value: unknown): value is Category {
  return (CATEGORIES as readonly unknown[]).includes(value);
}

/** Base colour per category (treemap, legends, the largest-variables list). */
export const CATEGORY_COLORS: Readonly<Record<Category, string>> = {
  collection: "#1E88E5",
  string: "#00ACC1",
  box: "#E53935",
  dynamic: "#7E57C2",
};

/** The colour of a category the vocabulary does not know (a snapshot from another writer). */
export const UNKNOWN_CATEGORY_COLOR = "#607D8B";

export function categoryColor(category: string): string {
  return isCategory(category) ? CATEGORY_COLORS[category] : UNKNOWN_CATEGORY_COLOR;
}

/** Subcategory families and their gradients (lifecycle timeline bars); "other" takes what no family claims. */
export const SUBCATEGORY_FAMILIES = {
  string: { label: "string", from: "#00BCD4", to: "#00ACC1" },
  array: { label: "Array", from: "#2196F3", to: "#1976D2" },
  box: { label: "box (object)", from: "#F44336", to: "#D32F2F" },
  map: { label: "Map", from: "#4CAF50", to: "#388E3C" },
  set: { label: "Set", from: "#FF9800", to: "#F57C00" },
  typed: { label: "typed array / Buffer", from: "#9C27B0", to: "#7B1FA2" },
  other: { label: "other", from: "#607D8B", to: "#455A64" },
} as const;

export type SubcategoryFamily = keyof typeof SUBCATEGORY_FAMILIES;

/** Typed array constructors' names (static subcategories) and the runtime's kind name for any of them. */
export const TYPED_ARRAY_NAMES = [
  "Int8Array", "Uint8Array", "Uint8ClampedArray", "Int16Array", "Uint16Array", "Int32Array", "Uint32Array",
  "Float16Array", "Float32Array", "Float64Array", "BigInt64Array", "BigUint64Array",
] as const;
/** What the runtime names a typed array whose binding's static type said nothing (`any`). */
export const DYNAMIC_TYPED_ARRAY = "TypedArray";
export const BINARY_NAMES = ["ArrayBuffer", "SharedArrayBuffer", "Buffer", "DataView"] as const;

const FAMILY_OF: ReadonlyMap<string, SubcategoryFamily> = new Map<string, SubcategoryFamily>([
  ["string", "string"],
  ["String", "string"],
  ["Array", "array"],
  ["Tuple", "array"],
  ["Map", "map"],
  ["WeakMap", "map"],
  ["Set", "set"],
  ["WeakSet", "set"],
  ...[...TYPED_ARRAY_NAMES, DYNAMIC_TYPED_ARRAY, ...BINARY_NAMES].map((name): [string, SubcategoryFamily] => [name, "typed"]),
]);

/** The family a record is drawn in: by subcategory, then boxes by category, else "other". */
export function subcategoryFamily(category: string, subcategory: string): SubcategoryFamily {
  if (category === "string") return "string";
  return FAMILY_OF.get(subcategory) ?? (category === "box" ? "box" : "other");
}
