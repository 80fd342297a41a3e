/**
 * Validate: every rule runs over the chosen process and all issues come back, errors and
 * warnings, each located. `assertValidDefinition` throws instead, for callers that need a machine.
 */
import { buildGraph } from '../model/build-graph';
import type { ModdleElement } from '../model/extensions';
import type { ProcessGraph } from '../model/graph';
import type { ParsedDefinition } from '../parse';
import { processesOf, processesToDeploy, selectProcess } from '../parse/processes';
import { describeElement, isError, type DefinitionIssue } from './issue';
import { camundaPrefixOf, withCamundaPrefix } from './namespaces';
import { readerWarningIssues } from './reader-warnings';
import { createRuleContext, type Rule } from './rule-context';
import { allRules } from './rules';

/** The rules a called process of the same file is held to: every one (its own calls are not followed). */
const calledRules: Rule[] = allRules;

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
  const result = validateProcess(parsed, options);
  // Operaton's attributes are read as Camunda 7's (parse/create-moddle.ts): name them as the file writes them.
  const prefix = camundaPrefixOf(parsed.xml);
  if (prefix === undefined) return result;
  return { ...result, issues: result.issues.map((i) => ({ ...i, message: withCamundaPrefix(i.message, prefix) })) };
}

function validateProcess(parsed: ParsedDefinition, options: ValidateOptions): ValidationResult {
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
  if (!options.rules) issues.push(...calledProcessIssues(parsed, graph, options));
  return { processId: process.id, graph, issues: issues.slice(0, MAX_ISSUES) };
}

export interface FileValidation {
  /** The processes a deploy would take, each with its graph when it is valid. */
  processes: { processId: string; graph?: ProcessGraph }[];
  /** Every process's issues, each issue once (the reader's warnings belong to the file). */
  issues: DefinitionIssue[];
}

/**
 * Validates what a deploy takes from the file: the process `options.processId` names, else every
 * one {@link processesToDeploy} gives, so an invalid pool of a collaboration is reported as the
 * deploy would refuse it.
 */
export function validateFile(parsed: ParsedDefinition, options: ValidateOptions = {}): FileValidation {
  const ids = options.processId ? [options.processId] : processesToDeploy(parsed).map((p) => p.id as string);
  if (ids.length === 0) return { processes: [], issues: validateDefinition(parsed, options).issues };
  const seen = new Set<string>();
  const issues: DefinitionIssue[] = [];
  const processes = ids.map((processId) => {
    const result = validateDefinition(parsed, { ...options, processId });
    for (const issue of result.issues) {
      const key = JSON.stringify(issue);
      if (seen.has(key)) continue;
      seen.add(key);
      issues.push(issue);
    }
    return { processId, ...(result.issues.some(isError) ? {} : { graph: result.graph }) };
  });
  return { processes, issues: issues.slice(0, MAX_ISSUES) };
}

/**
 * A call activity that calls another process of the same file, which is invalid: a warning at the
 * call activity (the called process is deployed and checked on its own; the simulator, which takes
 * it from the file, refuses to run it).
 */
function calledProcessIssues(
  parsed: ParsedDefinition,
  graph: ProcessGraph,
  options: ValidateOptions,
): DefinitionIssue[] {
  const inFile = new Set(processesOf(parsed).map((p) => p.id as string));
  const found: DefinitionIssue[] = [];
  const checked = new Map<string, DefinitionIssue | undefined>();
  for (const node of Object.values(graph.nodes)) {
    const called = node.kind === 'callActivity' ? node.task?.calledElement : undefined;
    if (!called || called === graph.id || !inFile.has(called)) continue;
    if (!checked.has(called)) {
      const { issues } = validateDefinition(parsed, { ...options, processId: called, rules: calledRules });
      checked.set(called, issues.find(isError));
    }
    const error = checked.get(called);
    if (!error) continue;
    const el = parsed.elementsById[node.id];
    found.push({
      code: 'CALLED_PROCESS_INVALID',
      severity: 'warning',
      elementId: node.id,
      elementType: el?.$type ?? '',
      message:
        `${describeElement(el)} calls the process "${called}" of this file, which is invalid: ${error.message.replace(/\.$/, '')}. ` +
        `Run \`rebaz validate --process ${called}\` for all its issues, and deploy it valid`,
      ...parsed.locations.get(node.id),
    });
  }
  return found;
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
