/**
 * Validate: every rule runs over the chosen process and all issues come back, errors and
 * warnings, each located. `assertValidDefinition` throws instead, for callers that need a machine.
 */
import { buildGraph } from '../model/build-graph';
import type { ModdleElement } from '../model/extensions';
import type { ProcessGraph } from '../model/graph';
import type { ParsedDefinition } from '../parse';
import { selectProcess } from '../parse/processes';
import { isError, type DefinitionIssue } from './issue';
import { readerWarningIssues } from './reader-warnings';
import { createRuleContext, type Rule } from './rule-context';
import { allRules } from './rules';

/** Above this many issues the list stops growing: a broken file should not flood the user. */
export const MAX_ISSUES = 200;

export interface ValidationResult {
  processId?: string;
  graph?: ProcessGraph;
  issues: DefinitionIssue[];
}

export interface ValidateOptions {
  processId?: string;
  rules?: Rule[];
  forms?: Readonly<Record<string, unknown>>;
  /** The shortest timer cycle accepted, in seconds (60 when absent; 0 accepts any). */
  minTimerCycleSeconds?: number;
  /**
   * The names of the host functions the engine provides (expressions/host-functions.ts), when known:
   * a call of a function neither FEEL nor the engine has is then an error, not a warning.
   */
  hostFunctions?: readonly string[];
}

export function validateDefinition(parsed: ParsedDefinition, options: ValidateOptions = {}): ValidationResult {
  const issues: DefinitionIssue[] = readerWarningIssues(parsed);
  const process: ModdleElement | undefined = selectProcess(parsed, options.processId);
  if (!process) {
    const message = options.processId
      ? `The file has no process "${options.processId}"; pick one of its process ids`
      : 'The file has no process to run: add a bpmn:process with a start event';
    issues.push({
      code: 'NO_PROCESS',
      severity: 'error',
      elementId: options.processId ?? '',
      elementType: 'bpmn:Process',
      message,
    });
    return { issues };
  }
  const graph = buildGraph(process);
  const ctx = createRuleContext(parsed, process, graph, issues, options);
  for (const rule of options.rules ?? allRules) {
    rule.check(ctx);
    if (issues.length >= MAX_ISSUES) break;
  }
  return { processId: process.id, graph, issues: issues.slice(0, MAX_ISSUES) };
}

export class InvalidDefinitionError extends Error {
  constructor(readonly issues: DefinitionIssue[]) {
    super(
      `The definition is invalid:\n${issues
        .filter(isError)
        .map((i) => `- ${i.elementId ? `${i.elementId}: ` : ''}${i.message}`)
        .join('\n')}`,
    );
    this.name = 'InvalidDefinitionError';
  }
}

export function assertValidDefinition(
  parsed: ParsedDefinition,
  options: { processId?: string } = {},
): ValidationResult & { graph: ProcessGraph } {
  const result = validateDefinition(parsed, options);
  if (result.issues.some(isError) || !result.graph) throw new InvalidDefinitionError(result.issues);
  return result as ValidationResult & { graph: ProcessGraph };
}
