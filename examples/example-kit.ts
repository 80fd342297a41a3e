/**
 * Test kit for the example services (the company registration test uses it too): loads a model,
 * its forms and its scenarios from the example's folder, and runs scenarios through the real
 * pipeline — parse, validate, compile (`buildDefinition`), then `runScenario` on a virtual clock,
 * exactly what `rebaz simulate` does; and loads the decision model beside it (`<name>.dmn`) to test
 * its tables rule by rule. It also checks what the engine does not: that scenario data
 * fits the forms, that personal fields are declared, and that the diagram is complete and readable.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildDefinition, type CompiledProcess, type DefinitionIssue, type ParsedDefinition } from '../definitions';
import {
  evaluateDecisions,
  parseDecisionModel,
  toJsonValue,
  validateDecisionModel,
  type DecisionIssue,
  type DecisionModel,
} from '../definitions/decisions';
import type { FieldError } from '../engine/commands/errors';
import { validateForm, type FormComponent, type FormSchema } from '../engine/forms';
import { runScenario, type ScenarioEvent, type ScenarioReport } from '../engine/runtime/scenario';

export interface Example {
  dir: string;
  bpmnFile: string;
  compiled: CompiledProcess;
  parsed: ParsedDefinition;
  issues: DefinitionIssue[];
  /** form-js schemas by form key, from `forms/<key>.form.json`. */
  forms: Record<string, FormSchema & { type?: string; schemaVersion?: number }>;
  /** Scenario names (file names without `.json`) in `scenarios/`. */
  scenarios: string[];
}

export async function loadExample(dir: string, name: string): Promise<Example> {
  const bpmnFile = join(dir, `${name}.bpmn`);
  const result = await buildDefinition(readFileSync(bpmnFile, 'utf8'));
  if (result.kind === 'invalid')
    throw new Error(
      `${bpmnFile} is invalid:\n${result.issues.map((i) => `${i.code} ${i.elementId}: ${i.message}`).join('\n')}`,
    );
  const forms: Example['forms'] = {};
  for (const file of readdirSync(join(dir, 'forms')).filter((f) => f.endsWith('.form.json'))) {
    forms[file.replace(/\.form\.json$/, '')] = JSON.parse(readFileSync(join(dir, 'forms', file), 'utf8'));
  }
  const scenarios = readdirSync(join(dir, 'scenarios'))
    .filter((f) => f.endsWith('.json'))
    .map((f) => f.replace(/\.json$/, ''))
    .sort();
  return { dir, bpmnFile, compiled: result.compiled, parsed: result.parsed, issues: result.issues, forms, scenarios };
}

/** An example's decision model (`<name>.dmn` beside the BPMN), with what validation finds in it. */
export async function loadDecisions(
  dir: string,
  name: string,
): Promise<{ model: DecisionModel; issues: DecisionIssue[] }> {
  const model = await parseDecisionModel(readFileSync(join(dir, `${name}.dmn`), 'utf8'));
  return { model, issues: validateDecisionModel(model).issues };
}

/**
 * One decision of the model (and what it requires) for one set of input data, as the engine
 * evaluates a business rule task: its value as JSON, the rules that matched, and its error if any.
 */
export function decide(
  model: DecisionModel,
  decisionId: string,
  inputs: Record<string, unknown>,
): { value: unknown; matched: string[]; error?: string } {
  const decision = model.nodes.find((n) => n.id === decisionId);
  if (!decision) throw new Error(`The model has no decision "${decisionId}"`);
  const outcome = evaluateDecisions(model, inputs, { decisions: [decisionId] });
  const error = outcome.errors[decision.name];
  return {
    value: toJsonValue(outcome.results[decision.name] ?? null),
    matched: (outcome.matched[decision.name] ?? []).map((rule) => rule.id ?? `rule ${rule.index}`),
    ...(error !== undefined ? { error } : {}),
  };
}

export function scenarioFile(example: Example, name: string): string {
  return join(example.dir, 'scenarios', `${name}.json`);
}

export function readScenario(example: Example, name: string): ScenarioEvent[] {
  return JSON.parse(readFileSync(scenarioFile(example, name), 'utf8'));
}

/** Runs events, or only the first `upTo` of them, to look at a case half-way. */
export function run(example: Example, events: ScenarioEvent[], upTo = events.length): ScenarioReport {
  return runScenario(example.compiled, events.slice(0, upTo));
}

/** The index just after the first event matching `match`, for `run(…, upTo)`. */
export function after(events: ScenarioEvent[], match: (e: ScenarioEvent) => boolean): number {
  const i = events.findIndex(match);
  if (i < 0) throw new Error('No such event in the scenario');
  return i + 1;
}

/** Problems of submitted data against a form, as the engine reports them (a dynamic list item by item). */
export function formErrors(schema: FormSchema, data: Record<string, unknown>): FieldError[] {
  return validateForm(schema, data);
}

/** Every piece of data a scenario submits (start variables, task completions), checked against its form. */
export function scenarioFormErrors(example: Example, events: ScenarioEvent[]): string[] {
  const start = example.compiled.catalogue.startEvents.find((s) => s.kind === 'none');
  const formOf = (task: string) => example.compiled.catalogue.userTasks.find((t) => t.elementId === task)?.formKey;
  const problems: string[] = [];
  const check = (where: string, key: string | undefined, data: Record<string, unknown>) => {
    if (!key) return;
    const form = example.forms[key];
    if (!form) problems.push(`${where}: no form "${key}"`);
    else for (const e of formErrors(form, data)) problems.push(`${where} (${key}): ${e.path} ${e.message}`);
  };
  const variables = Object.assign({}, ...events.filter((e) => e.type === 'variables').map((e) => e.data));
  check('start', start?.formKey, variables);
  for (const e of events) if (e.type === 'complete') check(e.task, formOf(e.task), e.data ?? {});
  return problems;
}

/** Keys of form fields marked `"properties": {"personal": "true"}` (a dynamic list by its path). */
export function personalFields(components: FormComponent[]): string[] {
  return components.flatMap((c) => {
    const marked = (c as { properties?: Record<string, string> }).properties?.personal === 'true';
    const own = marked ? [c.key ?? c.path].filter((k): k is string => !!k) : [];
    return c.components && c.type !== 'dynamiclist' ? [...own, ...personalFields(c.components)] : own;
  });
}

/** Keys a form's fields write (not display-only text), at the top level. */
export function fieldKeys(components: FormComponent[]): string[] {
  return components.flatMap((c) =>
    c.type === 'dynamiclist' ? [c.path as string] : c.components ? fieldKeys(c.components) : c.key ? [c.key] : [],
  );
}

// ---- Diagram ------------------------------------------------------------------------------------

/* eslint-disable @typescript-eslint/no-explicit-any */
type Moddle = any;
interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

const overlaps = (a: Box, b: Box) =>
  a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
const shrink = (b: Box, by: number): Box => ({
  x: b.x + by,
  y: b.y + by,
  width: b.width - 2 * by,
  height: b.height - 2 * by,
});
const onOrIn = (p: { x: number; y: number }, b: Box) =>
  p.x >= b.x - 1 && p.x <= b.x + b.width + 1 && p.y >= b.y - 1 && p.y <= b.y + b.height + 1;

function flowElements(container: Moddle): Moddle[] {
  return (container.flowElements ?? []).flatMap((el: Moddle) => [
    el,
    ...(el.$type === 'bpmn:SubProcess' ? flowElements(el) : []),
  ]);
}

function ancestors(el: Moddle): Set<string> {
  const ids = new Set<string>();
  for (let p = el.$parent; p; p = p.$parent) if (p.id) ids.add(p.id);
  return ids;
}

/**
 * What keeps the diagram from opening cleanly in bpmn-js: flow elements without a shape or edge,
 * shapes or labels on top of each other, edges that do not start and end at their elements, and
 * edges that cut through other shapes. An empty list means the diagram is complete and readable.
 */
export function diagramProblems(parsed: ParsedDefinition): string[] {
  const process = parsed.definitions.rootElements.find((r: Moddle) => r.$type === 'bpmn:Process');
  const elements = flowElements(process);
  const plane = parsed.definitions.diagrams?.[0]?.plane;
  const di = new Map<string, Moddle>((plane?.planeElement ?? []).map((d: Moddle) => [d.bpmnElement?.id, d]));
  const problems: string[] = [];
  for (const el of elements)
    if (!di.has(el.id)) problems.push(`${el.id} has no ${el.$type === 'bpmn:SequenceFlow' ? 'edge' : 'shape'}`);
  const nodes = elements.filter((el) => el.$type !== 'bpmn:SequenceFlow' && di.get(el.id)?.bounds);
  const related = (a: Moddle, b: Moddle) =>
    ancestors(a).has(b.id) || ancestors(b).has(a.id) || a.attachedToRef?.id === b.id || b.attachedToRef?.id === a.id;
  // Shapes, and the labels of events and gateways, must not overlap.
  const boxes = nodes.flatMap((el) => {
    const shape = di.get(el.id);
    return [
      { el, what: el.id, box: shape.bounds as Box },
      ...(shape.label?.bounds ? [{ el, what: `label of ${el.id}`, box: shape.label.bounds as Box }] : []),
    ];
  });
  for (const [i, a] of boxes.entries()) {
    for (const b of boxes.slice(i + 1)) {
      if (a.el === b.el || related(a.el, b.el)) continue;
      if (overlaps(a.box, b.box)) problems.push(`${a.what} overlaps ${b.what}`);
    }
  }
  for (const flow of elements.filter((el) => el.$type === 'bpmn:SequenceFlow')) {
    const points: { x: number; y: number }[] = di.get(flow.id)?.waypoint ?? [];
    const source = di.get(flow.sourceRef.id)?.bounds;
    const target = di.get(flow.targetRef.id)?.bounds;
    if (points.length < 2 || !source || !target) continue;
    if (!onOrIn(points[0], source)) problems.push(`${flow.id} does not start at ${flow.sourceRef.id}`);
    if (!onOrIn(points[points.length - 1], target)) problems.push(`${flow.id} does not end at ${flow.targetRef.id}`);
    for (const node of nodes) {
      if (node === flow.sourceRef || node === flow.targetRef || ancestors(flow).has(node.id)) continue;
      if (node.attachedToRef && (node.attachedToRef === flow.sourceRef || node.attachedToRef === flow.targetRef))
        continue;
      if (flow.sourceRef.attachedToRef === node) continue;
      const box = shrink(di.get(node.id).bounds, 1);
      for (let i = 1; i < points.length; i++) {
        const [p, q] = [points[i - 1], points[i]];
        const segment = {
          x: Math.min(p.x, q.x),
          y: Math.min(p.y, q.y),
          width: Math.abs(p.x - q.x) || 0.01,
          height: Math.abs(p.y - q.y) || 0.01,
        };
        if (overlaps(segment, box)) problems.push(`${flow.id} crosses ${node.id}`);
      }
    }
  }
  return problems;
}
