/** What every rule sees: the parsed moddle tree, the normalised graph, and a reporter. */
import type { ParsedDefinition } from '../parse';
import type { ModdleElement } from '../model/extensions';
import type { GraphNode, ProcessGraph } from '../model/graph';
import type { DefinitionIssue, Severity } from './issue';

export interface RuleContext {
  parsed: ParsedDefinition;
  process: ModdleElement;
  graph: ProcessGraph;
  /** Every moddle flow element of the process, nested sub-processes included. */
  flowElements: ModdleElement[];
  /** form-js schemas by form key, when the caller has them (deploy, the builder). */
  forms: Readonly<Record<string, unknown>>;
  /** True when the caller gave the forms deployed with the model, so a form not among them is missing. */
  formsGiven: boolean;
  /** Timer cycles may not repeat more often than this (seconds); 0 when an administrator allowed shorter ones. */
  minTimerCycleSeconds: number;
  /** The host functions the engine provides, when the caller knows them (deploy): any other unknown call is an error. */
  hostFunctions: ReadonlySet<string> | undefined;
  report(
    code: string,
    severity: Severity,
    element: { id?: string; $type?: string; type?: string },
    message: string,
  ): void;
}

export interface Rule {
  /** Kebab-case, as the file name. */
  name: string;
  check(ctx: RuleContext): void;
}

/** A timer that fires more often than once a minute costs a case step each time, for every case waiting on it. */
export const MIN_TIMER_CYCLE_SECONDS = 60;

export function createRuleContext(
  parsed: ParsedDefinition,
  process: ModdleElement,
  graph: ProcessGraph,
  issues: DefinitionIssue[],
  options: {
    forms?: Readonly<Record<string, unknown>>;
    minTimerCycleSeconds?: number;
    hostFunctions?: readonly string[];
  } = {},
): RuleContext {
  return {
    parsed,
    process,
    graph,
    forms: options.forms ?? {},
    formsGiven: options.forms !== undefined,
    minTimerCycleSeconds: options.minTimerCycleSeconds ?? MIN_TIMER_CYCLE_SECONDS,
    hostFunctions: options.hostFunctions ? new Set(options.hostFunctions) : undefined,
    flowElements: collectFlowElements(process),
    report(code, severity, element, message) {
      const elementId = element.id ?? '';
      const issue: DefinitionIssue = {
        code,
        severity,
        elementId,
        elementType: element.$type ?? element.type ?? '',
        message,
      };
      const location = parsed.locations.get(elementId);
      if (location) Object.assign(issue, location);
      issues.push(issue);
    },
  };
}

function collectFlowElements(container: ModdleElement): ModdleElement[] {
  const out: ModdleElement[] = [];
  const stack: ModdleElement[] = [container];
  while (stack.length > 0) {
    const current = stack.pop();
    for (const el of current.flowElements ?? []) {
      out.push(el);
      if (el.flowElements) stack.push(el);
    }
  }
  return out;
}

export function nodesOf(graph: ProcessGraph): GraphNode[] {
  return Object.values(graph.nodes);
}
