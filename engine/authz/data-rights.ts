/**
 * Who may write which case variables. Every write has a declared source:
 *
 * - an element that declares what it writes — its form's fields, and `rebaz:outputs` — takes
 *   submissions (task completion, job completion, a message it catches) holding those names only;
 * - an element with output mappings stores only the mappings' targets, so a submission is the
 *   mappings' input and may hold anything (not so Camunda 7's output parameters, which add to what
 *   completes the activity: that element is held to the rules below);
 * - an element that declares nothing may write only names that no element of the process declares:
 *   a name some element declares (a clerk's decision, an examiner's result, a payment reference)
 *   or the model computes (a script's, a listener's, a caught error's code) belongs to those
 *   elements, and nobody else can overwrite it.
 *
 * Applicants write only through what a model declares for them: an element that declares nothing
 * takes no data from an applicant. Computed once per deployed version, which never changes.
 */
import type { GraphNode, ProcessGraph } from '../../definitions';
import type { CompiledProcess } from '../../definitions/compile/compile-definition';
import type { LoadedDefinition } from '../commands/definition-cache';
import { ValidationError, type FieldError } from '../commands/errors';
import { formFieldNames, type FormSchema } from '../forms';
import type { CallRights, WriteRight } from '../runtime/call-activity';
import type { Variables } from '../runtime/types';
import { isApplicantOnly, SYSTEM, type Actor } from './actor';

export type { WriteRight };

/** Every name some element of the process declares as its output, and what a submission to each element may hold. */
export interface DataRights extends CallRights {
  /** The names that hold who started the case (`camunda:initiator`): the engine's to write. */
  readonly initiators: ReadonlySet<string>;
}

const cache = new WeakMap<LoadedDefinition, DataRights>();

export function dataRights(definition: LoadedDefinition): DataRights {
  let rights = cache.get(definition);
  if (!rights) {
    rights = processRights(definition.compiled, definition.forms);
    cache.set(definition, rights);
  }
  return rights;
}

/**
 * The data rights of a compiled process whose linked forms are `forms` (by form key). Pure: the
 * simulator computes them from a process alone, with the forms the process generates itself.
 */
export function processRights(compiled: CompiledProcess, forms: Readonly<Record<string, FormSchema>>): DataRights {
  const nodes = Object.values(compiled.graph.nodes);
  const own = new Map<string, ReadonlySet<string>>();
  const declared = new Set<string>();
  const initiators = new Set<string>();
  for (const node of nodes) {
    const names = ownOutputs(node, forms);
    if (names) own.set(node.id, names);
    for (const name of names ?? []) declared.add(name);
    for (const mapping of node.outputs) declared.add(mapping.target);
    if (node.task?.resultVariable) declared.add(node.task.resultVariable);
    // Who started the case: the engine writes it, no submission does.
    if (node.task?.initiator) {
      declared.add(node.task.initiator);
      initiators.add(node.task.initiator);
    }
    if (node.loop?.kind === 'multiInstance' && node.loop.outputCollection) declared.add(node.loop.outputCollection);
    for (const name of modelWrites(node)) declared.add(name);
  }
  const graph = compiled.graph;
  for (const listener of [...(graph.listeners ?? []), ...Object.values(graph.flows).flatMap((f) => f.listeners ?? [])])
    declared.add(listener.variable);
  return {
    declared,
    initiators,
    rightOf: (elementId) => {
      const names = own.get(elementId);
      if (names) return { kind: 'declared', names };
      const node = graph.nodes[elementId];
      return node && storesOnlyMappings(node, graph) ? { kind: 'mapped' } : { kind: 'undeclared' };
    },
  };
}

/**
 * The names the model itself writes at an element, as a result of its own: what a script stores
 * (`execution.setVariable`), what an execution listener sets, and the code and message a catch
 * receives. No submission may overwrite them, as none may a declared output.
 */
function modelWrites(node: GraphNode): string[] {
  const event = node.event;
  return [
    ...(node.task?.scriptWrites ?? []),
    ...(node.listeners ?? []).map((listener) => listener.variable),
    ...(event?.kind === 'error' || event?.kind === 'escalation' ? [event.codeVariable] : []),
    ...(event?.kind === 'error' ? [event.messageVariable] : []),
  ].filter((name): name is string => !!name);
}

/**
 * Whether the runtime keeps only an element's mapping targets of what completes it. Camunda 7's
 * output parameters come on top of the completion's data (`outputsAdd`), and a plain start event
 * is entered by its mappings only when it is the process's one plain start.
 */
function storesOnlyMappings(node: GraphNode, graph: ProcessGraph): boolean {
  if (node.outputs.length === 0 || node.outputsAdd) return false;
  if (node.kind !== 'startEvent' || node.event) return true;
  return (graph.scopes[node.scope]?.starts ?? []).length === 1;
}

/**
 * The names an element declares it writes: its form's fields, rebaz:outputs and a decision's result variable; undefined
 * when it declares none.
 */
function ownOutputs(node: GraphNode, forms: Readonly<Record<string, FormSchema>>): ReadonlySet<string> | undefined {
  const formKey = node.task?.formKey;
  const form = formKey ? forms[formKey] : undefined;
  const listed = node.task?.declaredOutputs;
  // A business rule task's decision writes its result variable.
  const decided =
    node.task?.jobType?.startsWith('decision:') && node.task.resultVariable ? [node.task.resultVariable] : [];
  if (!form && !listed && decided.length === 0) return undefined;
  return new Set([...(form ? formFieldNames(form.components) : []), ...(listed ?? []), ...decided]);
}

/** Who submits, and to what: names the element in the error. */
export interface Submission {
  /** e.g. `The form "dl-correction" of task "CorrectApplication"`. */
  subject: string;
  elementId: string;
  data: Record<string, unknown>;
  actor: Actor;
  /**
   * The data does not pass through the element's output mappings (a BPMN error's variables, which
   * go to the catching event): mappings then grant nothing, and the element is held to the rules
   * of one that declares nothing.
   */
  unmapped?: boolean;
}

/** The names of a submission its element may not write (empty when all may be written). */
export function refusedNames(rights: DataRights, submission: Submission): FieldError[] {
  const right = rights.rightOf(submission.elementId);
  if (right.kind === 'mapped' && !submission.unmapped) return [];
  const keys = Object.keys(submission.data);
  if (right.kind === 'declared') {
    const refused = keys.filter((k) => !right.names.has(k));
    if (refused.length === 0) return [];
    const allowed = [...right.names].sort().join(', ') || 'nothing';
    return refused.map((path) => ({ path, message: `is not a field of it; it writes only ${allowed}` }));
  }
  if (isApplicantOnly(submission.actor) && keys.length > 0) {
    return keys.map((path) => ({
      path,
      message: 'may not be written by an applicant here: the model declares no form or rebaz:outputs for this element',
    }));
  }
  return keys
    .filter((k) => rights.declared.has(k))
    .map((path) => ({
      path,
      message: rights.initiators.has(path)
        ? 'holds who started the case, which the engine writes as it starts; no submission may'
        : 'belongs to another element of the process, which declares it; only that element may write it',
    }));
}

/** Refuses (changing nothing) a submission holding names its element may not write. */
export function assertMayWrite(rights: DataRights, submission: Submission): void {
  const refused = refusedNames(rights, submission);
  if (refused.length > 0) throw ValidationError.ofFields(submission.subject, refused);
}

/**
 * What of `data` its element may write, and the names it may not: the filter a model's own message
 * goes through as a catch takes it (it carries every variable the throwing case sees, and the catch
 * keeps what it may write). `actor` is whoever the data stands for; the engine itself by default.
 */
export function writablePart(
  rights: DataRights,
  elementId: string,
  data: Variables,
  actor: Actor = SYSTEM,
): { data: Variables; refused: string[] } {
  const refused = refusedNames(rights, { subject: '', elementId, data, actor }).map((error) => error.path);
  if (refused.length === 0) return { data, refused };
  const out = new Set(refused);
  return { data: Object.fromEntries(Object.entries(data).filter(([name]) => !out.has(name))), refused };
}
