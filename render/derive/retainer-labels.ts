/**
 * A retainer path (precise mode, `retainers` in the raw snapshot) as steps a reader can
 * follow: from the outermost holder worth naming down to the leaking object, e.g.
 *   `searchMemo` Map (src/cache.ts:12) → entry value → User → .avatar
 *
 * The path V8 gives starts at its GC roots and passes through plumbing no program
 * names (handle scopes, contexts, backing stores); the readable path starts at the
 * first tracked declaration on it, else at the first variable (a closure's or a
 * module's), else at the last synthetic root, and keeps only steps with a name:
 * properties, elements, variables, Map/Set entries, and the objects between them.
 */
import type { RetainerPath, RetainerStep } from "../../format/snapshot.js";

/** How a tracked record on a path is named: "`searchMemo` Map (src/cache.ts:12)". */
export interface RecordLabel {
  variable_name: string;
  type_name: string;
  file: string;
  line: number;
}

/** Type text kept in a path's declaration label. */
const TYPE_CHARS = 40;

export function declarationLabel(record: RecordLabel): string {
  const type = record.type_name.length > TYPE_CHARS ? `${record.type_name.slice(0, TYPE_CHARS - 1)}…` : record.type_name;
  return `\`${record.variable_name}\` ${type} (${record.file}:${record.line})`;
}

function edgeLabel(step: RetainerStep): string | null {
  switch (step.edge_type) {
    case "property":
      return /^[A-Za-z_$][\w$]*$/.test(step.edge) ? `.${step.edge}` : `[${JSON.stringify(step.edge)}]`;
    case "element":
      return `[${step.edge}]`;
    case "context":
      return `variable \`${step.edge}\``;
    case "internal":
      return step.edge.startsWith("entry") ? step.edge : null;
    default:
      return null;
  }
}

/** V8's names for nodes no program declares. */
const PLUMBING = /^(system \/ |\(|$)/;

function nodeLabel(step: RetainerStep, recordLabel: (id: number) => RecordLabel | null): string | null {
  if (step.record_id !== null) {
    const record = recordLabel(step.record_id);
    if (record) return declarationLabel(record);
  }
  if (step.node_type === "closure") return step.node === "" ? "anonymous function" : `function ${step.node}`;
  if (step.node_type === "object" && !PLUMBING.test(step.node)) return step.node;
  return null;
}

export function readableRetainerPath(path: RetainerPath, recordLabel: (id: number) => RecordLabel | null): string[] {
  const steps = path.steps;
  const last = steps.length - 1;
  if (last < 0) return [];
  const isTracked = (i: number): boolean => steps[i]!.record_id !== null && recordLabel(steps[i]!.record_id!) !== null;
  let start = -1;
  for (let i = 0; i < last && start < 0; i++) if (isTracked(i)) start = i;
  for (let i = 0; i <= last && start < 0; i++) if (steps[i]!.edge_type === "context") start = i;
  if (start < 0) {
    for (let i = 0; i <= last; i++) if (steps[i]!.node_type === "synthetic") start = i;
  }
  if (start < 0) start = 0;

  const labels: string[] = [];
  // Steps 0..3 are kept from the root, then `omitted_steps` are left out.
  const omittedAfter = path.omitted_steps > 0 ? 3 : -1;
  for (let i = start; i <= last; i++) {
    const step = steps[i]!;
    const node = i < last ? nodeLabel(step, recordLabel) : null;
    if (i === start && step.node_type === "synthetic") labels.push(step.node);
    else if (i === start && node !== null && isTracked(i)) labels.push(node);
    else {
      const edge = edgeLabel(step);
      // A variable holding a tracked declaration is that declaration.
      if (edge !== null && !(step.edge_type === "context" && step.record_id !== null && node !== null)) labels.push(edge);
      else if (edge === null && i === last && labels.length === 0) labels.push(step.edge);
      if (node !== null) labels.push(node);
    }
    if (i === omittedAfter) labels.push(`… ${path.omitted_steps} more steps …`);
  }
  return labels;
}

/** "held through `searchMemo` Map (src/cache.ts:12) → entry value → User → .avatar" */
export function retainerSentence(labels: readonly string[]): string {
  return `held through ${labels.join(" → ")}`;
}
