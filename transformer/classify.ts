/**
 * Static classification of a binding's type into the categories of format/protocol.ts.
 *
 * Rules (DESIGN.md §3):
 * - any / unknown / `object` / `{}` and unconstrained type parameters -> "dynamic"
 *   (the runtime decides from the value).
 * - string, string literals, template literals, string enums, `String` -> "string".
 * - arrays, tuples, ReadonlyArray, Map/Set (and Readonly*), WeakMap, WeakSet, typed
 *   arrays, ArrayBuffer, SharedArrayBuffer, Buffer, DataView, and classes or
 *   interfaces extending one of them -> "collection" with that subcategory.
 * - functions (anything with call or construct signatures), number, boolean, bigint,
 *   symbol, undefined, null, void, never -> not tracked.
 * - every other object type -> "box" (subcategory: the lib name such as Promise,
 *   WeakRef, Date, RegExp; "class" for user classes; "interface" for user interfaces;
 *   "object" for literals, records, mapped and anonymous types).
 * - unions are classified by their non-nullish members: all members alike -> that;
 *   all untracked -> untracked; anything mixed (`string | number`, `Map | Set`) ->
 *   "dynamic".
 * - intersections: a string brand (`string & {...}`) -> string; a number brand ->
 *   untracked; otherwise the first collection member, else box.
 * - type parameters, indexed access and conditional types use their base constraint
 *   when it is a string or a collection, else "dynamic".
 */
import type * as TS from "typescript";
import type { Category } from "../format/protocol.js";

export interface Classification {
  category: Category;
  subcategory: string;
}

const COLLECTION_NAMES: ReadonlyMap<string, string> = new Map(Object.entries({
  Array: "Array",
  ReadonlyArray: "Array",
  Map: "Map",
  ReadonlyMap: "Map",
  Set: "Set",
  ReadonlySet: "Set",
  WeakMap: "WeakMap",
  WeakSet: "WeakSet",
  Int8Array: "Int8Array",
  Uint8Array: "Uint8Array",
  Uint8ClampedArray: "Uint8ClampedArray",
  Int16Array: "Int16Array",
  Uint16Array: "Uint16Array",
  Int32Array: "Int32Array",
  Uint32Array: "Uint32Array",
  Float16Array: "Float16Array",
  Float32Array: "Float32Array",
  Float64Array: "Float64Array",
  BigInt64Array: "BigInt64Array",
  BigUint64Array: "BigUint64Array",
  ArrayBuffer: "ArrayBuffer",
  SharedArrayBuffer: "SharedArrayBuffer",
  DataView: "DataView",
  Buffer: "Buffer",
}));

const DYNAMIC: Classification = { category: "dynamic", subcategory: "unknown" };
const MAX_DEPTH = 8;

export class Classifier {
  constructor(
    private readonly ts: typeof TS,
    private readonly checker: TS.TypeChecker,
    private readonly program: TS.Program,
  ) {}

  /** undefined means "not tracked". */
  classify(type: TS.Type, depth = 0): Classification | undefined {
    const { ts } = this;
    const f = type.flags;
    if (depth > MAX_DEPTH) return DYNAMIC;
    if (f & (ts.TypeFlags.Any | ts.TypeFlags.Unknown)) return DYNAMIC;
    if (f & ts.TypeFlags.StringLike) return { category: "string", subcategory: "string" };
    if (
      f &
      (ts.TypeFlags.NumberLike |
        ts.TypeFlags.BigIntLike |
        ts.TypeFlags.BooleanLike |
        ts.TypeFlags.ESSymbolLike |
        ts.TypeFlags.Void |
        ts.TypeFlags.Undefined |
        ts.TypeFlags.Null |
        ts.TypeFlags.Never)
    ) {
      return undefined;
    }
    if (type.isUnion()) return this.classifyUnion(type, depth);
    if (type.isIntersection()) return this.classifyIntersection(type, depth);
    if (f & (ts.TypeFlags.TypeParameter | ts.TypeFlags.IndexedAccess | ts.TypeFlags.Conditional | ts.TypeFlags.Substitution)) {
      const constraint = this.checker.getBaseConstraintOfType(type);
      if (constraint && constraint !== type) {
        const c = this.classify(constraint, depth + 1);
        if (c && (c.category === "string" || c.category === "collection")) return c;
      }
      return DYNAMIC;
    }
    if (f & ts.TypeFlags.NonPrimitive) return DYNAMIC;
    if (f & ts.TypeFlags.Object) return this.classifyObject(type as TS.ObjectType);
    return DYNAMIC;
  }

  private classifyUnion(type: TS.UnionType, depth: number): Classification | undefined {
    const { ts } = this;
    const nullish = ts.TypeFlags.Undefined | ts.TypeFlags.Null | ts.TypeFlags.Void;
    const members = type.types.filter((t) => !(t.flags & nullish));
    if (members.length === 0) return undefined;
    const classes = members.map((t) => this.classify(t, depth + 1));
    const first = classes[0];
    const alike = classes.every(
      (c) => c === first || (c !== undefined && first !== undefined && c.category === first.category && c.subcategory === first.subcategory),
    );
    return alike ? first : DYNAMIC;
  }

  private classifyIntersection(type: TS.IntersectionType, depth: number): Classification | undefined {
    const { ts } = this;
    if (type.types.some((t) => t.flags & ts.TypeFlags.StringLike)) return { category: "string", subcategory: "string" };
    const untrackedPrimitive =
      ts.TypeFlags.NumberLike | ts.TypeFlags.BigIntLike | ts.TypeFlags.BooleanLike | ts.TypeFlags.ESSymbolLike;
    if (type.types.some((t) => t.flags & untrackedPrimitive)) return undefined;
    const classes = type.types.map((t) => this.classify(t, depth + 1));
    const collection = classes.find((c) => c?.category === "collection");
    if (collection) return collection;
    if (type.getCallSignatures().length > 0 || type.getConstructSignatures().length > 0) return undefined;
    const box = classes.find((c) => c?.category === "box");
    return box ?? DYNAMIC;
  }

  private classifyObject(type: TS.ObjectType): Classification | undefined {
    const { checker } = this;
    if (checker.isTupleType(type)) return { category: "collection", subcategory: "Tuple" };
    if (checker.isArrayType(type)) return { category: "collection", subcategory: "Array" };
    const known = this.knownCollection(type, 0);
    if (known) return known;
    if (type.getCallSignatures().length > 0 || type.getConstructSignatures().length > 0) return undefined;
    const symbol = type.getSymbol();
    const named = symbol !== undefined && symbol.flags & (this.ts.SymbolFlags.Class | this.ts.SymbolFlags.Interface);
    if (symbol && named && this.isLibSymbol(symbol)) {
      if (symbol.name === "String") return { category: "string", subcategory: "String" };
      if (symbol.name === "Object") return DYNAMIC;
      return { category: "box", subcategory: symbol.name };
    }
    if (symbol && symbol.flags & this.ts.SymbolFlags.Class) return { category: "box", subcategory: "class" };
    if (symbol && symbol.flags & this.ts.SymbolFlags.Interface) return { category: "box", subcategory: "interface" };
    if (type.getProperties().length === 0 && this.checker.getIndexInfosOfType(type).length === 0) return DYNAMIC;
    return { category: "box", subcategory: "object" };
  }

  /** A lib collection type, or a class/interface that extends one. */
  private knownCollection(type: TS.Type, depth: number): Classification | undefined {
    if (depth > MAX_DEPTH) return undefined;
    const symbol = type.getSymbol();
    if (!symbol) return undefined;
    const sub = COLLECTION_NAMES.get(symbol.name);
    if (sub !== undefined && this.isLibSymbol(symbol)) return { category: "collection", subcategory: sub };
    const ts = this.ts;
    const target = (type as TS.TypeReference).target ?? type;
    if (target.flags & ts.TypeFlags.Object && (target as TS.ObjectType).objectFlags & ts.ObjectFlags.ClassOrInterface) {
      for (const base of this.checker.getBaseTypes(target as TS.InterfaceType)) {
        if (this.checker.isArrayType(base) || this.checker.isTupleType(base)) return { category: "collection", subcategory: "Array" };
        const found = this.knownCollection(base, depth + 1);
        if (found) return found;
      }
    }
    return undefined;
  }

  private isLibSymbol(symbol: TS.Symbol): boolean {
    const decls = symbol.getDeclarations() ?? [];
    return decls.some((d) => {
      const file = d.getSourceFile();
      return this.program.isSourceFileDefaultLibrary(file) || /\/node_modules\/(?:@types\/node|typescript\/lib)\//.test(file.fileName);
    });
  }
}

const TYPE_TEXT_FLAGS = (ts: typeof TS) =>
  ts.TypeFormatFlags.NoTruncation |
  ts.TypeFormatFlags.UseAliasDefinedOutsideCurrentScope |
  ts.TypeFormatFlags.AllowUniqueESSymbolType;

/**
 * The type as the user wrote it: the annotation's own text when there is one (so
 * aliases and brands read as written: `UserId`, `Index`, `ReadonlyArray<string>`),
 * otherwise the checker's inferred type, untruncated, with a lone literal widened
 * (`const s = "a"` reads `string`).
 */
export function typeText(ts: typeof TS, checker: TS.TypeChecker, decl: TS.VariableDeclaration, type: TS.Type): string {
  if (decl.type) return decl.type.getText().replace(/\s+/g, " ").trim();
  let shown = type;
  if (!decl.type && type.flags & ts.TypeFlags.Literal) shown = checker.getBaseTypeOfLiteralType(type);
  return checker.typeToString(shown, decl, TYPE_TEXT_FLAGS(ts));
}
