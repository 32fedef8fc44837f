/** The embedded model, read once and resolved into objects the views use (strings looked up, search text lowered). */
import type { HtmlModel, ScopeModel, SiteModel, TreeNode } from "../model.js";

export interface Site extends Omit<SiteModel, "name" | "type" | "category" | "subcategory" | "file"> {
  index: number;
  name: string;
  type: string;
  category: string;
  subcategory: string;
  file: string;
  where: string;
  /** "outlived", "growth", "outlived + growth" or "". */
  leakState: string;
  search: string;
}

export interface Scope extends Omit<ScopeModel, "label" | "file"> {
  index: number;
  label: string;
  file: string;
  where: string;
  sites: number[];
  children: number[];
  search: string;
}

export interface Report {
  model: HtmlModel;
  str: (id: number) => string;
  sites: Site[];
  scopes: Scope[];
  tree: TreeNode;
  /** Sorted by live bytes, the files' names for the filter. */
  files: string[];
  categories: string[];
}

export function readReport(): Report {
  const element = document.getElementById("memscope-data");
  const model = JSON.parse(element?.textContent ?? "null") as HtmlModel;
  if (!model || typeof model !== "object" || !Array.isArray(model.sites)) throw new Error("the report's data is missing");
  const str = (id: number): string => model.strings[id] ?? "";
  const sites: Site[] = model.sites.map((site, index) => {
    const name = str(site.name);
    const type = str(site.type);
    const file = str(site.file);
    const kinds = new Set(site.leaks.map((at) => model.leaks[at]?.kind));
    const leakState = [kinds.has("outlived_scope") ? "outlived scope" : "", kinds.has("unbounded_growth") ? "growth" : ""].filter(Boolean).join(" + ");
    return {
      ...site,
      index,
      name,
      type,
      category: str(site.category),
      subcategory: str(site.subcategory),
      file,
      where: `${file}:${site.line}`,
      leakState,
      search: `${name}\u0000${type}\u0000${file}:${site.line}`.toLowerCase(),
    };
  });
  const scopes: Scope[] = model.scopes.map((scope, index) => {
    const label = str(scope.label);
    const file = str(scope.file);
    return { ...scope, index, label, file, where: file ? `${file}:${scope.line}` : "", sites: [], children: [], search: `${label}\u0000${file}:${scope.line}`.toLowerCase() };
  });
  for (const site of sites) if (site.scope >= 0) scopes[site.scope]?.sites.push(site.index);
  for (const scope of scopes) if (scope.parent >= 0) scopes[scope.parent]?.children.push(scope.index);
  const fileBytes = new Map<string, number>();
  for (const site of sites) fileBytes.set(site.file, (fileBytes.get(site.file) ?? 0) + site.bytes);
  const files = [...fileBytes.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).map(([file]) => file);
  const categories = [...new Set(sites.map((site) => site.category))].sort();
  return { model, str, sites, scopes, tree: model.tree, files, categories };
}

/** Instance i of the embedded sample. */
export interface Instance {
  id: number;
  created: number;
  scopeExit: number | null;
  collected: number | null;
  bytes: number;
  alive: boolean;
  shared: boolean;
  scopeInstance: number;
  relations: Array<[string, 0 | 1, number, number]>;
}

export function instancesOf(report: Report, site: Site): Instance[] {
  const c = report.model.instances;
  const out: Instance[] = [];
  for (let i = site.instanceStart; i < site.instanceStart + site.instanceCount; i++) {
    const flags = c.flags[i] ?? 0;
    const relations = c.relations[i];
    out.push({
      id: c.id[i] ?? 0,
      created: c.created[i] ?? 0,
      scopeExit: c.scopeExit[i] ?? null,
      collected: c.collected[i] ?? null,
      bytes: c.bytes[i] ?? 0,
      alive: (flags & 1) === 1,
      shared: (flags & 2) === 2,
      scopeInstance: c.scopeInstance[i] ?? 0,
      relations: relations === 0 || relations === undefined ? [] : relations,
    });
  }
  return out;
}

/** When an instance stopped holding memory (the index's aliveness: collected, or a string's scope exit); null when alive. */
export function endOf(instance: Instance): number | null {
  return instance.alive ? null : (instance.collected ?? instance.scopeExit);
}
