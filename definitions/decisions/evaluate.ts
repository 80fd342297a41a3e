/**
 * The entry point: every decision of a model (or a decision service's outputs) evaluated for one
 * set of inputs. Required decisions are evaluated first and once; business knowledge models and
 * decision services become FEEL functions; imported models are reached by namespace.
 */
import { FeelFunction } from 'feelin';
import {
  DecisionError,
  IterationLimitError,
  withEvaluationTime,
  withIterationLimit,
  type Problems,
  type Scope,
} from './feel';
import { isFeelName } from '../expressions/host-functions';
import { evaluateExpression } from './expressions';
import { evaluateTable } from './table';
import {
  decisionsOf,
  servicesOf,
  type DecisionModel,
  type DecisionNode,
  type DecisionServiceNode,
  type DrgNode,
  type ElementRef,
  type InputDataNode,
  type KnowledgeModelNode,
  type Requirements,
} from './model';
import { conform, readInput, type TypeTable } from './types';
import type { ItemDefinition } from './model';

export interface DecisionResults {
  /** Each decision's value by name; null when it failed. */
  results: Record<string, unknown>;
  /** Why a decision failed, by name. */
  errors: Record<string, string>;
  /** For decisions whose logic is a decision table: the rules that gave the result, by name. */
  matched: Record<string, MatchedRule[]>;
}

export interface EvaluateOptions {
  /** Other models the model may import, found by namespace. */
  models?: readonly DecisionModel[];
  /** Evaluate this decision service (by name or id) instead of every decision. */
  decisionService?: string;
  /** Evaluate only these decisions (by id or name) and what they require, e.g. a business rule task's decision. */
  decisions?: readonly string[];
  /** The instant of the evaluation: what FEEL's `today()` and `now()` read (the wall clock when absent). */
  now?: Date;
}

interface Outcome {
  value: unknown;
  error?: string;
  matched?: MatchedRule[];
}

/** A rule of a decision's table that matched: 1-based position and id. */
export interface MatchedRule {
  index: number;
  id?: string;
}

const key = (model: DecisionModel, id: string) => `${model.namespace}#${id}`;

class Evaluation {
  private readonly outcomes = new Map<string, Outcome>();
  private readonly evaluating = new Set<string>();
  private readonly typeTables = new Map<DecisionModel, TypeTable>();
  /** Why an input that was given became null (it does not conform to its type), by id. */
  private readonly rejectedInputs = new Map<string, string>();

  constructor(
    private readonly main: DecisionModel,
    private readonly models: ReadonlyMap<string, DecisionModel>,
    private readonly inputs: Record<string, unknown>,
    /** Values given by id (`namespace#id`) instead of evaluated: a decision service's parameters. */
    private readonly given: ReadonlyMap<string, unknown> = new Map(),
    /** The given values whose names the model does not declare: every decision sees them (Camunda 8's context). */
    private readonly context: Scope = variablesOutside(main, models, inputs),
  ) {}

  types(model: DecisionModel): TypeTable {
    let table = this.typeTables.get(model);
    if (!table) {
      const entries = new Map<string, ItemDefinition>(model.itemDefinitions.map((d) => [d.name, d]));
      for (const imported of model.imports) {
        const other = this.models.get(imported.namespace);
        for (const d of other?.itemDefinitions ?? [])
          entries.set(imported.name ? `${imported.name}.${d.name}` : d.name, d);
      }
      table = entries;
      this.typeTables.set(model, table);
    }
    return table;
  }

  private resolve(model: DecisionModel, ref: ElementRef): { model: DecisionModel; node: DrgNode } | undefined {
    const target = ref.namespace && ref.namespace !== model.namespace ? this.models.get(ref.namespace) : model;
    const node = target?.nodes.find((n) => n.id === ref.id);
    return target && node ? { model: target, node } : undefined;
  }

  /** The name a required element has in `model`'s expressions: `import.name` when imported. */
  private place(scope: Scope, model: DecisionModel, target: DecisionModel, name: string, value: unknown): void {
    if (target === model) {
      scope[name] = value;
      return;
    }
    const prefix = model.imports.find((i) => i.namespace === target.namespace)?.name;
    if (!prefix) {
      scope[name] = value;
      return;
    }
    const group = (scope[prefix] ?? {}) as Record<string, unknown>;
    scope[prefix] = { ...group, [name]: value };
  }

  /**
   * The names a decision or knowledge model sees; why an input it needs is null goes into `problems`.
   * A decision also sees the given variables the model does not declare, under its requirements.
   */
  scopeFor(model: DecisionModel, requires: Requirements, problems: Problems, withContext = false): Scope {
    const scope: Scope = withContext ? { ...this.context } : {};
    for (const ref of [...requires.inputs, ...requires.decisions, ...requires.knowledge]) {
      const found = this.resolve(model, ref);
      if (!found)
        throw new DecisionError(
          `The required element "${ref.namespace ? `${ref.namespace}#` : ''}${ref.id}" is not in the ` +
            `model or its imports`,
          ref.id,
        );
      this.place(scope, model, found.model, found.node.name, this.valueOf(found.model, found.node));
      const rejected = this.rejectedInputs.get(key(found.model, found.node.id));
      if (rejected) problems.notes.push(rejected);
    }
    return scope;
  }

  valueOf(model: DecisionModel, node: DrgNode): unknown {
    switch (node.kind) {
      case 'input':
        return this.input(model, node);
      case 'decision':
        return this.decision(model, node).value;
      case 'bkm':
        return this.knowledgeModel(model, node);
      case 'service':
        return this.serviceFunction(model, node);
    }
  }

  private input(model: DecisionModel, node: InputDataNode): unknown {
    const id = key(model, node.id);
    if (this.given.has(id)) return this.given.get(id);
    let raw: unknown = this.inputs[node.name];
    if (model !== this.main) {
      const prefix = this.main.imports.find((i) => i.namespace === model.namespace)?.name;
      const group = prefix ? this.inputs[prefix] : undefined;
      if (group && typeof group === 'object' && node.name in group) raw = (group as Record<string, unknown>)[node.name];
    }
    const problems: Problems = { notes: [] };
    const result = conform(
      readInput(raw ?? null, node.typeRef, this.types(model)),
      node.typeRef,
      this.types(model),
      problems,
      true,
    );
    if (result.ok) return result.value;
    this.rejectedInputs.set(id, `Input "${node.name}" is null: ${result.reason}`);
    return null;
  }

  decision(model: DecisionModel, node: DecisionNode): Outcome {
    const id = key(model, node.id);
    if (this.given.has(id)) return { value: this.given.get(id) };
    const known = this.outcomes.get(id);
    if (known) return known;
    if (this.evaluating.has(id))
      return { value: null, error: `Decision "${node.name}" requires itself through its requirements` };
    this.evaluating.add(id);
    const outcome = withIterationLimit(() => this.evaluateDecision(model, node));
    this.evaluating.delete(id);
    this.outcomes.set(id, outcome);
    return outcome;
  }

  private evaluateDecision(model: DecisionModel, node: DecisionNode): Outcome {
    const problems: Problems = { notes: [] };
    try {
      if (!node.logic) throw new DecisionError(`Decision "${node.name}" has no decision logic`, node.id);
      const scope = this.scopeFor(model, node.requires, problems, true);
      const context = { scope, types: this.types(model), problems };
      let matched: MatchedRule[] | undefined;
      let raw: unknown;
      if (node.logic.kind === 'table') {
        const outcome = evaluateTable(node.logic, context);
        matched = outcome.matched;
        const typed = conform(outcome.value, node.logic.typeRef, context.types, problems);
        raw = typed.ok ? typed.value : null;
      } else {
        raw = evaluateExpression(node.logic, context);
      }
      const result = conform(raw, node.typeRef, this.types(model), problems);
      if (!result.ok)
        return { value: null, error: `Decision "${node.name}" is not a ${node.typeRef}: ${result.reason}` };
      if (result.value === null && problems.notes.length > 0) return { value: null, error: problems.notes[0], matched };
      return { value: result.value, matched };
    } catch (error) {
      if (error instanceof IterationLimitError)
        return { value: null, error: `Decision "${node.name}" ${error.message}` };
      return { value: null, error: (error as Error).message };
    }
  }

  private knowledgeModel(model: DecisionModel, node: KnowledgeModelNode): FeelFunction | null {
    if (!node.logic) return null;
    const scope = this.scopeFor(model, node.requires, { notes: [] });
    const fn = evaluateExpression(node.logic, { scope, types: this.types(model), problems: { notes: [] } });
    return fn instanceof FeelFunction ? fn : null;
  }

  /** A decision service as a function of its input data then its input decisions. */
  private serviceFunction(model: DecisionModel, node: DecisionServiceNode): FeelFunction {
    const parameters = [...node.inputData, ...node.inputDecisions].map((ref) => this.resolve(model, ref));
    const names = parameters.map((p, i) => p?.node.name ?? `parameter ${i + 1}`);
    return new FeelFunction((...args: unknown[]) => {
      const { results } = this.runService(model, node, Object.fromEntries(names.map((n, i) => [n, args[i] ?? null])));
      const outputs = Object.values(results);
      return outputs.length === 1 ? outputs[0] : results;
    }, names);
  }

  /** Evaluates a service's output decisions with the given input data and input decisions by name. */
  runService(model: DecisionModel, node: DecisionServiceNode, args: Record<string, unknown>): DecisionResults {
    const given = new Map<string, unknown>();
    for (const ref of [...node.inputData, ...node.inputDecisions]) {
      const found = this.resolve(model, ref);
      if (!found) continue;
      // A parameter that does not conform to its element's type is null, as DMN says.
      const typeRef = found.node.typeRef;
      const types = this.types(found.model);
      const read =
        found.node.kind === 'input'
          ? readInput(args[found.node.name] ?? null, typeRef, types)
          : (args[found.node.name] ?? null);
      const typed = conform(read, typeRef, types, { notes: [] }, found.node.kind === 'input');
      given.set(key(found.model, found.node.id), typed.ok ? typed.value : null);
    }
    const inner = new Evaluation(this.main, this.models, {}, given, this.context);
    const report: DecisionResults = { results: {}, errors: {}, matched: {} };
    for (const ref of node.outputDecisions) {
      const found = this.resolve(model, ref);
      if (!found || found.node.kind !== 'decision') {
        report.errors[ref.id] =
          `Decision service "${node.name}" names an output decision "${ref.id}" that is not in the model`;
        continue;
      }
      record(report, found.node.name, inner.decision(found.model, found.node));
    }
    return report;
  }
}

function record(report: DecisionResults, name: string, outcome: Outcome): void {
  report.results[name] = outcome.value;
  if (outcome.error) report.errors[name] = outcome.error;
  if (outcome.matched) report.matched[name] = outcome.matched;
}

/**
 * The given values whose names neither the model nor the models it imports (directly or through
 * others) declare: not an input data, decision, knowledge model, decision service or import name.
 * Camunda 8 evaluates a decision with the process variables as its context, so tables that read
 * `amount` or `customer.score` without any input data are common; a declared name keeps DMN's
 * meaning (an input data not given is null, a decision is what it evaluates to).
 */
function variablesOutside(
  main: DecisionModel,
  models: ReadonlyMap<string, DecisionModel>,
  inputs: Record<string, unknown>,
): Scope {
  const declared = new Set<string>();
  const seen = new Set<DecisionModel>();
  const visit = (model: DecisionModel) => {
    if (seen.has(model)) return;
    seen.add(model);
    for (const node of model.nodes) declared.add(node.name);
    for (const imported of model.imports) {
      if (imported.name) declared.add(imported.name);
      const other = models.get(imported.namespace);
      if (other) visit(other);
    }
  };
  visit(main);
  const context: Scope = {};
  for (const [name, value] of Object.entries(inputs))
    // A variable named as a FEEL built-in (`count`, `date`) would hide the function from the tables.
    if (!declared.has(name) && value !== undefined && name !== '__proto__' && !isFeelName(name)) context[name] = value;
  return context;
}

function modelsByNamespace(model: DecisionModel, others: readonly DecisionModel[]): Map<string, DecisionModel> {
  const map = new Map<string, DecisionModel>();
  for (const other of others) if (other.namespace) map.set(other.namespace, other);
  map.set(model.namespace, model);
  return map;
}

/**
 * Evaluates every decision of `model` (or one decision service) for one set of inputs keyed by
 * input-data name. Never throws for a model that parsed: a failing decision is null with a message.
 *
 * @example
 * const { results, errors } = evaluateDecisions(model, { Age: 17, Category: 'B' });
 */
export function evaluateDecisions(
  model: DecisionModel,
  inputs: Record<string, unknown>,
  options: EvaluateOptions = {},
): DecisionResults {
  return withEvaluationTime(options.now, () => evaluateAll(model, inputs, options));
}

function evaluateAll(model: DecisionModel, inputs: Record<string, unknown>, options: EvaluateOptions): DecisionResults {
  const evaluation = new Evaluation(model, modelsByNamespace(model, options.models ?? []), inputs);
  if (options.decisionService !== undefined) {
    const service = servicesOf(model).find(
      (s) => s.name === options.decisionService || s.id === options.decisionService,
    );
    if (!service)
      throw new DecisionError(
        `The model has no decision service "${options.decisionService}"; it has ${
          servicesOf(model)
            .map((s) => `"${s.name}"`)
            .join(', ') || 'none'
        }`,
      );
    return evaluation.runService(model, service, inputs);
  }
  const report: DecisionResults = { results: {}, errors: {}, matched: {} };
  const wanted = options.decisions;
  const decisions = wanted
    ? decisionsOf(model).filter((d) => wanted.includes(d.id) || wanted.includes(d.name))
    : decisionsOf(model);
  const missing = wanted?.filter((w) => !decisions.some((d) => d.id === w || d.name === w)) ?? [];
  if (missing.length > 0)
    throw new DecisionError(
      `The model has no decision ${missing.map((m) => `"${m}"`).join(', ')}; check the decision id or name`,
    );
  for (const decision of decisions) record(report, decision.name, evaluation.decision(model, decision));
  return report;
}

/** Calls one decision service with arguments by parameter name (for business rule tasks, tests). */
export function invokeDecisionService(
  model: DecisionModel,
  serviceName: string,
  args: Record<string, unknown>,
  options: Omit<EvaluateOptions, 'decisionService'> = {},
): DecisionResults {
  return evaluateDecisions(model, args, { ...options, decisionService: serviceName });
}
